import { type FormEvent, useEffect, useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";

/** Private targets and the public status page (admins change them). */
export function HealthSettingsPage() {
  const { role } = useSession();
  const isAdmin = can(role, "health:admin");
  const settings = useOperation("health.settings.get", {});
  const checks = useOperation("health.checks.list", {});
  const update = useOperationMutation("health.settings.update");
  const publish = useOperationMutation("health.statusPage.update");
  const [slug, setSlug] = useState("");
  const [title, setTitle] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const page = settings.data?.statusPage;
  useEffect(() => {
    if (!page) return;
    setSlug(page.slug ?? "");
    setTitle(page.title ?? "");
    setChosen(page.checkIds);
  }, [page]);
  const submit = (event: FormEvent, isEnabled: boolean) => {
    event.preventDefault();
    publish.mutate({ isEnabled, slug, title, checkIds: chosen });
  };
  return (
    <QueryState query={settings}>
      {(s) => (
        <div className="max-w-2xl space-y-8">
          <section className="space-y-2">
            <h2 className="text-lg font-medium">Private targets</h2>
            <p className="text-sm text-muted-foreground">
              Checks and alert webhooks may reach loopback and private networks only when allowed
              here. Cloud metadata addresses are never reached.
              {s.instanceBlocksPrivate &&
                " This instance blocks private networks for every workspace."}
            </p>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={s.allowPrivateTargets}
                disabled={!isAdmin || s.instanceBlocksPrivate || update.isPending}
                onChange={(e) => update.mutate({ allowPrivateTargets: e.target.checked })}
              />
              Allow private targets
            </label>
            {update.error && (
              <p role="alert" className="text-sm text-red-600">
                {errorMessage(update.error)}
              </p>
            )}
          </section>
          <form className="space-y-3" onSubmit={(e) => submit(e, true)}>
            <h2 className="text-lg font-medium">Public status page</h2>
            <p className="text-sm text-muted-foreground">
              {s.statusPage.isEnabled && s.statusPage.slug ? (
                <>
                  Published at{" "}
                  <a className="underline" href={`/status/${s.statusPage.slug}`}>
                    /status/{s.statusPage.slug}
                  </a>{" "}
                  — anyone with the link can see it.
                </>
              ) : (
                "Not published."
              )}
            </p>
            <div>
              <Label htmlFor="page-title">Title</Label>
              <Input
                id="page-title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                disabled={!isAdmin}
                required
              />
            </div>
            <div>
              <Label htmlFor="page-slug">Address /status/…</Label>
              <Input
                id="page-slug"
                value={slug}
                onChange={(e) => setSlug(e.target.value)}
                disabled={!isAdmin}
                required
              />
            </div>
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium">Components</legend>
              {(checks.data ?? []).map((c) => (
                <label key={c.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={chosen.includes(c.id)}
                    disabled={!isAdmin}
                    onChange={(e) =>
                      setChosen(
                        e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id),
                      )
                    }
                  />
                  {c.name}
                </label>
              ))}
            </fieldset>
            {isAdmin && (
              <div className="flex gap-2">
                <Button type="submit" disabled={publish.isPending}>
                  Publish
                </Button>
                {s.statusPage.isEnabled && (
                  <Button type="button" variant="outline" onClick={(e) => submit(e, false)}>
                    Unpublish
                  </Button>
                )}
              </div>
            )}
            {publish.error && (
              <p role="alert" className="text-sm text-red-600">
                {errorMessage(publish.error)}
              </p>
            )}
          </form>
        </div>
      )}
    </QueryState>
  );
}

import { Plus, X } from "lucide-react";
import { useState } from "react";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage, isApiError, type OperationOutput } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { LINK_HINTS, LINK_ICONS, LINK_LABELS, type LinkKind } from "./doc-kinds.ts";

type Link = OperationOutput<"docs.get">["links"][number];

function LinkTarget({ link }: { link: Link }) {
  if (link.kind === "url")
    return (
      <a
        href={link.target}
        target="_blank"
        rel="noopener noreferrer"
        className="truncate underline"
      >
        {link.title || link.target}
      </a>
    );
  return (
    <span className="min-w-0 truncate" title={link.target}>
      {link.title || link.target}
      {link.title && link.kind !== "task" && (
        <code className="ml-2 text-xs text-muted-foreground">{link.target}</code>
      )}
    </span>
  );
}

function AddLinkForm({ pageId, onDone }: { pageId: string; onDone: () => void }) {
  const [kind, setKind] = useState<LinkKind>("alert");
  const [target, setTarget] = useState("");
  const [title, setTitle] = useState("");
  const add = useOperationMutation("docs.links.add");
  const fieldError = (field: string) =>
    isApiError(add.error, "invalid_input") && add.error.field === field
      ? errorMessage(add.error)
      : undefined;
  const targetError =
    fieldError("target") ??
    (isApiError(add.error, "conflict") || isApiError(add.error, "not_found")
      ? errorMessage(add.error)
      : undefined);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await add.mutateAsync({ pageId, kind, target, ...(title.trim() ? { title } : {}) });
    onDone();
  };
  return (
    <form
      onSubmit={(e) => void submit(e).catch(() => {})}
      className="mt-3 grid gap-3 rounded-lg border p-3"
      data-testid="add-link-form"
    >
      <FormField id="link-kind" label="Links to">
        <select
          id="link-kind"
          className={inputClass}
          value={kind}
          onChange={(e) => setKind(e.target.value as LinkKind)}
        >
          {(Object.keys(LINK_LABELS) as LinkKind[]).map((k) => (
            <option key={k} value={k}>
              {LINK_LABELS[k]}
            </option>
          ))}
        </select>
      </FormField>
      <FormField
        id="link-target"
        label={LINK_LABELS[kind]}
        error={targetError}
        hint={LINK_HINTS[kind]}
      >
        <Input
          id="link-target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          aria-invalid={Boolean(targetError)}
          aria-describedby={describedBy("link-target", targetError, LINK_HINTS[kind])}
          required
        />
      </FormField>
      <FormField id="link-title" label="Label (optional)">
        <Input id="link-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </FormField>
      {add.isError && !targetError && (
        <p className="text-sm text-destructive">{errorMessage(add.error)}</p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="outline" size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={add.isPending}>
          Add link
        </Button>
      </div>
    </form>
  );
}

/** What the page is about: resources, alerts (which then name it as their runbook), tasks, URLs. */
export function LinksPanel({
  page,
  canWrite,
}: {
  page: OperationOutput<"docs.get">;
  canWrite: boolean;
}) {
  const [adding, setAdding] = useState(false);
  const remove = useOperationMutation("docs.links.remove");
  const toast = useToast();
  return (
    <section aria-labelledby="doc-links" data-testid="doc-links">
      <h2 id="doc-links" className="mb-2 text-sm font-semibold">
        Linked to
      </h2>
      {page.links.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No links yet. Link the alerts this page answers and the resources it is about.
        </p>
      ) : (
        <ul className="grid grid-cols-1 gap-1 text-sm">
          {page.links.map((link) => {
            const Icon = LINK_ICONS[link.kind];
            return (
              <li key={link.id} className="group flex items-center gap-2">
                <Icon
                  className="size-4 shrink-0 text-muted-foreground"
                  aria-label={LINK_LABELS[link.kind]}
                />
                <LinkTarget link={link} />
                {canWrite && (
                  <button
                    type="button"
                    className="ml-auto rounded p-0.5 text-muted-foreground opacity-0 group-hover:opacity-100 focus-visible:opacity-100 hover:bg-accent"
                    aria-label={`Remove link to ${link.title || link.target}`}
                    onClick={() =>
                      remove.mutateAsync({ id: link.id }).catch((error) =>
                        toast({
                          title: "Could not remove the link",
                          description: errorMessage(error),
                          variant: "error",
                        }),
                      )
                    }
                  >
                    <X className="size-4" aria-hidden />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canWrite &&
        (adding ? (
          <AddLinkForm pageId={page.id} onDone={() => setAdding(false)} />
        ) : (
          <Button variant="link" size="sm" className="mt-1 px-0" onClick={() => setAdding(true)}>
            <Plus aria-hidden /> Add a link
          </Button>
        ))}
    </section>
  );
}

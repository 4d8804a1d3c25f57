import { Link2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Button } from "../../components/ui/button.tsx";
import { inputClass } from "../../components/ui/input.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { KIND_ICONS, KIND_LABELS, type LinkKind } from "./doc-kinds.ts";

interface LinkedPagesProps {
  kind: Exclude<LinkKind, "url">;
  /** The name a new link is made under (a resource's inventory id, an alert rule's name). */
  target: string;
  /** The other names pages may be linked under (native and cost ids, a rule's id). */
  aliases?: string[];
  /** The link's label on the page's side ("orders-db"). */
  title?: string;
  /** How the thing is called in sentences ("this resource"). */
  noun: string;
}

/**
 * The wiki pages linked to a resource, an alert or a task, runbooks first, each opening the
 * page; and, for those who write docs, linking one more from here rather than from the page.
 */
export function LinkedPages({ kind, target, aliases = [], title, noun }: LinkedPagesProps) {
  const fmt = useFormat();
  const { role } = useSession();
  const names = aliases.filter((a) => a && a !== target).slice(0, 5);
  const pages = useOperation("docs.forTarget", {
    kind,
    target,
    ...(names.length > 0 ? { aliases: names } : {}),
  });
  const [linking, setLinking] = useState(false);
  return (
    <section aria-label="Runbooks and pages" data-testid="linked-pages" className="space-y-2">
      {pages.isError ? (
        <p className="text-sm text-destructive">{errorMessage(pages.error)}</p>
      ) : pages.data && pages.data.length > 0 ? (
        <ul className="space-y-1 text-sm">
          {pages.data.map((p) => {
            const Icon = KIND_ICONS[p.kind];
            return (
              <li key={p.id} className="flex items-center gap-2">
                <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                <Link className="min-w-0 truncate underline" to={`/docs/${p.id}`}>
                  {p.title}
                </Link>
                <span className="shrink-0 text-xs text-muted-foreground">
                  {KIND_LABELS[p.kind]} · {fmt.date(p.updatedAt)}
                </span>
              </li>
            );
          })}
        </ul>
      ) : pages.data ? (
        <p className="text-sm text-muted-foreground">No runbook or page is linked to {noun}.</p>
      ) : null}
      {can(role, "docs:write") &&
        (linking ? (
          <LinkPageForm
            kind={kind}
            target={target}
            title={title}
            linked={new Set(pages.data?.map((p) => p.id))}
            onDone={() => setLinking(false)}
          />
        ) : (
          <Button size="sm" variant="outline" onClick={() => setLinking(true)}>
            <Link2 className="size-4" aria-hidden /> Link a page
          </Button>
        ))}
    </section>
  );
}

function LinkPageForm({
  kind,
  target,
  title,
  linked,
  onDone,
}: {
  kind: Exclude<LinkKind, "url">;
  target: string;
  title?: string;
  linked: Set<string>;
  onDone: () => void;
}) {
  const tree = useOperation("docs.tree");
  const [pageId, setPageId] = useState("");
  const add = useOperationMutation("docs.links.add", { onSuccess: onDone });
  const choices = (tree.data ?? [])
    .filter((p) => !linked.has(p.id))
    .sort((a, b) => a.title.localeCompare(b.title));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pageId) add.mutate({ pageId, kind, target, ...(title ? { title } : {}) });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2" data-testid="link-page">
      <select
        aria-label="Page to link"
        className={`${inputClass} w-auto min-w-48 flex-1`}
        value={pageId}
        onChange={(e) => setPageId(e.target.value)}
        required
      >
        <option value="">{tree.isPending ? "Loading pages…" : "Choose a page"}</option>
        {choices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title} ({KIND_LABELS[p.kind]})
          </option>
        ))}
      </select>
      <Button type="submit" size="sm" loading={add.isPending}>
        Link
      </Button>
      <Button size="sm" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
      {add.isError && (
        <p role="alert" className="basis-full text-sm text-destructive">
          {errorMessage(add.error)}
        </p>
      )}
    </form>
  );
}

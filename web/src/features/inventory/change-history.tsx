import { Link } from "react-router";
import { Badge } from "../../components/ui/badge.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useFormat } from "../../lib/session.tsx";
import { typeLabel } from "./resource-labels.ts";

type Change = OperationOutput<"inventory.changes">["items"][number];

const KIND_VARIANT = { created: "success", modified: "secondary", deleted: "destructive" } as const;

const shown = (value: unknown) =>
  value === undefined || value === null
    ? "—"
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

/**
 * What changed, newest first: created, modified (with what changed), deleted; each says whether
 * discovery saw it or who made it through Glass Pane (tags, actions).
 */
export function ChangeHistory({
  changes,
  withResource = false,
}: {
  changes: Change[];
  /** Name the resource of each change (a feed over many resources). */
  withResource?: boolean;
}) {
  const format = useFormat();
  if (changes.length === 0)
    return <p className="text-sm text-muted-foreground">No changes recorded.</p>;
  return (
    <ol className="grid gap-3" aria-label="Changes">
      {changes.map((change) => {
        const diff = change.diff
          ? [
              ...Object.entries(change.diff.fields),
              ...Object.entries(change.diff.attributes).map(
                ([k, v]) => [`attributes.${k}`, v] as const,
              ),
              ...Object.entries(change.diff.tags).map(([k, v]) => [`tag ${k}`, v] as const),
            ]
          : [];
        return (
          <li key={change.id} className="grid gap-1 border-l-2 pl-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Badge variant={KIND_VARIANT[change.kind]}>{change.kind}</Badge>
              {withResource && (
                <Link
                  to={`/inventory/resources/${change.resourceId}`}
                  className="font-medium hover:underline"
                >
                  {change.resourceName}
                </Link>
              )}
              {withResource && (
                <span className="text-muted-foreground">{typeLabel(change.resourceType)}</span>
              )}
              <time dateTime={change.at} className="text-muted-foreground">
                {format.dateTime(change.at)}
              </time>
              <span className="text-muted-foreground">
                {change.actorUserId
                  ? `by ${change.actorName ?? "a former member"} in Glass Pane`
                  : "seen by discovery"}
              </span>
            </div>
            {diff.length > 0 && (
              <ul className="grid gap-0.5 font-mono text-xs">
                {diff.map(([name, { before, after }]) => (
                  <li key={name} className="break-all">
                    {name}: <span className="text-destructive line-through">{shown(before)}</span> →{" "}
                    <span className="text-success">{shown(after)}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

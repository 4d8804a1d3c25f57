import { BookOpen, Boxes, Shapes } from "lucide-react";
import { Link } from "react-router";
import type { OperationOutput } from "../../lib/api.ts";
import { useFormat } from "../../lib/session.tsx";

export type Hit = OperationOutput<"search.similar">["items"][number];

const KIND_LABELS = { doc: "Page", pattern: "Log pattern", resource: "Resource" } as const;
const KIND_ICONS = { doc: BookOpen, pattern: Shapes, resource: Boxes } as const;

/** Where each kind of item is shown. */
export function hitHref(hit: Pick<Hit, "kind" | "id">): string {
  if (hit.kind === "doc") return `/docs/${hit.id}`;
  if (hit.kind === "resource") return `/inventory/resources/${hit.id}`;
  return `/logs?pattern=${hit.id}&range=24h`;
}

/** Search results: kind, title (a link), snippet and how close in meaning. */
export function SearchHits({ hits, compact = false }: { hits: Hit[]; compact?: boolean }) {
  const format = useFormat();
  return (
    <ul className="grid grid-cols-1 gap-2" aria-label="Similar items">
      {hits.map((hit) => {
        const Icon = KIND_ICONS[hit.kind];
        return (
          <li key={`${hit.kind}-${hit.id}`} className="flex gap-2 text-sm">
            <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
            <div className="min-w-0 flex-1">
              <div className="flex items-baseline gap-2">
                <Link to={hitHref(hit)} className="min-w-0 truncate font-medium hover:underline">
                  {hit.title}
                </Link>
                <span className="shrink-0 text-xs text-muted-foreground">
                  {KIND_LABELS[hit.kind]} ·{" "}
                  <span title="Cosine similarity of the meanings (1 = the same)">
                    {format.number(hit.score)}
                  </span>
                </span>
              </div>
              {!compact && hit.snippet && (
                <p className="line-clamp-2 text-muted-foreground">{hit.snippet}</p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

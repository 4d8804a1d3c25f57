import { Filter } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/button.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useFormat } from "../../lib/session.tsx";
import { LEVEL_COLORS } from "./log-range.ts";

type Item = OperationOutput<"logs.search">["items"][number];

/** Log lines, one per row; a row opens to show its attributes and a link to its context. */
export function LogRows({
  items,
  onContext,
  onFilter,
  highlight,
}: {
  items: Item[];
  onContext?: (id: string) => void;
  /** Keeps only lines whose attribute `key` has this value (the explorer's attribute filter). */
  onFilter?: (key: string, value: string) => void;
  highlight?: string;
}) {
  const format = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ul className="divide-y font-mono text-xs" aria-label="Log lines" data-testid="log-lines">
      {items.map((item) => (
        <li key={item.id} className={item.id === highlight ? "bg-accent" : undefined}>
          <button
            type="button"
            // On a phone the time, level and service fill the width: the message wraps below.
            className="flex w-full flex-wrap items-start gap-x-3 gap-y-0.5 px-4 py-1.5 text-left hover:bg-muted/60 focus-visible:bg-muted/60 sm:flex-nowrap"
            aria-expanded={open === item.id}
            onClick={() => setOpen(open === item.id ? null : item.id)}
          >
            <time
              className="min-w-[22ch] shrink-0 text-muted-foreground tabular-nums"
              dateTime={item.time}
            >
              {format.dateTime(item.time)}
            </time>
            <span
              className="w-12 shrink-0 font-semibold uppercase"
              style={{ color: LEVEL_COLORS[item.level] }}
            >
              {item.level}
            </span>
            <span className="w-28 shrink-0 truncate text-muted-foreground" title={item.service}>
              {item.service}
            </span>
            <span className="min-w-0 basis-full whitespace-pre-wrap break-all sm:flex-1 sm:basis-auto">
              {item.message}
            </span>
          </button>
          {open === item.id && (
            <div className="grid gap-2 bg-muted/40 px-4 py-2">
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
                {leafAttributes(item.attributes).map(([k, v]) => {
                  const text = typeof v === "string" ? v : JSON.stringify(v);
                  // Lists and nulls are shown, not filtered by: the database reads them otherwise.
                  const canFilter = onFilter && v !== null && !Array.isArray(v);
                  return (
                    <div key={k} className="contents">
                      <dt className="text-muted-foreground">{k}</dt>
                      <dd className="flex items-start gap-2 break-all">
                        {text}
                        {canFilter && (
                          <button
                            type="button"
                            className="shrink-0 rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground"
                            aria-label={`Only lines with ${k} = ${text}`}
                            title="Only lines with this value"
                            onClick={() => onFilter(k, text)}
                          >
                            <Filter className="size-3.5" aria-hidden />
                          </button>
                        )}
                      </dd>
                    </div>
                  );
                })}
              </dl>
              {onContext && (
                <div>
                  <Button variant="outline" size="sm" onClick={() => onContext(item.id)}>
                    Show context
                  </Button>
                </div>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * A line's attributes as dotted keys and their leaf values: nested objects (syslog structured
 * data, OTLP maps) open up, so each value can be a filter (the search reads dotted keys into
 * nested JSON).
 */
export function leafAttributes(
  attributes: Record<string, unknown>,
  prefix = "",
): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const name = prefix + key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const inner = leafAttributes(value as Record<string, unknown>, `${name}.`);
      if (inner.length > 0) out.push(...inner);
      else out.push([name, value]);
    } else out.push([name, value]);
  }
  return out;
}

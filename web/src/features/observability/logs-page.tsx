import { Radio, ScrollText, Search, X } from "lucide-react";
import { type FormEvent, lazy, type ReactNode, Suspense, useState } from "react";
import { Link } from "react-router";
import { CursorPager } from "../../components/cursor-pager.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { QuestionBox } from "../ai/question-box.tsx";
import { LiveTailView } from "./live-tail-view.tsx";
import { LogContextDialog } from "./log-context-dialog.tsx";
import { LEVEL_COLORS, periodOf, RANGES, type RangeValue } from "./log-range.ts";
import { LogRows } from "./log-rows.tsx";
import {
  LEVELS,
  type Level,
  type LogSearch,
  MAX_ATTRIBUTES,
  readLogSearch,
  writeLogSearch,
} from "./log-url-state.ts";
import { PatternLines } from "./pattern-lines.tsx";
import { type SavedQuery, SavedSearchesPicker } from "./saved-searches-picker.tsx";
import { cappedNote, serviceChoices } from "./service-choices.ts";
import { useLiveTail } from "./use-live-tail.ts";

const LogHistogram = lazy(() => import("./log-histogram.tsx"));

/** The log explorer: full-text search, service, level and period filters, histogram, lines. */
export function LogsPage() {
  const format = useFormat();
  // The search is the URL's (log-url-state.ts); the Patterns tab links here with
  // ?pattern=<id>&range=<range>: the lines of one template.
  const [params, setParams] = useLatestSearchParams();
  const search = readLogSearch(params);
  const { q, service, level, resource, range, attributes } = search;
  const hasAttributes = Object.keys(attributes).length > 0;
  const patternId = params.get("pattern");
  // Pages belong to the search they were turned in: a new search (typed, linked, or reached by
  // Back and Forward) starts from its first page.
  const searchKey = writeLogSearch(new URLSearchParams(), search).toString();
  const [paging, setPaging] = useState({ searchKey, cursors: [] as string[] });
  const cursors = paging.searchKey === searchKey ? paging.cursors : [];
  const setCursors = (change: (current: string[]) => string[]) =>
    setPaging((p) => ({ searchKey, cursors: change(p.searchKey === searchKey ? p.cursors : []) }));
  const [contextId, setContextId] = useState<string | null>(null);
  const [isLive, setLive] = useState(false);
  const { workspace } = useSession();
  const tail = useLiveTail(
    workspace?.id,
    { q, service, level, resourceId: resource, attributes },
    isLive,
  );
  // A fixed period (from a question or a link, "in the last hour" counted when it was asked).
  const customPeriod = search.period;
  const period = customPeriod ?? periodOf(range);
  const filter = {
    ...period,
    ...(q ? { q } : {}),
    ...(service ? { service } : {}),
    ...(level ? { level } : {}),
    ...(resource ? { resourceId: resource } : {}),
    ...(hasAttributes ? { attributes } : {}),
  };
  const cursor = cursors[cursors.length - 1];
  const lines = useOperation("logs.search", {
    ...filter,
    limit: 100,
    ...(cursor ? { cursor } : {}),
  });
  const histogram = useOperation("logs.histogram", { ...filter, maxBuckets: 60 });
  const services = useOperation("logs.services", period);

  /**
   * A new search: written to the URL as a new history entry, from its first page. The change
   * applies to the URL's search as it is now, which a change still being rendered is part of.
   */
  const update = (change: Partial<LogSearch> | ((latest: LogSearch) => Partial<LogSearch>)) => {
    setParams((latest) => {
      const current = readLogSearch(latest);
      return writeLogSearch(latest, {
        ...current,
        ...(typeof change === "function" ? change(current) : change),
      });
    });
  };
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ q: String(new FormData(event.currentTarget).get("q") ?? "").trim() });
  };
  const applySaved = (saved: SavedQuery) =>
    update({
      q: saved.q ?? "",
      service: saved.service ?? "",
      level: saved.level ?? "",
      attributes: saved.attributes ?? {},
      resource: "",
      ...(saved.range ? { range: saved.range, period: null } : {}),
    });
  const applyQuestion = (query: Record<string, unknown>) => {
    const text = (key: string) => (typeof query[key] === "string" ? (query[key] as string) : "");
    update({
      q: text("q"),
      service: text("service"),
      level: (LEVELS as readonly string[]).includes(text("level")) ? (text("level") as Level) : "",
      ...(text("from") && text("to") ? { period: { from: text("from"), to: text("to") } } : {}),
      attributes: {},
      resource: "",
    });
  };
  const addAttribute = (key: string, value: string) =>
    update(({ attributes }) =>
      key in attributes || Object.keys(attributes).length < MAX_ATTRIBUTES
        ? { attributes: { ...attributes, [key]: value } }
        : {},
    );
  const removeAttribute = (key: string) =>
    update(({ attributes }) => {
      const { [key]: _, ...rest } = attributes;
      return { attributes: rest };
    });

  return (
    <div className="grid gap-4">
      <QuestionBox
        target="logs"
        context={{ ...filter, ...(customPeriod ? {} : { range }) }}
        onRun={applyQuestion}
      />
      <form className="flex flex-wrap items-end gap-2" onSubmit={onSearch} aria-label="Search logs">
        <div className="grid flex-1 gap-1 text-sm" style={{ minWidth: "16rem" }}>
          <Input
            key={q}
            name="q"
            aria-label="Search text"
            defaultValue={q}
            placeholder='Words, "a phrase", -exclude'
            data-testid="logs-query"
          />
        </div>
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Service</span>
          <select
            className={inputClass}
            value={service}
            onChange={(e) => update({ service: e.target.value })}
            data-testid="logs-service"
          >
            <option value="">All services</option>
            {serviceChoices(services.data, service).map((s) => (
              <option key={s.service} value={s.service}>
                {s.count === null ? s.service : `${s.service} (${format.number(s.count)})`}
              </option>
            ))}
            {services.data?.truncated && (
              <option disabled value="" data-testid="logs-service-capped">
                {cappedNote(services.data)}
              </option>
            )}
          </select>
        </label>
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Level</span>
          <select
            className={inputClass}
            value={level}
            onChange={(e) => update({ level: e.target.value as Level | "" })}
            data-testid="logs-level"
          >
            <option value="">All levels</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Period</span>
          <select
            className={inputClass}
            value={customPeriod ? "custom" : range}
            onChange={(e) => update({ range: e.target.value as RangeValue, period: null })}
            data-testid="logs-range"
          >
            {customPeriod && (
              <option value="custom">
                {format.dateTime(customPeriod.from)} – {format.dateTime(customPeriod.to)}
              </option>
            )}
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" data-testid="logs-search">
          <Search aria-hidden /> Search
        </Button>
        <Button
          type="button"
          variant={isLive ? "default" : "outline"}
          aria-pressed={isLive}
          onClick={() => setLive(!isLive)}
          data-testid="logs-live"
        >
          <Radio aria-hidden /> Live
        </Button>
      </form>
      {(hasAttributes || resource) && (
        <ul className="flex flex-wrap items-center gap-2 text-sm" aria-label="Filters">
          {resource && (
            <FilterChip
              label={`Remove the resource filter`}
              onRemove={() => update({ resource: "" })}
            >
              resource ={" "}
              <Link className="underline" to={`/inventory/resources/${resource}`}>
                {resource.slice(0, 8)}
              </Link>
            </FilterChip>
          )}
          {Object.entries(attributes).map(([key, value]) => (
            <FilterChip
              key={key}
              label={`Remove the filter ${key} = ${value}`}
              onRemove={() => removeAttribute(key)}
            >
              {key} = {value}
            </FilterChip>
          ))}
        </ul>
      )}
      <SavedSearchesPicker
        current={{
          ...(q ? { q } : {}),
          ...(service ? { service } : {}),
          ...(level ? { level } : {}),
          ...(hasAttributes ? { attributes } : {}),
          range,
        }}
        onApply={applySaved}
      />

      <Card className="p-3">
        {histogram.data ? (
          <Suspense fallback={<div className="h-40" />}>
            <LogHistogram data={histogram.data} locale={format.locale} />
          </Suspense>
        ) : (
          <div className="h-40" aria-busy />
        )}
        <div className="mt-2 flex flex-wrap gap-3 text-xs text-muted-foreground">
          {LEVELS.map((l) => (
            <span key={l} className="inline-flex items-center gap-1">
              <span className="size-2 rounded-sm" style={{ background: LEVEL_COLORS[l] }} />
              {l}
            </span>
          ))}
        </div>
      </Card>

      {isLive && (
        <Card>
          <LiveTailView tail={tail} />
        </Card>
      )}
      {patternId ? (
        <PatternLines
          patternId={patternId}
          period={period}
          onContext={setContextId}
          onClear={() =>
            setParams((latest) => {
              latest.delete("pattern");
              return latest;
            })
          }
        />
      ) : (
        <Card>
          <QueryState
            query={lines}
            isEmpty={(d) => d.items.length === 0}
            empty={
              <EmptyState
                icon={ScrollText}
                title="No log lines"
                description="Nothing matches in this period. Widen the period, change the filters, or add a source under Sources."
              />
            }
          >
            {(data) => (
              <>
                <p
                  className="border-b px-4 py-2 text-sm text-muted-foreground"
                  data-testid="logs-total"
                >
                  {data.totalIsLowerBound
                    ? `More than ${format.number(data.total)} lines match`
                    : `${format.number(data.total)} ${data.total === 1 ? "line matches" : "lines match"}`}
                </p>
                <LogRows items={data.items} onContext={setContextId} onFilter={addAttribute} />
                <CursorPager
                  cursors={cursors}
                  setCursors={setCursors}
                  nextCursor={data.nextCursor}
                />
              </>
            )}
          </QueryState>
        </Card>
      )}
      <LogContextDialog id={contextId} onClose={() => setContextId(null)} />
    </div>
  );
}

function FilterChip({
  label,
  onRemove,
  children,
}: {
  label: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <li className="flex items-center gap-1 rounded-md border bg-muted/50 py-0.5 pr-1 pl-2 font-mono text-xs">
      {children}
      <button
        type="button"
        className="rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground"
        aria-label={label}
        onClick={onRemove}
      >
        <X className="size-3.5" aria-hidden />
      </button>
    </li>
  );
}

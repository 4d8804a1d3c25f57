import { Radio, ScrollText, Search, X } from "lucide-react";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useSearchParams } from "react-router";
import { CursorPager } from "../../components/cursor-pager.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { useOperation } from "../../lib/operations.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { QuestionBox } from "../ai/question-box.tsx";
import { LiveTailView } from "./live-tail-view.tsx";
import { LogContextDialog } from "./log-context-dialog.tsx";
import { LEVEL_COLORS, periodOf, RANGES, type RangeValue } from "./log-range.ts";
import { LogRows } from "./log-rows.tsx";
import { PatternLines } from "./pattern-lines.tsx";
import { type SavedQuery, SavedSearchesPicker } from "./saved-searches-picker.tsx";
import { useLiveTail } from "./use-live-tail.ts";

const LogHistogram = lazy(() => import("./log-histogram.tsx"));
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
type Level = (typeof LEVELS)[number];

/** The log explorer: full-text search, service, level and period filters, histogram, lines. */
export function LogsPage() {
  const format = useFormat();
  const [q, setQ] = useState("");
  const [service, setService] = useState("");
  const [level, setLevel] = useState<Level | "">("");
  // Attribute values lines must have, picked from a line's attributes (at most five).
  const [attributes, setAttributes] = useState<Record<string, string>>({});
  const hasAttributes = Object.keys(attributes).length > 0;
  // The Patterns tab links here with ?pattern=<id>&range=<range>: the lines of one template.
  const [params, setParams] = useSearchParams();
  const patternId = params.get("pattern");
  const [range, setRange] = useState<RangeValue>(
    RANGES.find((r) => r.value === params.get("range"))?.value ?? "24h",
  );
  // A period from a question ("in the last hour", counted when it was asked) until the next change.
  const [customPeriod, setCustomPeriod] = useState<{ from: string; to: string } | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const [contextId, setContextId] = useState<string | null>(null);
  const [isLive, setLive] = useState(false);
  const { workspace } = useSession();
  const tail = useLiveTail(workspace?.id, { q, service, level, attributes }, isLive);
  const period = customPeriod ?? periodOf(range);
  const filter = {
    ...period,
    ...(q ? { q } : {}),
    ...(service ? { service } : {}),
    ...(level ? { level } : {}),
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

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(String(new FormData(event.currentTarget).get("q") ?? "").trim());
    setCursors([]);
  };
  const applySaved = (saved: SavedQuery) => {
    setQ(saved.q ?? "");
    setService(saved.service ?? "");
    setLevel(saved.level ?? "");
    setAttributes(saved.attributes ?? {});
    if (saved.range) setRange(saved.range);
    setCursors([]);
  };
  const applyQuestion = (query: Record<string, unknown>) => {
    const text = (key: string) => (typeof query[key] === "string" ? (query[key] as string) : "");
    setQ(text("q"));
    setService(text("service"));
    setLevel((LEVELS as readonly string[]).includes(text("level")) ? (text("level") as Level) : "");
    if (text("from") && text("to")) setCustomPeriod({ from: text("from"), to: text("to") });
    setAttributes({});
    setCursors([]);
  };
  const addAttribute = (key: string, value: string) => {
    setAttributes((current) =>
      key in current || Object.keys(current).length < 5 ? { ...current, [key]: value } : current,
    );
    setCursors([]);
  };
  const removeAttribute = (key: string) => {
    setAttributes(({ [key]: _, ...rest }) => rest);
    setCursors([]);
  };
  const resetPages =
    <T,>(set: (v: T) => void) =>
    (value: T) => {
      set(value);
      setCursors([]);
    };

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
            onChange={(e) => resetPages(setService)(e.target.value)}
            data-testid="logs-service"
          >
            <option value="">All services</option>
            {(services.data ?? []).map((s) => (
              <option key={s.service} value={s.service}>
                {s.service} ({format.number(s.count)})
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Level</span>
          <select
            className={inputClass}
            value={level}
            onChange={(e) => resetPages(setLevel)(e.target.value as Level | "")}
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
            onChange={(e) => {
              setCustomPeriod(null);
              resetPages(setRange)(e.target.value as RangeValue);
            }}
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
      {hasAttributes && (
        <ul className="flex flex-wrap items-center gap-2 text-sm" aria-label="Attribute filters">
          {Object.entries(attributes).map(([key, value]) => (
            <li
              key={key}
              className="flex items-center gap-1 rounded-md border bg-muted/50 py-0.5 pr-1 pl-2 font-mono text-xs"
            >
              {key} = {value}
              <button
                type="button"
                className="rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground"
                aria-label={`Remove the filter ${key} = ${value}`}
                onClick={() => removeAttribute(key)}
              >
                <X className="size-3.5" aria-hidden />
              </button>
            </li>
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
          onClear={() => setParams({})}
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

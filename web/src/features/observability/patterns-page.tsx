import { Shapes } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { LEVEL_COLORS, periodOf, RANGES, type RangeValue } from "./log-range.ts";
import { cappedNote, serviceChoices } from "./service-choices.ts";

/** A template with its variable parts (`<*>`) set apart, so the fixed wording reads at a glance. */
export function TemplateText({ template }: { template: string }) {
  const parts = template.split("<*>");
  return (
    <span className="whitespace-pre-wrap break-all font-mono text-xs">
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
        <span key={i}>
          {part}
          {i < parts.length - 1 && (
            <span
              className="rounded bg-violet-100 px-0.5 text-violet-700 dark:bg-violet-950 dark:text-violet-300"
              title="Variable part"
            >
              {"<*>"}
            </span>
          )}
        </span>
      ))}
    </span>
  );
}

/** Lines per bucket as a small bar chart; the tallest bar fills the height. */
function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 96;
  const h = 24;
  const bar = w / Math.max(1, values.length);
  return (
    <svg width={w} height={h} role="img" aria-label={label} className="text-primary">
      {values.map((v, i) => {
        const bh = v === 0 ? 0 : Math.max(1.5, (v / max) * h);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: one bar per time bucket, in order
            key={i}
            x={i * bar}
            y={h - bh}
            width={Math.max(1, bar - 1)}
            height={bh}
            fill="currentColor"
          />
        );
      })}
    </svg>
  );
}

/** Log templates of a period: how often each occurred, its trend, and which ones are new. */
export function PatternsPage() {
  const format = useFormat();
  const [q, setQ] = useState("");
  const [service, setService] = useState("");
  const [range, setRange] = useState<RangeValue>("24h");
  const period = periodOf(range);
  const found = useOperation("logs.patterns", {
    ...period,
    ...(q ? { q } : {}),
    ...(service ? { service } : {}),
    limit: 200,
  });
  const services = useOperation("logs.services", period);
  const { role } = useSession();
  const canMine = role === "owner" || role === "admin";
  const mine = useOperationMutation("logs.minePatterns", {
    // The job waits about 5 s in the queue (presses in that time join it): look again after.
    onSuccess: () => {
      setTimeout(() => void found.refetch(), 8000);
    },
  });
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(String(new FormData(event.currentTarget).get("q") ?? "").trim());
  };
  return (
    <div className="grid gap-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={onSearch}
        aria-label="Filter patterns"
      >
        <div className="grid flex-1 gap-1 text-sm" style={{ minWidth: "16rem" }}>
          <Input
            name="q"
            aria-label="Template text"
            defaultValue={q}
            placeholder="Text in the template"
            data-testid="patterns-query"
          />
        </div>
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Service</span>
          <select
            className={inputClass}
            value={service}
            onChange={(e) => setService(e.target.value)}
          >
            <option value="">All services</option>
            {serviceChoices(services.data, service).map((s) => (
              <option key={s.service} value={s.service}>
                {s.service}
              </option>
            ))}
            {services.data?.truncated && (
              <option disabled value="">
                {cappedNote(services.data)}
              </option>
            )}
          </select>
        </label>
        <label className="grid gap-1 text-sm">
          <span className="text-muted-foreground">Period</span>
          <select
            className={inputClass}
            value={range}
            onChange={(e) => setRange(e.target.value as RangeValue)}
            data-testid="patterns-range"
          >
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">Filter</Button>
        {canMine && (
          <Button
            type="button"
            variant="outline"
            disabled={mine.isPending}
            onClick={() => mine.mutate({})}
            title="Group the lines that arrived since the last run now, instead of at the next minute"
            data-testid="patterns-mine-now"
          >
            {mine.isPending ? "Queuing…" : "Mine patterns now"}
          </Button>
        )}
        {mine.isSuccess && (
          <span className="text-sm text-muted-foreground" role="status">
            Mining queued; the list refreshes in a moment.
          </span>
        )}
        {mine.isError && (
          <span className="text-sm text-destructive" role="alert">
            {mine.error.message}
          </span>
        )}
      </form>
      <Card>
        <QueryState
          query={found}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <EmptyState
              icon={Shapes}
              title="No patterns yet"
              description="Lines are grouped into templates every minute after they arrive. Send some logs, or widen the period."
            />
          }
        >
          {(data) => (
            <>
              <p
                className="border-b px-4 py-2 text-sm text-muted-foreground"
                data-testid="patterns-summary"
              >
                {format.number(data.items.length)}{" "}
                {data.items.length === 1 ? "pattern" : "patterns"}
                {data.minedAt ? ` · mined ${format.dateTime(data.minedAt)}` : ""}
              </p>
              <div className="overflow-x-auto">
                <table className="w-full text-sm" aria-label="Log patterns">
                  <thead className="text-left text-xs text-muted-foreground">
                    <tr className="border-b">
                      <th className="px-4 py-2 font-medium">Template</th>
                      <th className="px-2 py-2 font-medium">Service</th>
                      <th className="px-2 py-2 text-right font-medium">Lines</th>
                      <th className="px-2 py-2 font-medium">Trend</th>
                      <th className="px-4 py-2 font-medium">First seen</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y">
                    {data.items.map((p) => (
                      <tr
                        key={p.id}
                        className="align-top hover:bg-muted/50"
                        data-testid="pattern-row"
                      >
                        <td className="px-4 py-2">
                          <Link
                            to={`/logs?pattern=${p.id}&range=${range}`}
                            className="block hover:underline"
                            title={`Example: ${p.example}`}
                          >
                            <span
                              className="mr-2 inline-block w-12 text-xs font-semibold uppercase"
                              style={{ color: LEVEL_COLORS[p.level] }}
                            >
                              {p.level}
                            </span>
                            {p.isNew && (
                              <span
                                className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold text-amber-800 dark:bg-amber-950 dark:text-amber-300"
                                data-testid="pattern-new"
                              >
                                NEW
                              </span>
                            )}
                            <TemplateText template={p.template} />
                          </Link>
                        </td>
                        <td className="px-2 py-2 text-muted-foreground">{p.service}</td>
                        <td className="px-2 py-2 text-right tabular-nums">
                          {format.number(p.count)}
                        </td>
                        <td className="px-2 py-2">
                          <Sparkline
                            values={p.trend}
                            label={`Lines over the period: ${p.trend.join(", ")}`}
                          />
                        </td>
                        <td className="px-4 py-2 whitespace-nowrap text-muted-foreground">
                          {format.dateTime(p.firstSeen)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </QueryState>
      </Card>
    </div>
  );
}

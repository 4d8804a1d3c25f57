import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { uptimePercent } from "../../../../server/modules/observability/uptime/uptime-tone.ts";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { axisColors, CHART_GRID, useChart, useIsDark } from "../costs/charts/echarts.ts";
import { CheckForm } from "./check-form.tsx";
import { CheckStatus, StatusBadge } from "./status-badge.tsx";
import { UptimeBars } from "./uptime-bars.tsx";

use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);
type ChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

function LatencyChart({
  results,
}: {
  results: { at: string; latencyMs: number | null; isUp: boolean }[];
}) {
  const dark = useIsDark();
  const option = useMemo<ChartOption>(() => {
    const { text, line } = axisColors(dark);
    const points = [...results].reverse();
    return {
      animationDuration: 300,
      grid: CHART_GRID,
      tooltip: { trigger: "axis" },
      xAxis: { type: "time", axisLabel: { color: text }, axisLine: { lineStyle: { color: line } } },
      yAxis: {
        type: "value",
        name: "ms",
        axisLabel: { color: text },
        splitLine: { lineStyle: { color: line } },
      },
      series: [
        {
          type: "line",
          name: "Latency (ms)",
          showSymbol: false,
          data: points.map((r) => [r.at, r.isUp ? r.latencyMs : null]),
        },
      ],
    };
  }, [results, dark]);
  const element = useChart(option);
  return (
    <div
      ref={element}
      className="h-64 w-full"
      role="img"
      aria-label="Latency of each run over the last 24 hours, in milliseconds"
    />
  );
}

/** One check: uptime over four windows, latency percentiles, the latency chart and its history. */
export function CheckDetailPage() {
  const { id = "" } = useParams();
  const { role } = useSession();
  const fmt = useFormat();
  const detail = useOperation("health.checks.get", { id }, { refetchInterval: 10_000 });
  const results = useOperation(
    "health.checks.results",
    { id, limit: 500 },
    { refetchInterval: 10_000 },
  );
  const run = useOperationMutation("health.checks.run");
  const update = useOperationMutation("health.checks.update");
  const remove = useOperationMutation("health.checks.delete");
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const canManage = can(role, "health:manage");
  return (
    <QueryState query={detail}>
      {(d) => (
        <div className="space-y-6">
          <div className="flex flex-wrap items-center gap-3">
            <h2 className="text-xl font-semibold">{d.check.name}</h2>
            <CheckStatus check={d.check} />
            <span className="text-sm text-muted-foreground [overflow-wrap:anywhere]">
              {d.check.target}
            </span>
            {canManage && (
              <div className="flex flex-wrap gap-2 sm:ml-auto">
                <Button
                  size="sm"
                  variant="outline"
                  disabled={run.isPending}
                  onClick={() => run.mutate({ id })}
                >
                  Run now
                </Button>
                <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
                  Edit
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={update.isPending}
                  onClick={() => update.mutate({ id, isEnabled: !d.check.isEnabled })}
                >
                  {d.check.isEnabled ? "Pause" : "Resume"}
                </Button>
                <Button size="sm" variant="outline" onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </div>
            )}
          </div>
          {(update.error ?? run.error) && (
            <p role="alert" className="text-sm text-red-600">
              {errorMessage(update.error ?? run.error)}
            </p>
          )}
          {editing && <CheckForm check={d.check} onDone={() => setEditing(false)} />}
          <ConfirmDialog
            open={deleting}
            onOpenChange={setDeleting}
            title={`Delete the check “${d.check.name}”?`}
            description="Its results and uptime history go with it; alert rules that name it stop seeing it. Pause it instead to keep the history."
            confirmLabel="Delete check"
            onConfirm={async () => {
              await remove.mutateAsync({ id });
              navigate("/health");
            }}
          />
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-7">
            {(
              [
                ["Uptime 24h", uptimePercent(d.uptime.day)],
                ["7 days", uptimePercent(d.uptime.week)],
                ["30 days", uptimePercent(d.uptime.month)],
                ["90 days", uptimePercent(d.uptime.quarter)],
                ["p50 (24h)", d.latency.p50 === null ? "–" : `${d.latency.p50} ms`],
                ["p95", d.latency.p95 === null ? "–" : `${d.latency.p95} ms`],
                ["p99", d.latency.p99 === null ? "–" : `${d.latency.p99} ms`],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded-lg border p-3">
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="text-lg font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          <section aria-labelledby="check-days">
            <div className="mb-1 flex items-baseline justify-between text-xs text-muted-foreground">
              <h3 id="check-days" className="text-sm font-medium text-foreground">
                Uptime per day
              </h3>
              <span>90 days ago · today</span>
            </div>
            <UptimeBars days={d.days} count={90} height={32} />
          </section>
          <QueryState query={results}>{(rows) => <LatencyChart results={rows} />}</QueryState>
          <section>
            <h3 className="mb-2 font-medium">Status changes (30 days)</h3>
            {d.changes.length === 0 ? (
              <p className="text-sm text-muted-foreground">No runs yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {d.changes.map((c) => (
                  <li key={c.at} className="flex gap-3">
                    <span className="w-44 text-muted-foreground">{fmt.dateTime(c.at)}</span>
                    <StatusBadge status={c.status} />
                    {c.error && <span className="text-red-600">{c.error}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </QueryState>
  );
}

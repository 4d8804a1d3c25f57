import { Activity } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../../components/query-state.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { inputClass } from "../../../components/ui/input.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { useFormat } from "../../../lib/session.tsx";
import { cn } from "../../../lib/utils.ts";
import { RANGES, type RangeValue } from "../log-range.ts";
import { unitOfQuery } from "./metric-units.ts";
import { usePanelSeries } from "./use-panel-series.ts";

const MetricChart = lazy(() => import("./metric-chart.tsx"));

/**
 * The metrics of one inventory resource: series sent with an ingest key bound to it. Empty, it
 * says how to send some.
 */
export function ResourceMetrics({ resourceId }: { resourceId: string }) {
  const names = useOperation("metrics.names", { resourceId });
  const [picked, setPicked] = useState<string>();
  const [range, setRange] = useState<RangeValue>("24h");
  const metric = picked ?? names.data?.[0]?.name ?? "";
  return (
    <Card data-testid="resource-metrics">
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle>Metrics</CardTitle>
        {metric && (
          <div className="flex gap-2">
            <select
              className={cn(inputClass, "w-auto")}
              aria-label="Metric"
              value={metric}
              onChange={(e) => setPicked(e.target.value)}
            >
              {(names.data ?? []).map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name}
                </option>
              ))}
            </select>
            <select
              className={cn(inputClass, "w-auto")}
              aria-label="Period"
              value={range}
              onChange={(e) => setRange(e.target.value as RangeValue)}
            >
              {RANGES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </CardHeader>
      <CardContent>
        <QueryState
          query={names}
          isEmpty={(d) => d.length === 0}
          empty={
            <EmptyState
              icon={Activity}
              title="No metrics from this resource yet"
              description={
                <>
                  Create an ingest key for this resource under{" "}
                  <Link className="underline" to="/logs/sources">
                    Logs → Sources
                  </Link>{" "}
                  and point an OpenTelemetry exporter (OTLP/HTTP /v1/metrics), Prometheus
                  remote_write or a scrape at Glass Pane with it: the series it sends chart here.
                </>
              }
            />
          }
        >
          {() => <ResourceChart metric={metric} range={range} resourceId={resourceId} />}
        </QueryState>
      </CardContent>
    </Card>
  );
}

function ResourceChart(props: { metric: string; range: RangeValue; resourceId: string }) {
  const format = useFormat();
  const {
    query,
    series,
    period: span,
  } = usePanelSeries(
    { kind: "metric", metric: props.metric, aggregation: "avg", groupBy: [], where: {} },
    props.range,
    { resourceId: props.resourceId },
  );
  const period = RANGES.find((r) => r.value === props.range)?.label ?? "";
  const explore = new URLSearchParams({ metric: props.metric, range: props.range });
  return (
    <QueryState
      query={query}
      isEmpty={() => (series ?? []).every((s) => s.points.length === 0)}
      empty={
        <p className="text-sm text-muted-foreground">
          No samples of {props.metric} in this period.
        </p>
      }
    >
      {() => (
        <>
          <Suspense fallback={<div className="h-56" />}>
            <MetricChart
              series={series ?? []}
              period={span}
              chart="line"
              locale={format.locale}
              valueUnit={unitOfQuery(props.metric, "avg")}
              label={`Average of ${props.metric} for this resource, ${period}`}
              className="h-56 w-full"
            />
          </Suspense>
          <Link className="text-sm underline" to={`/observability/metrics?${explore}`}>
            Open in the explorer
          </Link>
        </>
      )}
    </QueryState>
  );
}

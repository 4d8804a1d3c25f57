import { LineChart as LineIcon } from "lucide-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { Input, inputClass } from "../../../components/ui/input.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { useFormat } from "../../../lib/session.tsx";
import { useLatestSearchParams } from "../../../lib/use-latest-search-params.ts";
import { RANGES, type RangeValue } from "../log-range.ts";
import { AddToDashboardDialog } from "./add-to-dashboard-dialog.tsx";
import { MetricAnomalies } from "./metric-anomalies.tsx";
import { MetricForecast } from "./metric-forecast.tsx";
import {
  AGGREGATION_LABELS,
  AGGREGATIONS,
  type Aggregation,
  aggregationFor,
  histogramSeriesOf,
  type MetricView,
  paramsOfView,
  STEPS,
  stepFor,
  viewFromParams,
} from "./metric-state.ts";
import { unitOfQuery } from "./metric-units.ts";
import { usePanelSeries } from "./use-panel-series.ts";

const MetricChart = lazy(() => import("./metric-chart.tsx"));

/** The metrics explorer: any metric, label filters, aggregation, group-by, range and step. */
export function MetricsPage() {
  const format = useFormat();
  const [params, setParams] = useLatestSearchParams();
  const view = viewFromParams(params);
  // Applied to the URL's view as it is now, which a change still being rendered is part of.
  const update = (change: Partial<MetricView> | ((latest: MetricView) => Partial<MetricView>)) =>
    setParams(
      (latest) => {
        const current = viewFromParams(latest);
        return paramsOfView({
          ...current,
          ...(typeof change === "function" ? change(current) : change),
        });
      },
      { replace: true },
    );
  const [search, setSearch] = useState(view.metric);
  const [adding, setAdding] = useState(false);
  const names = useOperation("metrics.names", {});
  const labels = useOperation(
    "metrics.labels",
    { metric: view.metric },
    { enabled: view.metric !== "" },
  );
  const query = {
    kind: "metric" as const,
    metric: view.metric,
    aggregation: view.aggregation,
    groupBy: view.groupBy,
    where: view.where,
  };
  const {
    query: result,
    series,
    source,
    readMetric,
    period,
  } = usePanelSeries(query, view.range, { step: view.step });
  // A typed name is taken once it is a known metric (the list may arrive after the typing).
  const isKnown = (names.data ?? []).some((n) => n.name === search);
  const histogramSeries = histogramSeriesOf(
    search,
    (names.data ?? []).map((n) => n.name),
  );
  useEffect(() => {
    if (isKnown && search !== view.metric)
      setParams(
        (latest) => {
          const current = viewFromParams(latest);
          return paramsOfView({
            ...current,
            metric: search,
            aggregation: aggregationFor(search, current.aggregation),
            groupBy: [],
            where: {},
          });
        },
        { replace: true },
      );
  }, [isKnown, search, view.metric, setParams]);
  const step = stepFor(view.range, view.step);

  return (
    <div className="grid gap-4">
      <Card className="grid gap-3 p-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="grid flex-1 gap-1 text-sm" style={{ minWidth: "16rem" }}>
            <label htmlFor="metric-search" className="text-muted-foreground">
              Metric
            </label>
            <Input
              id="metric-search"
              list="metric-names"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Search metric names"
              data-testid="metric-search"
            />
            <datalist id="metric-names">
              {(names.data ?? []).map((n) => (
                <option key={n.name} value={n.name}>
                  {`${n.name} (${n.series} series)`}
                </option>
              ))}
            </datalist>
            {histogramSeries.length > 0 && (
              <p className="text-xs text-muted-foreground" data-testid="histogram-series">
                “{search}” is a histogram, stored as{" "}
                {histogramSeries.map((name, i) => (
                  <span key={name}>
                    {i > 0 && ", "}
                    <button
                      type="button"
                      className="font-mono text-foreground underline"
                      onClick={() => setSearch(name)}
                    >
                      {name}
                    </button>
                    {name.endsWith("_bucket") && " (percentiles)"}
                  </span>
                ))}
              </p>
            )}
          </div>
          <Select
            label="Aggregation"
            value={view.aggregation}
            onChange={(v) => update({ aggregation: v as Aggregation })}
            options={AGGREGATIONS.map((a) => ({ value: a, label: AGGREGATION_LABELS[a] }))}
            testId="metric-aggregation"
          />
          <Select
            label="Period"
            value={view.range}
            onChange={(v) => update({ range: v as RangeValue })}
            options={RANGES.map((r) => ({ value: r.value, label: r.label }))}
            testId="metric-range"
          />
          <Select
            label="Step"
            value={String(view.step)}
            onChange={(v) => update({ step: Number(v) })}
            options={STEPS.map((s) => ({ value: String(s.value), label: s.label }))}
            testId="metric-step"
          />
          <Button
            variant={view.anomalies ? "default" : "outline"}
            disabled={!view.metric}
            aria-pressed={view.anomalies}
            onClick={() => update((latest) => ({ anomalies: !latest.anomalies }))}
          >
            Anomalies
          </Button>
          <Button
            variant={view.forecast ? "default" : "outline"}
            disabled={!view.metric}
            aria-pressed={view.forecast}
            onClick={() => update((latest) => ({ forecast: !latest.forecast }))}
          >
            Forecast
          </Button>
          <Button
            variant="outline"
            disabled={!view.metric}
            onClick={() => setAdding(true)}
            data-testid="add-to-dashboard"
          >
            Add to dashboard
          </Button>
        </div>
        {view.metric && (labels.data ?? []).length > 0 && (
          <fieldset className="grid gap-2 text-sm">
            <legend className="mb-1 text-muted-foreground">Labels: group by, or filter</legend>
            <div className="flex flex-wrap gap-3">
              {(labels.data ?? []).map((l) => (
                <div key={l.name} className="flex items-center gap-2 rounded-md border px-2 py-1">
                  <label className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={view.groupBy.includes(l.name)}
                      disabled={!view.groupBy.includes(l.name) && view.groupBy.length >= 5}
                      onChange={(e) => {
                        const isChecked = e.target.checked;
                        update(({ groupBy }) => ({
                          groupBy: [
                            ...groupBy.filter((g) => g !== l.name),
                            ...(isChecked ? [l.name] : []),
                          ],
                        }));
                      }}
                      data-testid={`group-by-${l.name}`}
                    />
                    {l.name}
                  </label>
                  <select
                    className="rounded border bg-background px-1 py-0.5 text-xs"
                    aria-label={`Filter ${l.name}`}
                    value={view.where[l.name] ?? ""}
                    onChange={(e) => {
                      const value = e.target.value;
                      update((latest) => {
                        const where = { ...latest.where };
                        if (value) where[l.name] = value;
                        else delete where[l.name];
                        return { where };
                      });
                    }}
                    data-testid={`filter-${l.name}`}
                  >
                    <option value="">any</option>
                    {l.values.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          </fieldset>
        )}
      </Card>

      <Card className="p-4">
        {!view.metric ? (
          <EmptyState
            icon={LineIcon}
            title={names.data?.length === 0 ? "No metrics yet" : "Pick a metric"}
            description={
              names.data?.length === 0
                ? "Send metrics over OTLP/HTTP, Prometheus remote_write or scrape, with an ingest key from Logs → Sources."
                : "Search a metric name above, or start with one of those with most series; then group and filter by its labels."
            }
            action={
              names.data && names.data.length > 0 ? (
                <ul
                  className="flex max-w-2xl flex-wrap justify-center gap-2"
                  aria-label="Metrics with most series"
                >
                  {[...names.data]
                    .sort((a, b) => b.series - a.series || a.name.localeCompare(b.name))
                    .slice(0, 12)
                    .map((n) => (
                      <li key={n.name}>
                        <Button
                          variant="outline"
                          size="sm"
                          className="font-mono"
                          onClick={() => setSearch(n.name)}
                        >
                          {n.name}
                          <span className="text-muted-foreground">{format.number(n.series)}</span>
                        </Button>
                      </li>
                    ))}
                </ul>
              ) : undefined
            }
          />
        ) : (
          <QueryState
            query={result}
            isEmpty={() => (series ?? []).every((s) => s.points.length === 0)}
            empty={
              <EmptyState
                icon={LineIcon}
                title="No samples in this period"
                description="Widen the period or loosen the label filters."
              />
            }
          >
            {() => (
              <Suspense fallback={<div className="h-72" />}>
                <MetricChart
                  series={series ?? []}
                  period={period}
                  chart="line"
                  locale={format.locale}
                  valueUnit={unitOfQuery(view.metric, view.aggregation)}
                  label={`${view.aggregation} of ${view.metric} per ${step} s, ${RANGES.find((r) => r.value === view.range)?.label}`}
                />
              </Suspense>
            )}
          </QueryState>
        )}
        {view.metric && source && (
          <p className="mt-2 text-xs text-muted-foreground" data-testid="metric-source">
            {view.aggregation} per {step} s · {series?.length ?? 0} series · read from{" "}
            {source.replace("_", " ")}
            {readMetric && ` of ${readMetric}`}
          </p>
        )}
      </Card>
      {view.metric && view.anomalies && (
        <Card className="p-4">
          <MetricAnomalies
            metric={view.metric}
            aggregation={view.aggregation}
            groupBy={view.groupBy}
            where={view.where}
            period={period}
            step={step}
          />
        </Card>
      )}
      {view.metric && view.forecast && (
        <Card className="p-4">
          <MetricForecast
            metric={view.metric}
            aggregation={view.aggregation}
            groupBy={view.groupBy}
            where={view.where}
          />
        </Card>
      )}
      {adding && (
        <AddToDashboardDialog
          query={query}
          defaultTitle={view.metric}
          onClose={() => setAdding(false)}
        />
      )}
    </div>
  );
}

function Select(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  testId: string;
}) {
  return (
    <label className="grid gap-1 text-sm">
      <span className="text-muted-foreground">{props.label}</span>
      <select
        className={inputClass}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

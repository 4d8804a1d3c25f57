import { List } from "lucide-react";
import { lazy, Suspense, useMemo, useState } from "react";
import { ErrorState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { Skeleton, SkeletonRows } from "../../components/ui/skeleton.tsx";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { AiSpendCard } from "../ai/ai-spend-card.tsx";
import { QuestionBox } from "../ai/question-box.tsx";
import { BreakdownTable } from "./breakdown-table.tsx";
import { explorerCsvName } from "./csv.ts";
import { NoCostData, NoCostInView } from "./explorer-empty.tsx";
import {
  countFilters,
  filtersOfGroup,
  questionToState,
  toApiFilters,
  useExplorerState,
} from "./explorer-state.ts";
import { ExplorerToolbar, groupLabel } from "./explorer-toolbar.tsx";
import { FiltersBar } from "./filters-bar.tsx";
import { ForecastCard } from "./forecast-card.tsx";
import { allocationNoneNote, isAllocationGroup, noneLabelOf } from "./labels.ts";
import { LineItemsDialog, type LineItemsView } from "./line-items-dialog.tsx";
import { createMoneyFormat } from "./money.ts";
import { bucketLabel, bucketRange, describeRange, granularityOf } from "./period.ts";
import { PeriodComparison } from "./period-comparison.tsx";
import { BREAKDOWN_LIMIT, useExplorerData } from "./use-explorer-data.ts";

// ECharts is the heaviest part of the app: only the explorer loads it.
const CostChart = lazy(() => import("./cost-chart.tsx"));
const chartSkeleton = <Skeleton className="h-80 w-full" />;

/** The cost explorer: a period, a grouping, filters; totals, a chart and breakdowns. */
export function ExplorerPage() {
  const { role, format } = useSession();
  const { state, update, drillDown } = useExplorerState();
  const { dimensions, breakdown, previous, series, resources } = useExplorerData(state);
  const currency = breakdown.data?.currency ?? null;
  const [lineItems, setLineItems] = useState<LineItemsView | null>(null);
  // With no cost in the period there is no billing currency: the workspace's stands in.
  const fmt = useMemo(
    () => createMoneyFormat(format.locale, currency ?? format.currency),
    [format.locale, format.currency, currency],
  );

  if (dimensions.isPending) return <SkeletonRows rows={6} label="Loading costs" />;
  if (dimensions.isError)
    return <ErrorState error={dimensions.error} onRetry={() => void dimensions.refetch()} />;
  const { firstDay, lastDay } = dimensions.data;
  if (firstDay === null || lastDay === null)
    return <NoCostData canImport={can(role, "costs:import")} />;

  const period = describeRange(state.range, format.locale);
  const group = groupLabel(state.groupBy);
  const byAllocation = isAllocationGroup(state.groupBy);
  // A client's (project's) lines are listed at the share the rules give it: they add up.
  const isShared = byAllocation || state.filters.allocation !== undefined;
  const noneLabel = noneLabelOf(state.groupBy);
  const unit = currency ? ` in ${currency}` : "";
  const isEmpty = breakdown.isSuccess && breakdown.data.groups.length === 0;
  const dimmed = (stale: boolean) => cn("transition-opacity", stale && "opacity-60");
  const linesOf = (title: string, view: Pick<LineItemsView, "range" | "filters">) =>
    setLineItems({ title, ...view, metric: state.metric, currency: currency ?? undefined });
  /** A bar's lines: its group's value (client, project) on its day or month, within the view. */
  const openBar = (key: string | null, bucket: string) => {
    const granularity = granularityOf(state.range);
    linesOf(`${key ?? noneLabel}, ${bucketLabel(bucket, granularity, format.locale)}`, {
      range: bucketRange(bucket, granularity, state.range),
      filters: toApiFilters(filtersOfGroup(state.filters, state.groupBy, key)),
    });
  };

  return (
    <div className="grid grid-cols-1 gap-6">
      <Card className="grid grid-cols-1 gap-4 px-5 py-4">
        <QuestionBox
          target="costs"
          context={{ from: state.range.from, to: state.range.to, groupBy: state.groupBy }}
          onRun={(query) => update(questionToState(query, state))}
        />
        <ExplorerToolbar
          state={state}
          update={update}
          tagKeys={dimensions.data.tagKeys}
          currencies={breakdown.data?.currencies ?? []}
          currency={currency}
        />
        <FiltersBar
          filters={state.filters}
          dimensions={dimensions.data}
          range={state.range}
          metric={state.metric}
          currency={state.currency}
          onChange={(filters) => update({ filters })}
        />
      </Card>
      <PeriodComparison
        metric={state.metric}
        range={state.range}
        locale={format.locale}
        currency={currency}
        total={breakdown.data?.total}
        previousTotal={previous.data?.total}
        fmt={fmt}
      />
      <ForecastCard state={state} currency={currency} fmt={fmt} locale={format.locale} />
      <AiSpendCard />
      {breakdown.isError && (
        <Card>
          <ErrorState error={breakdown.error} onRetry={() => void breakdown.refetch()} />
        </Card>
      )}
      {isEmpty ? (
        <NoCostInView
          hasFilters={countFilters(state.filters) > 0}
          range={state.range}
          locale={format.locale}
          firstDay={firstDay}
          lastDay={lastDay}
          onClearFilters={() => update({ filters: { columns: {}, tags: {} } })}
          onShowRange={(range) => update({ preset: "custom", range })}
        />
      ) : (
        <>
          <Card className={dimmed(series.isPlaceholderData)}>
            <CardHeader>
              <div>
                <CardTitle>
                  {state.metric} per {granularityOf(state.range)}
                  {unit}, by {group}
                </CardTitle>
                <CardDescription>
                  {period} · the 8 largest groups, the rest as (other).
                  {isShared
                    ? " Split by the allocation rules. Click a bar to see its line items, each at its allocated share."
                    : " Click a bar to see its line items."}
                </CardDescription>
              </div>
              <Button
                variant="outline"
                size="sm"
                onClick={() =>
                  linesOf(period, { range: state.range, filters: toApiFilters(state.filters) })
                }
              >
                <List aria-hidden /> Line items
              </Button>
            </CardHeader>
            <div className="px-4 pb-4">
              {series.isError ? (
                <ErrorState error={series.error} onRetry={() => void series.refetch()} />
              ) : series.data ? (
                <Suspense fallback={chartSkeleton}>
                  <CostChart
                    data={series.data}
                    fmt={fmt}
                    locale={format.locale}
                    label={`${state.metric}${unit} per ${granularityOf(state.range)} by ${group}, ${period}`}
                    noneLabel={noneLabel}
                    onBar={openBar}
                  />
                </Suspense>
              ) : (
                chartSkeleton
              )}
            </div>
          </Card>
          {breakdown.data ? (
            <div className={dimmed(breakdown.isPlaceholderData)}>
              <BreakdownTable
                key={state.groupBy}
                title={`By ${group}`}
                description={`${state.metric}${unit} per ${group}, ${period}.${byAllocation ? allocationNoneNote(state.groupBy) : ""} Click a row to narrow the view to it.`}
                groupBy={state.groupBy}
                groups={breakdown.data.groups}
                total={breakdown.data.total}
                fmt={fmt}
                noneLabel={noneLabel}
                onDrill={(key) => drillDown(key)}
                truncatedAt={BREAKDOWN_LIMIT}
                currency={currency}
                csvName={explorerCsvName(state.groupBy, state.range)}
                testId="costs-breakdown"
              />
            </div>
          ) : (
            <Card>
              <SkeletonRows rows={5} label="Loading the breakdown" />
            </Card>
          )}
          {resources.isError ? (
            <Card>
              <ErrorState error={resources.error} onRetry={() => void resources.refetch()} />
            </Card>
          ) : resources.data ? (
            <div className={dimmed(resources.isPlaceholderData)}>
              <BreakdownTable
                title="Top resources"
                description={`The 10 resources with the most ${state.metric}, ${period}. Costs without a resource are listed as ${"(not set)"}.`}
                groupBy="ResourceId"
                groups={resources.data.groups}
                total={resources.data.total}
                fmt={fmt}
                onDrill={(key) => drillDown(key, "ResourceId")}
              />
            </div>
          ) : (
            <Card>
              <SkeletonRows rows={5} label="Loading top resources" />
            </Card>
          )}
        </>
      )}
      <LineItemsDialog view={lineItems} onClose={() => setLineItems(null)} />
    </div>
  );
}

import { keepPreviousData } from "@tanstack/react-query";
import { lazy, Suspense, useMemo } from "react";
import { ErrorState } from "../../../components/query-state.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { Skeleton, SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { cn } from "../../../lib/utils.ts";
import { CurrencyPicker } from "../currency-picker.tsx";
import { NoCostData, NoCostInView } from "../explorer-empty.tsx";
import { useExplorerState } from "../explorer-state.ts";
import { createMoneyFormat, shareOf, subtractDecimal, toScaled } from "../money.ts";
import { describeRange } from "../period.ts";
import { PeriodPicker } from "../period-picker.tsx";
import { StatCard } from "../stat-card.tsx";
import { slicesOf } from "./allocation-slices.ts";
import { MetricToggle } from "./metric-toggle.tsx";
import { RulesCard } from "./rules-card.tsx";
import { TargetsTable } from "./targets-table.tsx";

// ECharts loads only with the chart, as on the explorer.
const AllocationChart = lazy(() => import("./allocation-chart.tsx"));
const keepPrevious = { placeholderData: keepPreviousData };

/** Cost allocation: a period's cost split between clients and projects by the rules. */
export function AllocationPage() {
  const { role, format } = useSession();
  const { state, update } = useExplorerState();
  const { range, metric } = state;
  const dimensions = useOperation("costs.dimensions", range, keepPrevious);
  const allocation = useOperation(
    "costs.allocation",
    { ...range, metric, currency: state.currency },
    keepPrevious,
  );
  const currency = allocation.data?.currency ?? null;
  const fmt = useMemo(
    () => createMoneyFormat(format.locale, currency ?? format.currency),
    [format.locale, format.currency, currency],
  );
  const slices = useMemo(
    () => (allocation.data ? slicesOf(allocation.data) : []),
    [allocation.data],
  );
  const totals = useMemo(
    () => new Map((allocation.data?.rules ?? []).map((r) => [r.id, r.total])),
    [allocation.data],
  );

  if (dimensions.isPending) return <SkeletonRows rows={6} label="Loading the allocation" />;
  if (dimensions.isError)
    return <ErrorState error={dimensions.error} onRetry={() => void dimensions.refetch()} />;
  const { firstDay, lastDay } = dimensions.data;
  if (firstDay === null || lastDay === null)
    return <NoCostData canImport={can(role, "costs:import")} />;

  const period = describeRange(range, format.locale);
  const unit = currency ? ` in ${currency}` : "";
  const data = allocation.data;
  const isEmpty = data !== undefined && toScaled(data.total) === 0n && data.targets.length === 0;
  const pending = <Skeleton className="my-1 h-7 w-28" />;
  // The last period's numbers stay on screen, dimmed, until this one's arrive.
  const dimmed = cn("transition-opacity", allocation.isPlaceholderData && "opacity-60");

  return (
    <div
      className="grid grid-cols-1 gap-6"
      aria-busy={allocation.isFetching}
      data-testid="allocation-page"
    >
      <Card className="flex flex-wrap items-end gap-x-4 gap-y-3 px-5 py-4">
        <PeriodPicker
          preset={state.preset}
          range={range}
          onChange={(preset, next) => update({ preset, range: next })}
        />
        <MetricToggle metric={metric} onChange={(m) => update({ metric: m })} />
        <CurrencyPicker
          currencies={data?.currencies ?? []}
          currency={currency}
          onChange={(c) => update({ currency: c })}
        />
      </Card>
      <div className={cn("grid gap-4 sm:grid-cols-3", dimmed)}>
        <StatCard
          label={`${metric}${unit}`}
          value={data ? fmt.money(data.total) : pending}
          hint={period}
          testId="allocation-total"
        />
        <StatCard
          label="Allocated"
          value={data ? fmt.money(subtractDecimal(data.total, data.unallocated)) : pending}
          hint={
            data
              ? `${fmt.percent(1 - shareOf(data.unallocated, data.total))} of the period, by ${data.rules.length} rule${data.rules.length === 1 ? "" : "s"}`
              : " "
          }
          testId="allocation-allocated"
        />
        <StatCard
          label="Unallocated"
          value={data ? fmt.money(data.unallocated) : pending}
          hint="Matched by no rule"
          testId="allocation-unallocated"
        />
      </div>
      {allocation.isError && (
        <Card>
          <ErrorState error={allocation.error} onRetry={() => void allocation.refetch()} />
        </Card>
      )}
      {isEmpty ? (
        <NoCostInView
          hasFilters={false}
          range={range}
          locale={format.locale}
          firstDay={firstDay}
          lastDay={lastDay}
          onClearFilters={() => undefined}
          onShowRange={(next) => update({ preset: "custom", range: next })}
        />
      ) : (
        <Card className={dimmed}>
          <CardHeader>
            <div>
              <CardTitle>
                {metric}
                {unit} by client and project
              </CardTitle>
              <CardDescription>
                {period} · what the rules give each client and project, and what no rule matches.
              </CardDescription>
            </div>
          </CardHeader>
          {data ? (
            <div className="grid items-center gap-4 pb-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
              <div className="px-4">
                <Suspense fallback={<Skeleton className="h-64 w-full" />}>
                  <AllocationChart
                    slices={slices}
                    fmt={fmt}
                    total={data.total}
                    label={`${metric}${unit} by client and project, ${period}`}
                  />
                </Suspense>
              </div>
              <TargetsTable slices={slices} total={data.total} fmt={fmt} />
            </div>
          ) : (
            <SkeletonRows rows={4} label="Loading the allocation" />
          )}
        </Card>
      )}
      <RulesCard
        totals={totals}
        fmt={fmt}
        canManage={can(role, "costs:manage")}
        range={range}
        period={period}
      />
    </div>
  );
}

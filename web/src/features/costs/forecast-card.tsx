import { TrendingUp } from "lucide-react";
import type { ReactNode } from "react";
import { Card } from "../../components/ui/card.tsx";
import { Skeleton } from "../../components/ui/skeleton.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { type ExplorerState, toApiFilters } from "./explorer-state.ts";
import type { MoneyFormat } from "./money.ts";

interface ForecastCardProps {
  state: ExplorerState;
  /** The currency the explorer reports in, so the forecast speaks the same one. */
  currency: string | null;
  fmt: MoneyFormat;
  locale: string;
}

/**
 * What this month will come to with the explorer's filters and metric: the cost so far plus a
 * forecast of the days left, with its 80 % range. About the current month whatever period the
 * explorer shows.
 */
export function ForecastCard({ state, currency, fmt, locale }: ForecastCardProps) {
  const forecast = useOperation("costs.forecast", {
    metric: state.metric,
    filters: toApiFilters(state.filters),
    currency: state.currency ?? currency ?? undefined,
  });
  const data = forecast.data;
  let body: ReactNode;
  if (forecast.isPending) body = <Skeleton className="h-5 w-80" />;
  else if (forecast.isError)
    body = (
      <span className="text-destructive">Forecast unavailable: {errorMessage(forecast.error)}</span>
    );
  else if (!data || data.points.length === 0)
    body = (
      <span className="text-muted-foreground">
        No forecast for this month: {data?.method ?? "no history"}.
      </span>
    );
  else {
    const level = Math.round(data.level * 100);
    const month = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(
      new Date(`${data.periodStart}T00:00:00Z`),
    );
    body = (
      <span data-testid="costs-forecast">
        Forecast to end of {month}:{" "}
        <b className="font-semibold tabular-nums">{fmt.money(data.projectedPeriodTotal)}</b>{" "}
        <span className="text-muted-foreground tabular-nums">
          ({level}% range {fmt.money(data.projectedPeriodLower)}–
          {fmt.money(data.projectedPeriodUpper)})
        </span>
      </span>
    );
  }
  const hint =
    data && data.points.length > 0
      ? `${fmt.money(data.actualToDate)} so far this month; the ${data.points.length} days to come forecast from the last ${data.history.length} (${data.method}).`
      : undefined;
  return (
    <Card className="flex items-center gap-3 px-5 py-3 text-sm" title={hint}>
      <TrendingUp className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      <div className="min-w-0">
        {body}
        {hint && <p className="truncate text-xs text-muted-foreground">{hint}</p>}
      </div>
    </Card>
  );
}

import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import type { ReactNode } from "react";
import { Skeleton } from "../../components/ui/skeleton.tsx";
import { cn } from "../../lib/utils.ts";
import type { Metric } from "./explorer-state.ts";
import { type MoneyFormat, percentChange, subtractDecimal, toScaled } from "./money.ts";
import { describeRange, previousRange, type Range } from "./period.ts";
import { StatCard } from "./stat-card.tsx";

interface PeriodComparisonProps {
  metric: Metric;
  range: Range;
  locale: string;
  currency: string | null;
  total: string | undefined;
  previousTotal: string | undefined;
  fmt: MoneyFormat;
}

/** This period's total beside the period it is compared with (period.ts previousRange), and the change. */
export function PeriodComparison(props: PeriodComparisonProps) {
  const { metric, range, locale, currency, total, previousTotal, fmt } = props;
  const previous = previousRange(range);
  const pending = <Skeleton className="my-1 h-7 w-28" />;
  let change: ReactNode = pending;
  if (total !== undefined && previousTotal !== undefined) {
    const delta = subtractDecimal(total, previousTotal);
    const pct = percentChange(total, previousTotal);
    const sign = toScaled(delta);
    const Icon = sign > 0n ? ArrowUpRight : sign < 0n ? ArrowDownRight : Minus;
    const unchanged = sign === 0n && toScaled(total) === 0n;
    change = unchanged ? (
      <span className="inline-flex items-center gap-1 text-base font-medium text-muted-foreground">
        <Minus className="size-5" aria-hidden /> No cost in either
      </span>
    ) : (
      <span
        className={cn(
          "inline-flex items-center gap-1",
          sign > 0n && "text-destructive",
          sign < 0n && "text-success",
        )}
      >
        <Icon className="size-5" aria-hidden />
        {sign > 0n ? "+" : ""}
        {fmt.money(delta)}
        <span className="text-sm font-medium">
          {pct === null ? "(no earlier cost)" : `(${pct > 0 ? "+" : ""}${fmt.percent(pct / 100)})`}
        </span>
      </span>
    );
  }
  const unit = currency ? ` in ${currency}` : "";
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <StatCard
        label={`${metric}${unit}`}
        hint={describeRange(range, locale)}
        value={total === undefined ? pending : fmt.money(total)}
        testId="costs-total"
      />
      <StatCard
        label="Previous period"
        hint={describeRange(previous, locale)}
        value={previousTotal === undefined ? pending : fmt.money(previousTotal)}
        testId="costs-previous-total"
      />
      <StatCard
        label="Change"
        hint={
          range.from.endsWith("-01")
            ? "Against the same days of the month(s) before"
            : "Against as many days just before"
        }
        value={change}
      />
    </div>
  );
}

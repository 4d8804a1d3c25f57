import { cn } from "../../../lib/utils.ts";
import type { MoneyFormat } from "../money.ts";
import { type BudgetStatus, healthOf, thresholdLabel } from "./budget-format.ts";

const FILL = { ok: "bg-success", warning: "bg-warning", over: "bg-destructive" } as const;
const LIGHT = { ok: "bg-success/25", warning: "bg-warning/30", over: "bg-destructive/25" } as const;

interface BudgetProgressProps {
  status: BudgetStatus;
  amount: string;
  fmt: MoneyFormat;
  className?: string;
}

/**
 * Spend so far (solid) and forecast by the period's end (light) against the amount, with a
 * tick at each threshold. The bar reaches past 100% when spend or forecast does, up to 150%.
 */
export function BudgetProgress({ status, amount, fmt, className }: BudgetProgressProps) {
  const health = healthOf(status);
  const forecastHealth = status.forecastPercent >= 100 ? "over" : health;
  const scale = Math.min(150, Math.max(100, status.percentUsed, status.forecastPercent));
  const at = (percent: number) => `${(Math.min(Math.max(percent, 0), scale) / scale) * 100}%`;
  const text = `${fmt.percent(status.percentUsed / 100)} spent (${fmt.money(status.actual)} of ${fmt.money(amount)}), forecast ${fmt.percent(status.forecastPercent / 100)}`;
  return (
    <div className={cn("grid gap-1", className)}>
      {/* The native meter is for assistive technology; the bars below draw both values. */}
      <meter
        className="sr-only"
        min={0}
        max={100}
        value={status.percentUsed}
        aria-label="Budget used"
        aria-valuetext={text}
      >
        {text}
      </meter>
      <div
        aria-hidden
        title={text}
        data-testid="budget-progress"
        data-health={health}
        className="relative h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn("absolute inset-y-0 left-0 rounded-full", LIGHT[forecastHealth])}
          style={{ width: at(status.forecastPercent) }}
        />
        <div
          className={cn("absolute inset-y-0 left-0 rounded-full", FILL[health])}
          style={{ width: at(status.percentUsed) }}
        />
        {status.thresholds
          .filter((t) => t.percent <= scale)
          .map((t) => (
            <span
              key={`${t.percent}-${t.basis}`}
              title={thresholdLabel(t)}
              className={cn(
                "absolute inset-y-0 w-0.5",
                t.basis === "actual" ? "bg-foreground/50" : "bg-foreground/25",
              )}
              style={{ left: at(t.percent) }}
            />
          ))}
        {scale > 100 && (
          <span
            className="absolute inset-y-0 w-0.5 bg-foreground"
            style={{ left: at(100) }}
            title="The budget"
          />
        )}
      </div>
      <div className="flex justify-between text-xs text-muted-foreground">
        <span>
          <span className="font-medium text-foreground">{fmt.money(status.actual)}</span> spent ·{" "}
          {fmt.percent(status.percentUsed / 100)}
        </span>
        <span>
          forecast {fmt.money(status.forecast)} · {fmt.percent(status.forecastPercent / 100)}
        </span>
      </div>
    </div>
  );
}

import { cn } from "../../../lib/utils.ts";
import { METRICS, type Metric } from "../explorer-state.ts";

const HINTS: Record<Metric, string> = {
  BilledCost: "What the invoice charges (FOCUS BilledCost)",
  EffectiveCost: "Cost with commitments amortised (FOCUS EffectiveCost)",
};

/** BilledCost or EffectiveCost, as a two-button switch. */
export function MetricToggle({
  metric,
  onChange,
}: {
  metric: Metric;
  onChange: (metric: Metric) => void;
}) {
  return (
    <fieldset className="grid min-w-0 gap-1.5">
      <legend className="mb-1.5 text-xs font-medium text-muted-foreground">Metric</legend>
      <div className="inline-flex h-9 items-center rounded-lg bg-muted p-1">
        {METRICS.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={metric === m}
            onClick={() => onChange(m)}
            title={HINTS[m]}
            className={cn(
              "inline-flex h-full items-center rounded-md px-3 text-sm font-medium text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring",
              metric === m && "bg-background text-foreground shadow-xs",
            )}
          >
            {m}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

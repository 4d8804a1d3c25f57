import { Label } from "../../components/ui/label.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";
import { cn } from "../../lib/utils.ts";
import { CurrencyPicker } from "./currency-picker.tsx";
import { type ExplorerState, GROUP_DIMENSIONS, METRICS } from "./explorer-state.ts";
import { ALLOCATION_GROUPS } from "./labels.ts";
import { PeriodPicker } from "./period-picker.tsx";

/** How a grouping reads in the UI: FOCUS names as they are, tags as "Tag: key". */
export function groupLabel(groupBy: string): string {
  if (groupBy === "allocation:client") return "Client (allocated)";
  if (groupBy === "allocation:project") return "Project (allocated)";
  return groupBy.startsWith("tag:") ? `Tag: ${groupBy.slice(4)}` : groupBy;
}

interface ExplorerToolbarProps {
  state: ExplorerState;
  update: (patch: Partial<ExplorerState>) => void;
  tagKeys: string[];
  /** Billing currencies with cost in the period; a picker shows when there are several. */
  currencies: string[];
  currency: string | null;
}

export function ExplorerToolbar({
  state,
  update,
  tagKeys,
  currencies,
  currency,
}: ExplorerToolbarProps) {
  const groups: string[] = [
    ...GROUP_DIMENSIONS,
    ...ALLOCATION_GROUPS,
    ...tagKeys.map((k) => `tag:${k}`),
  ];
  if (!groups.includes(state.groupBy)) groups.push(state.groupBy);
  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-3">
      <PeriodPicker
        preset={state.preset}
        range={state.range}
        onChange={(preset, range) => update({ preset, range })}
      />
      <div className="grid gap-1.5 lg:ml-auto">
        <Label htmlFor="costs-group" className="text-xs text-muted-foreground">
          Group by
        </Label>
        <Select value={state.groupBy} onValueChange={(groupBy) => update({ groupBy })}>
          <SelectTrigger id="costs-group" className="w-48" data-testid="costs-group-by">
            <SelectValue />
          </SelectTrigger>
          <SelectContent className="max-h-80">
            {groups.map((g) => (
              <SelectItem key={g} value={g}>
                {groupLabel(g)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <fieldset className="grid min-w-0 gap-1.5">
        <legend className="mb-1.5 text-xs font-medium text-muted-foreground">Metric</legend>
        <div className="inline-flex h-9 items-center rounded-lg bg-muted p-1">
          {METRICS.map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={state.metric === m}
              onClick={() => update({ metric: m })}
              title={
                m === "BilledCost"
                  ? "What the invoice charges (FOCUS BilledCost)"
                  : "Cost with commitments amortised (FOCUS EffectiveCost)"
              }
              className={cn(
                "inline-flex h-full items-center rounded-md px-3 text-sm font-medium text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring",
                state.metric === m && "bg-background text-foreground shadow-xs",
              )}
            >
              {m}
            </button>
          ))}
        </div>
      </fieldset>
      <CurrencyPicker
        currencies={currencies}
        currency={currency}
        onChange={(c) => update({ currency: c })}
      />
    </div>
  );
}

import type { OperationInput, OperationOutput } from "../../../lib/api.ts";
import { type ExplorerFilters, type FilterValue, valuesText } from "../explorer-state.ts";

export type BudgetWithStatus = OperationOutput<"budgets.list">[number];
export type BudgetDetail = OperationOutput<"budgets.get">;
export type BudgetStatus = BudgetWithStatus["status"];
export type BudgetFilters = NonNullable<OperationInput<"budgets.create">["filters"]>;
export type Threshold = BudgetWithStatus["thresholds"][number];
export type Period = BudgetWithStatus["period"];

export const PERIOD_LABELS: Record<Period, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  annual: "Annual",
};

export const DEFAULT_THRESHOLDS: Threshold[] = [
  { percent: 80, basis: "actual" },
  { percent: 100, basis: "actual" },
  { percent: 100, basis: "forecast" },
];

/** How a budget reads at a glance: on track, a threshold crossed, or over the amount. */
export type Health = "ok" | "warning" | "over";

export function healthOf(status: BudgetStatus): Health {
  if (status.percentUsed >= 100) return "over";
  return status.thresholds.some((t) => t.crossed) || status.forecastPercent >= 100
    ? "warning"
    : "ok";
}

export const HEALTH_LABELS: Record<Health, string> = {
  ok: "On track",
  warning: "Threshold crossed",
  over: "Over budget",
};

/** "June 2025", "Q2 2025" or "2025": the period a status covers. */
export function periodName(period: Period, start: string, locale: string): string {
  const date = new Date(`${start}T00:00:00Z`);
  const year = date.getUTCFullYear();
  if (period === "annual") return String(year);
  if (period === "quarterly") return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${year}`;
  return new Intl.DateTimeFormat(locale, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

export function thresholdLabel(t: Threshold): string {
  return `${t.percent}% ${t.basis === "actual" ? "spent" : "forecast"}`;
}

/** The API's filters as the explorer's filter bar edits them. */
export function toExplorerFilters(filters: BudgetFilters | undefined): ExplorerFilters {
  const columns: ExplorerFilters["columns"] = {};
  for (const [key, values] of Object.entries(filters ?? {})) {
    if (key === "tags" || !Array.isArray(values)) continue;
    // null is "(not set)", kept so that saving the budget again keeps it.
    columns[key] = values.filter((v): v is FilterValue => typeof v === "string" || v === null);
  }
  const allocation = filters?.allocation;
  return { columns, tags: { ...(filters?.tags ?? {}) }, ...(allocation ? { allocation } : {}) };
}

/** "ServiceName = Amazon EC2 · tag env = prod", or "All costs". */
export function describeFilters(filters: BudgetFilters | undefined): string {
  const { columns, tags, allocation } = toExplorerFilters(filters);
  const parts = [
    ...(allocation
      ? [
          `allocated to ${allocation.key === null ? `no ${allocation.kind}` : `${allocation.kind} ${allocation.key}`}`,
        ]
      : []),
    ...Object.entries(columns).map(([k, v]) => `${k} = ${valuesText(v, " or ")}`),
    ...Object.entries(tags).map(([k, v]) => `tag ${k} = ${valuesText(v, " or ")}`),
  ];
  return parts.length > 0 ? parts.join(" · ") : "All costs";
}

import type { OperationOutput } from "../../lib/api.ts";
import { fromScaled, toScaled } from "./money.ts";

type Period = OperationOutput<"costs.imports.list">[number]["periods"][number];

/** "2024-09, 2024-10": the billing months an import covers. */
export function periodMonths(periods: Period[]): string[] {
  const months = periods.map((p) => p.billingPeriodStart?.slice(0, 7) ?? "no period");
  return [...new Set(months)].sort();
}

export function accountCount(periods: Period[]): number {
  return new Set(periods.map((p) => p.billingAccountId ?? "")).size;
}

/** BilledCost per billing currency, summed exactly; currencies are never added together. */
export function billedByCurrency(periods: Period[]): { currency: string | null; total: string }[] {
  const sums = new Map<string | null, bigint>();
  for (const p of periods)
    sums.set(p.currency, (sums.get(p.currency) ?? 0n) + toScaled(p.billedCost));
  return [...sums].map(([currency, total]) => ({ currency, total: fromScaled(total) }));
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

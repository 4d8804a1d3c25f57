import type { OperationOutput } from "../../../lib/api.ts";
import { type MoneyFormat, percentChange, subtractDecimal, toScaled } from "../money.ts";

export type Anomaly = OperationOutput<"costs.anomalies.list">[number];
export type AnomalyGroup = OperationOutput<"costs.anomalies.groups">[number];
export type Cause = Anomaly["rootCause"][number];
export type Severity = Anomaly["severity"];

const DIMENSION_LABELS: Record<string, string> = {
  ServiceName: "Service",
  BillingAccountId: "Billing account",
  SubAccountId: "Sub-account",
  RegionId: "Region",
  ResourceId: "Resource",
};

/** "Service", "Billing account", "Tag client". */
export function dimensionLabel(dimension: string): string {
  if (dimension.startsWith("tag:")) return `Tag ${dimension.slice(4)}`;
  return DIMENSION_LABELS[dimension] ?? dimension;
}

/** An amount with its sign, as a change reads: +$20.41, −$3.10. */
export function signedMoney(value: string, fmt: MoneyFormat): string {
  return toScaled(value) > 0n ? `+${fmt.money(value)}` : fmt.money(value);
}

/** "+$20.41" and "+714%": how far the day was from what was expected. */
export function describeChange(anomaly: Pick<Anomaly, "actual" | "expected">, fmt: MoneyFormat) {
  const pct = percentChange(anomaly.actual, anomaly.expected);
  return {
    amount: signedMoney(subtractDecimal(anomaly.actual, anomaly.expected), fmt),
    percent: pct === null ? "" : `${pct > 0 ? "+" : ""}${fmt.percent(pct / 100)}`,
  };
}

/** "Driven by resource globex-etl (+$20.41, 100%)", or undefined without a root cause. */
export function describeRootCause(causes: Cause[], fmt: MoneyFormat): string | undefined {
  const top = causes[0];
  if (!top) return undefined;
  const what = `${dimensionLabel(top.dimension).toLowerCase()} ${top.name ?? top.key}`;
  // Other children moving the other way can put the top one above 100 % of the net change;
  // the summary says "all of it" then, the root cause table keeps the exact share.
  const share = fmt.percent(Math.min(1, Math.abs(top.share)));
  return `Driven by ${what} (${signedMoney(top.deviation, fmt)}, ${share})`;
}

export const SEVERITY_VARIANT: Record<Severity, "destructive" | "warning" | "secondary"> = {
  high: "destructive",
  medium: "warning",
  low: "secondary",
};

export const SEVERITY_HINT: Record<Severity, string> = {
  high: "Four times past the alert threshold, both in noise and in money",
  medium: "Twice past the alert threshold, both in noise and in money",
  low: "Past the alert threshold, but not by much",
};

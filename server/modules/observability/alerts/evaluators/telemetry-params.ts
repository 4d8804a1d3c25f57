import { z } from "zod";
import { zLabelMatcher } from "../../metrics/label-matchers.ts";
import { labelsKeyOf } from "../../metrics/metric-store.ts";

/** Which series a metric rule reads: a name, label matchers and the labels that split alerts. */
export const metricSelection = {
  metric: z.string().trim().min(1).max(200).describe("Metric name, e.g. http_requests_total"),
  matchers: z
    .array(zLabelMatcher)
    .max(20)
    .default([])
    .describe("Only series whose labels match, e.g. job = api"),
  groupBy: z
    .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_.]{0,99}$/, "must be a label name"))
    .max(5)
    .default([])
    .describe("One alert per distinct value of these labels; empty: one for all series"),
};

export const COMPARATORS = [">", ">=", "<", "<=", "==", "!="] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const zComparator = z.enum(COMPARATORS).default(">");

export function holds(actual: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">":
      return actual > threshold;
    case ">=":
      return actual >= threshold;
    case "<":
      return actual < threshold;
    case "<=":
      return actual <= threshold;
    case "==":
      return actual === threshold;
    case "!=":
      return actual !== threshold;
  }
}

/** A number as people read it in a summary: at most 4 significant decimals, no exponent soup. */
export function formatValue(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000 || Number.isInteger(n)) return Number(n.toFixed(2)).toString();
  return Number(n.toPrecision(4)).toString();
}

/** The group's labels (missing ones as ""), its stable alert key and a readable suffix. */
export function groupOf(groupBy: readonly string[], labels: Record<string, string | null>) {
  const group: Record<string, string> = {};
  for (const label of groupBy) group[label] = labels[label] ?? "";
  const described = groupBy.map((l) => `${l}=${group[l] || '""'}`).join(", ");
  return {
    labels: group,
    key: labelsKeyOf(group),
    suffix: described ? ` {${described}}` : "",
  };
}

/** Alerts of one service share an incident; otherwise those of one metric (or log rule) do. */
export function incidentGroup(labels: Record<string, string>, fallback: string): string {
  return labels.service ? `service:${labels.service}` : fallback;
}

export const msAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

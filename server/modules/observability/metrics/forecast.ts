// Capacity forecasts from metric trends: "when does this disk fill", "when does the queue pass
// 10,000". A robust straight line through the recent history of each series (Theil–Sen: the
// median of pairwise slopes, so a spike, a clean-up or a daily wave does not bend it), then
// where that line crosses the threshold.

import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import type { Aggregation } from "./aggregations.ts";
import type { LabelMatcher } from "./label-matchers.ts";
import { queryMetric } from "./metric-query.ts";

export interface ForecastQuery {
  metric: string;
  where?: Record<string, string>;
  matchers?: readonly LabelMatcher[];
  /** Only series of this inventory resource. */
  resourceId?: string;
  groupBy: string[];
  aggregation: Aggregation;
  threshold: number;
  /** "below": the value falls toward the threshold (free bytes); "above": it rises to it. */
  direction: "above" | "below";
  lookbackDays: number;
  horizonDays: number;
  now: Date;
}

export interface SeriesForecast {
  labels: Record<string, string | null>;
  /** The fitted line's value now: the trend's estimate, not the last noisy sample. */
  current: number;
  lastValue: number;
  slopePerDay: number;
  trend: "rising" | "falling" | "flat";
  /** Where the line reaches the threshold within the horizon; null if it does not. */
  crossesAt: Date | null;
  daysLeft: number | null;
  /** Already past the threshold now. */
  breached: boolean;
  /** Share of pairwise slopes agreeing in sign with the median, 0.5 (noise) .. 1 (clear). */
  confidence: number;
  points: number;
  historyDays: number;
  explanation: string;
}

const DAY_S = 86_400;
/** Pairwise slopes grow with n²; the history is averaged down to this many points first. */
const MAX_FIT_POINTS = 240;
/** Less history than this says nothing about a trend. */
const MIN_HISTORY_DAYS = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Averages consecutive points into at most `max` buckets (time and value alike). */
function thin(points: { t: number; v: number }[], max: number) {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: { t: number; v: number }[] = [];
  for (let i = 0; i < points.length; i += size) {
    const chunk = points.slice(i, i + size);
    out.push({
      t: chunk.reduce((s, p) => s + p.t, 0) / chunk.length,
      v: chunk.reduce((s, p) => s + p.v, 0) / chunk.length,
    });
  }
  return out;
}

/** Theil–Sen: slope = median of pairwise slopes, intercept = median of residuals. */
export function theilSen(points: { t: number; v: number }[]) {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j]!.t - points[i]!.t;
      if (dt > 0) slopes.push((points[j]!.v - points[i]!.v) / dt);
    }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  const intercept = median(points.map((p) => p.v - slope * p.t));
  const sign = Math.sign(slope);
  const agreeing = sign === 0 ? 0 : slopes.filter((s) => Math.sign(s) === sign).length;
  return { slope, intercept, agreement: agreeing / slopes.length };
}

/** 99.8G, 5.01G, 0.25: readable whatever the unit (bytes, requests, items). */
function fmt(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [
    [1e15, "P"],
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, suffix] of units) if (abs >= size) return `${(n / size).toFixed(2)}${suffix}`;
  return abs !== 0 && abs < 0.01 ? n.toExponential(2) : n.toFixed(2);
}

function forecastOne(
  labels: Record<string, string | null>,
  raw: { time: Date; value: number }[],
  q: ForecastQuery,
): SeriesForecast | null {
  if (raw.length < 3) return null;
  const nowS = q.now.getTime() / 1000;
  // Time in days relative to now keeps the numbers well conditioned.
  const all = raw.map((p) => ({ t: (p.time.getTime() / 1000 - nowS) / DAY_S, v: p.value }));
  const historyDays = all.at(-1)!.t - all[0]!.t;
  if (historyDays < MIN_HISTORY_DAYS) return null;
  const fit = theilSen(thin(all, MAX_FIT_POINTS));
  if (!fit) return null;
  const current = fit.intercept; // t = 0 is now
  const lastValue = all.at(-1)!.v;
  // A slope that moves the value by less than 0.1% of its level over the whole history is flat.
  const scale = Math.max(Math.abs(current), Math.abs(q.threshold), 1e-9);
  const flat = Math.abs(fit.slope * historyDays) < scale * 1e-3;
  const trend = flat ? "flat" : fit.slope > 0 ? "rising" : "falling";
  const breached = q.direction === "below" ? current <= q.threshold : current >= q.threshold;
  const toward = q.direction === "below" ? trend === "falling" : trend === "rising";
  let daysLeft: number | null = null;
  if (breached) daysLeft = 0;
  else if (toward) {
    const days = (q.threshold - current) / fit.slope;
    if (days >= 0 && days <= q.horizonDays) daysLeft = days;
  }
  const crossesAt = daysLeft === null ? null : new Date(q.now.getTime() + daysLeft * DAY_S * 1000);
  const per = `${fmt(fit.slope)} per day over ${historyDays.toFixed(1)} days`;
  const explanation = breached
    ? `Already ${q.direction} ${fmt(q.threshold)}: the trend puts it at ${fmt(current)} now (${per}).`
    : daysLeft !== null
      ? `At ${per}, the trend goes from ${fmt(current)} now to ${fmt(q.threshold)} in ${daysLeft.toFixed(1)} days.`
      : toward
        ? `Moving toward ${fmt(q.threshold)} (${per}), but not within ${q.horizonDays} days.`
        : `Not moving toward ${fmt(q.threshold)}: ${trend} (${per}).`;
  return {
    labels,
    current,
    lastValue,
    slopePerDay: fit.slope,
    trend,
    crossesAt,
    daysLeft,
    breached,
    confidence: Math.max(fit.agreement, 1 - fit.agreement),
    points: raw.length,
    historyDays,
    explanation,
  };
}

/** One forecast per series (group), soonest crossing first. */
export async function forecastMetric(db: Db, workspaceId: string, q: ForecastQuery) {
  if (q.lookbackDays * 24 > 2000) throw invalid("lookbackDays", "at most 83 days of hourly points");
  const to = new Date(Math.ceil(q.now.getTime() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - q.lookbackDays * DAY_S * 1000);
  const result = await queryMetric(db, workspaceId, {
    metric: q.metric,
    from,
    to,
    step: 3600,
    aggregation: q.aggregation,
    groupBy: q.groupBy,
    where: q.where,
    matchers: q.matchers,
    resourceId: q.resourceId,
  });
  const forecasts: SeriesForecast[] = [];
  let tooShort = 0;
  for (const series of result.series) {
    const forecast = forecastOne(series.labels, series.points, q);
    if (forecast) forecasts.push(forecast);
    else tooShort++;
  }
  forecasts.sort(
    (a, b) => (a.daysLeft ?? Number.POSITIVE_INFINITY) - (b.daysLeft ?? Number.POSITIVE_INFINITY),
  );
  return { series: forecasts, seriesWithTooLittleHistory: tooShort };
}

import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { dateOfDay, dayNumber } from "../analysis/daily-series.ts";
import { type DailyPoint, forecastDaily } from "../analysis/forecast.ts";
import { lastCostDay } from "../anomalies/anomaly-series.ts";
import { toDecimal } from "../anomalies/decimal.ts";
import {
  type Filters,
  filterColumns,
  type Metric,
  type Scope,
  sourceFor,
  summarise,
  tableOf,
  timeSeries,
  whereOf,
} from "../explorer/query.ts";

/** Days of history a forecast learns from. */
export const HISTORY_DAYS = 60;
/** Billing exports arrive a day or three late; a feed silent for longer is not forecast. */
export const MAX_LAG_DAYS = 14;
/** Groups forecast one by one when a forecast is grouped. */
export const TOP_GROUPS = 5;

export interface ForecastRequest {
  workspaceId: string;
  filters?: Filters;
  metric: Metric;
  currency?: string;
  groupBy?: string;
  /** Day after the last forecast day; by default the 1st of next month. */
  until?: string;
  level: number;
  today: Date;
}

const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/** The 1st of the month after `date`'s: the exclusive end of its month. */
export function endOfMonth(date: string): string {
  const [year, month] = date.split("-").map(Number);
  return dateOfDay(Date.UTC(year!, month!, 1) / 86_400_000);
}

/** One series' forecast with the period it completes. */
function forecastSeries(
  history: DailyPoint[],
  options: { until: string; level: number; periodStart: string; actualToDate: string },
) {
  const forecast = forecastDaily(history, options.until, { level: options.level });
  // Points before the period (billing data arriving late across a month's end) are forecast
  // but belong to the month before: the period's projection leaves them out.
  const before = forecast.points
    .filter((p) => p.date < options.periodStart)
    .reduce((sum, p) => sum + p.value, 0);
  const base = Number(options.actualToDate) - before;
  return {
    method: forecast.method,
    history: history.map((p) => ({ date: p.date, value: toDecimal(p.value) })),
    points: forecast.points.map((p) => ({
      date: p.date,
      value: toDecimal(p.value),
      lower: toDecimal(p.lower),
      upper: toDecimal(p.upper),
    })),
    total: toDecimal(forecast.total),
    totalLower: toDecimal(forecast.totalLower),
    totalUpper: toDecimal(forecast.totalUpper),
    actualToDate: toDecimal(Number(options.actualToDate)),
    projectedPeriodTotal: toDecimal(base + forecast.total),
    projectedPeriodLower: toDecimal(base + forecast.totalLower),
    projectedPeriodUpper: toDecimal(base + forecast.totalUpper),
  };
}

/** The last day before `scope.to` with cost in the filters (and currency), or null. */
async function lastCostDayIn(db: Db, scope: Scope, metric: Metric): Promise<string | null> {
  const tags = Object.keys(scope.filters?.tags ?? {}).length > 0;
  const source = sourceFor(filterColumns(scope.filters), tags);
  const { table, day, metric: metricSql } = tableOf(source);
  const result = await db.execute(sql`
    SELECT to_char(max(${day}), 'YYYY-MM-DD') AS last FROM ${table}
    WHERE ${whereOf(source, scope, scope.currency ?? null)} AND ${metricSql(metric)} <> 0`);
  return rowsOf<{ last: string | null }>(result)[0]?.last ?? null;
}

/**
 * Forecasts daily cost from the workspace's last complete day (yesterday, or its last day with
 * cost when billing data lags) up to `until`, from the 60 days before, with the cost so far in
 * the current month: what the month will come to. With `groupBy`, also one forecast for each
 * of the five largest groups.
 */
export async function forecastCosts(db: Db, request: ForecastRequest) {
  const today = todayOf(request.today);
  const until = request.until ?? endOfMonth(today);
  const yesterday = dayNumber(today) - 1;
  const imported = await lastCostDay(db, request.workspaceId);
  // Days after the last imported one are unknown, not free: the forecast starts after it. Data
  // older than MAX_LAG_DAYS is a stopped feed, not a lag: months of it would be forecast.
  const last = imported && dayNumber(imported) >= yesterday - MAX_LAG_DAYS ? imported : undefined;
  const historyTo = Math.min(yesterday, last ? dayNumber(last) : yesterday) + 1;
  const from = dateOfDay(historyTo - HISTORY_DAYS);
  const to = dateOfDay(historyTo);
  const periodStart = `${today.slice(0, 8)}01`;
  const scope = { ...request, from, to, granularity: "day" as const, top: TOP_GROUPS };
  const series = await timeSeries(db, scope);
  const currency = series.currency ?? undefined;
  const period = { from: periodStart < to ? periodStart : to, to };
  const actual =
    period.from < period.to
      ? await summarise(db, { ...request, ...period, currency, limit: undefined })
      : { total: "0", groups: [] };
  const pointsOf = (values: (index: number) => number) =>
    series.dates.map((date, i) => ({ date, value: values(i) }));
  // Filters may keep only what stopped long ago (an account closed in spring) while the rest
  // of the workspace is current: a history of zeros is no history, said as for the workspace.
  const hasHistory = series.series.some((s) => s.values.some((v) => Number(v) !== 0));
  const overall = forecastSeries(
    last && hasHistory
      ? pointsOf((i) => series.series.reduce((sum, s) => sum + Number(s.values[i] ?? 0), 0))
      : [],
    { until, level: request.level, periodStart, actualToDate: actual.total },
  );
  if (imported && !last) overall.method = `no cost imported since ${imported}`;
  else if (last && !hasHistory) {
    const lastIn = await lastCostDayIn(
      db,
      { ...request, from: "1970-01-01", to, currency },
      request.metric,
    );
    overall.method = lastIn
      ? `no cost in this selection since ${lastIn}`
      : "no cost in this selection";
  }
  const groups =
    request.groupBy && last && hasHistory
      ? series.series
          .filter((s) => s.key !== "(other)")
          .map((s) => ({
            key: s.key,
            ...forecastSeries(
              pointsOf((i) => Number(s.values[i] ?? 0)),
              {
                until,
                level: request.level,
                periodStart,
                actualToDate: actual.groups.find((g) => g.key === s.key)?.total ?? "0",
              },
            ),
          }))
      : [];
  return {
    currency: series.currency,
    metric: request.metric,
    level: request.level,
    historyFrom: from,
    periodStart,
    until,
    ...overall,
    groups,
  };
}

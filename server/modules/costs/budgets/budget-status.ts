import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { addDays } from "../analysis/daily-series.ts";
import { type ForecastPoint, forecastDaily } from "../analysis/forecast.ts";
import {
  type Filters,
  filterColumns,
  filterPredicate,
  type Metric,
  sourceFor,
  summarise,
  tableOf,
  timeSeries,
} from "../explorer/query.ts";
import { type BudgetPeriod, daysBetween, periodOf } from "./periods.ts";

/** How far back the forecast learns from. */
export const HISTORY_DAYS = 60;
/** The forecast's central prediction interval. */
export const FORECAST_LEVEL = 0.8;

export const THRESHOLD_BASES = ["actual", "forecast"] as const;
export interface Threshold {
  percent: number;
  basis: (typeof THRESHOLD_BASES)[number];
}

/** What a budget measures: the ledger's costs in its scope, in one currency and metric. */
export interface BudgetScope {
  workspaceId: string;
  period: BudgetPeriod;
  amount: string;
  currency: string;
  metric: Metric;
  filters: Filters;
  thresholds: Threshold[];
}

export interface BudgetStatus {
  periodStart: string;
  /** The day after the period's last day. */
  periodEnd: string;
  /** The last day with imported cost (none after today); null without any cost data. */
  dataThrough: string | null;
  /** Spend in the period so far, exact. */
  actual: string;
  /** Actual plus the forecast for the rest of the period, to the cent, with its interval. */
  forecast: string;
  forecastLower: string;
  forecastUpper: string;
  forecastLevel: number;
  forecastMethod: string;
  percentUsed: number;
  forecastPercent: number;
  /**
   * Whether the ledger has any cost (of any day) in the budget's currency that its filters
   * match: without, a typo'd or unused currency would read "on track" for ever.
   */
  hasCostsInCurrency: boolean;
  /** The thresholds crossed now, with the spend that crossed each. */
  crossed: (Threshold & { spend: string })[];
}

/** The forecast's days inside the period, with their total and interval. */
interface PeriodForecast {
  points: ForecastPoint[];
  total: number;
  lower: number;
  upper: number;
}

const cents = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2).toFixed(2);

/** Percentage of the budget, to one decimal, for display and comparisons shown to people. */
function percentOf(spend: Decimal.Value, amount: string): number {
  const budget = new Decimal(amount);
  if (budget.lte(0)) return 0;
  return new Decimal(spend).div(budget).times(100).toDecimalPlaces(1).toNumber();
}

async function lastCostDay(db: Db, workspaceId: string): Promise<string | null> {
  const result = await db.execute(sql`
    SELECT to_char(max(day), 'YYYY-MM-DD') AS last FROM cost_daily WHERE workspace_id = ${workspaceId}`);
  return rowsOf<{ last: string | null }>(result)[0]?.last ?? null;
}

async function hasCostsInCurrency(db: Db, scope: BudgetScope): Promise<boolean> {
  const tags = Object.keys(scope.filters.tags ?? {}).length > 0;
  const source = sourceFor(filterColumns(scope.filters), tags);
  const filters = filterPredicate(source, scope.filters);
  const result = await db.execute(sql`
    SELECT EXISTS (SELECT 1 FROM ${tableOf(source).table}
      WHERE workspace_id = ${scope.workspaceId} AND billing_currency = ${scope.currency}
        ${filters ? sql`AND ${filters}` : sql``}) AS found`);
  return rowsOf<{ found: boolean }>(result)[0]?.found === true;
}

async function dailySeries(db: Db, scope: BudgetScope, from: string, to: string) {
  const series = await timeSeries(db, {
    workspaceId: scope.workspaceId,
    from,
    to,
    filters: scope.filters,
    currency: scope.currency,
    metric: scope.metric,
    granularity: "day",
    top: 1,
  });
  const values = series.series[0]?.values ?? [];
  return series.dates.map((date, i) => ({ date, value: values[i] ?? "0" }));
}

function forecastPeriod(history: { date: string; value: string }[], start: string, end: string) {
  const forecast = forecastDaily(
    history.map((p) => ({ date: p.date, value: Number(p.value) })),
    end,
    { level: FORECAST_LEVEL },
  );
  const points = forecast.points.filter((p) => p.date >= start);
  if (points.length === forecast.points.length) {
    const { total, totalLower: lower, totalUpper: upper } = forecast;
    return { method: forecast.method, points, total, lower, upper };
  }
  // The history ends before the period starts, so the joint interval also covers days outside
  // it. The sum of the daily bands stands in: never narrower than the joint one.
  const sum = (pick: (p: ForecastPoint) => number) => points.reduce((s, p) => s + pick(p), 0);
  return {
    method: forecast.method,
    points,
    total: sum((p) => p.value),
    lower: sum((p) => p.lower),
    upper: sum((p) => p.upper),
  };
}

/**
 * Spend to date and the forecast to the end of the current period. The forecast learns from
 * the last 60 days up to the last day with cost data (imports lag), predicts every day after
 * it to the period's end, and forecast spend is actual to date plus that.
 */
export async function measureBudget(
  db: Db,
  scope: BudgetScope,
  today: string,
): Promise<{ status: BudgetStatus; forecast: PeriodForecast }> {
  const { start, end } = periodOf(scope.period, today);
  const last = await lastCostDay(db, scope.workspaceId);
  const dataThrough = last === null ? null : last < today ? last : today;
  const actualTo = dataThrough === null ? start : addDays(dataThrough, 1);
  const actual =
    actualTo > start
      ? (
          await summarise(db, {
            workspaceId: scope.workspaceId,
            from: start,
            to: actualTo, // never past the period: data runs to today at most
            filters: scope.filters,
            currency: scope.currency,
            metric: scope.metric,
          })
        ).total
      : "0";

  // The 60 days up to the last day with data, as the explorer's forecast learns: counted from
  // today instead, a day of import lag left 59, and the two pages forecast the same scope apart.
  const historyFrom = addDays(dataThrough ?? today, 1 - HISTORY_DAYS);
  let forecast: PeriodForecast & { method: string } = {
    method: "no cost in the last 60 days",
    points: [],
    total: 0,
    lower: 0,
    upper: 0,
  };
  // A feed that stopped more than 60 days ago is not forecast from.
  if (dataThrough !== null && dataThrough >= addDays(today, 1 - HISTORY_DAYS)) {
    const history = await dailySeries(db, scope, historyFrom, addDays(dataThrough, 1));
    forecast = forecastPeriod(history, start, end);
  }

  const actualDecimal = new Decimal(actual);
  const forecastSpend = actualDecimal.plus(cents(forecast.total));
  const crossed = scope.thresholds.flatMap((threshold) => {
    const spend = threshold.basis === "actual" ? actualDecimal : forecastSpend;
    const limit = new Decimal(scope.amount).times(threshold.percent).div(100);
    return limit.gt(0) && spend.gte(limit) ? [{ ...threshold, spend: spend.toString() }] : [];
  });
  return {
    status: {
      periodStart: start,
      periodEnd: end,
      dataThrough,
      actual,
      forecast: cents(forecastSpend),
      forecastLower: cents(actualDecimal.plus(cents(forecast.lower))),
      forecastUpper: cents(actualDecimal.plus(cents(forecast.upper))),
      forecastLevel: FORECAST_LEVEL,
      forecastMethod: forecast.method,
      percentUsed: percentOf(actualDecimal, scope.amount),
      forecastPercent: percentOf(forecastSpend, scope.amount),
      // Spend in the period proves there are costs; only an empty period needs the look.
      hasCostsInCurrency: actualDecimal.isZero() ? await hasCostsInCurrency(db, scope) : true,
      crossed,
    },
    forecast,
  };
}

export interface BurnDown {
  dates: string[];
  /** Cumulative actual spend per day, to the cent; null after the last day with data. */
  actual: (string | null)[];
  /** Cumulative forecast from the last actual day to the period's end; null before. */
  forecast: (string | null)[];
  forecastLower: (string | null)[];
  forecastUpper: (string | null)[];
  /** Even spending of the budget over the period: where the actual line should stay under. */
  pace: string[];
}

/**
 * The daily burn-down of the current period: cumulative actual, the budget's even pace and
 * the cumulative forecast. The band is the daily bands added up, scaled so that it ends at
 * the forecast's interval for the period (the daily bands alone overstate it).
 */
export async function burnDown(
  db: Db,
  scope: BudgetScope,
  measured: { status: BudgetStatus; forecast: PeriodForecast },
): Promise<BurnDown> {
  const { periodStart: start, periodEnd: end, dataThrough } = measured.status;
  const { forecast } = measured;
  const days = daysBetween(start, end);
  const dates = Array.from({ length: days }, (_, i) => addDays(start, i));
  const actualDays =
    dataThrough !== null && dataThrough >= start
      ? await dailySeries(db, scope, start, addDays(dataThrough, 1))
      : [];
  const byDay = new Map(actualDays.map((p) => [p.date, p.value]));

  const lowSpread = forecast.points.reduce((s, p) => s + (p.value - p.lower), 0);
  const highSpread = forecast.points.reduce((s, p) => s + (p.upper - p.value), 0);
  const lowScale = lowSpread > 0 ? (forecast.total - forecast.lower) / lowSpread : 0;
  const highScale = highSpread > 0 ? (forecast.upper - forecast.total) / highSpread : 0;
  const predicted = new Map(forecast.points.map((p) => [p.date, p]));

  let cumulative = new Decimal(0);
  let centre = 0;
  let low = 0;
  let high = 0;
  const out: BurnDown = {
    dates,
    actual: [],
    forecast: [],
    forecastLower: [],
    forecastUpper: [],
    pace: [],
  };
  const amount = new Decimal(scope.amount);
  dates.forEach((date, i) => {
    out.pace.push(cents(amount.times(i + 1).div(days)));
    const isActual = dataThrough !== null && date <= dataThrough;
    if (isActual) cumulative = cumulative.plus(byDay.get(date) ?? "0");
    out.actual.push(isActual ? cents(cumulative) : null);
    const point = predicted.get(date);
    if (point) {
      centre += point.value;
      low += (point.value - point.lower) * lowScale;
      high += (point.upper - point.value) * highScale;
    }
    // The forecast line starts at the last actual day so the two lines meet.
    const showsForecast = point !== undefined || date === dataThrough;
    const at = (offset: number) => (showsForecast ? cents(cumulative.plus(offset)) : null);
    out.forecast.push(at(centre));
    out.forecastLower.push(at(centre - low));
    out.forecastUpper.push(at(centre + high));
  });
  return out;
}

import { median, probit } from "simple-statistics";
import {
  type DailyPoint,
  dateOfDay,
  dayNumber,
  dayOfMonth,
  toDenseSeries,
  trimLeadingZeros,
} from "./daily-series.ts";
import {
  type EtsFit,
  type EtsSpec,
  etsName,
  etsParameterCount,
  fitEts,
  forecastEts,
} from "./ets.ts";
import { centeredMedians, cleanOutliers, robustSigma } from "./robust.ts";

export type { DailyPoint } from "./daily-series.ts";

export interface ForecastPoint {
  date: string;
  value: number;
  lower: number;
  upper: number;
}

export interface Forecast {
  method: string;
  points: ForecastPoint[];
  total: number;
  totalLower: number;
  totalUpper: number;
  level: number;
}

// Which models a history of n days may choose from. Trend and weekly season both need two
// weeks: before that a weekday pattern looks like a trend (one value per weekday is no pattern).
const CANDIDATES: { spec: EtsSpec; minDays: number }[] = [
  { spec: { trend: false, season: false }, minDays: 3 },
  { spec: { trend: true, season: false }, minDays: 14 },
  { spec: { trend: false, season: true }, minDays: 14 },
  { spec: { trend: true, season: true }, minDays: 21 },
];

/**
 * Student-t quantile from the normal one (Cornish–Fisher expansion, Abramowitz & Stegun
 * 26.7.5): the error variance is estimated from few days, so short histories get wider bands.
 */
function studentQuantile(p: number, df: number): number {
  const z = probit(p);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Charges that came back on the same day of the month in every month the history covers (at
 * least twice), such as a monthly reservation fee or a credit on the 1st: certain to return,
 * where the model would smooth them into every day. Each day's extra is its distance from the
 * median of the days around it, so a fee is found on a series that is otherwise zero (a
 * commitment service) as on a busy one; it counts when every month's extra has the same sign
 * and stands out of the day-to-day noise. Returns the usual extra by day of the month.
 */
function recurringMonthlyCharges(history: readonly number[], start: number): Map<number, number> {
  const around = centeredMedians(history, 3);
  const extras = history.map((value, t) => value - around[t]!);
  const noise = robustSigma(extras);
  const byDay = new Map<number, number[]>();
  for (let t = 0; t < history.length; t++) {
    const day = dayOfMonth(start + t);
    byDay.set(day, [...(byDay.get(day) ?? []), extras[t]!]);
  }
  const charges = new Map<number, number>();
  for (const [day, amounts] of byDay) {
    if (amounts.length < 2) continue;
    const sign = Math.sign(amounts[0]!);
    const stands = (x: number) => Math.sign(x) === sign && Math.abs(x) > 3 * noise;
    if (sign !== 0 && amounts.every(stands)) charges.set(day, median(amounts));
  }
  return charges;
}

interface Model {
  method: string;
  mean: number[];
  variance: number[];
  sumVariance: number;
  /** Degrees of freedom left for the error variance. */
  df: number;
}

// One or two days: the mean, with the variance of a new draw around an estimated mean. With
// one day the spread is unknown and taken as a quarter of the level, a guess said as such.
function fitMeanModel(values: readonly number[], horizon: number): Model {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const spread = n > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0;
  const sigma2 = Math.max(spread, (0.25 * mean) ** 2);
  return {
    method: n === 1 ? "mean of 1 day (spread guessed)" : `mean of ${n} days`,
    mean: new Array<number>(horizon).fill(mean),
    variance: new Array<number>(horizon).fill(sigma2 * (1 + 1 / n)),
    sumVariance: sigma2 * (horizon + horizon ** 2 / n),
    df: Math.max(1, n - 1),
  };
}

// Fits every model the history is long enough for and keeps the one with the lowest AIC.
function fitBestEts(values: readonly number[], start: number, horizon: number): Model {
  let best: EtsFit | undefined;
  for (const { spec, minDays } of CANDIDATES) {
    if (values.length < minDays) continue;
    const fit = fitEts(values, spec, start);
    if (!best || fit.aic < best.aic) best = fit;
  }
  const fit = best ?? fitEts(values, CANDIDATES[0]!.spec, start);
  return {
    method: etsName(fit.spec),
    ...forecastEts(fit, horizon),
    df: Math.max(1, fit.n - etsParameterCount(fit.spec)),
  };
}

/**
 * Forecasts daily cost from the day after the history up to `until` (exclusive), with a
 * central prediction interval at `level` for each day and for the total. Robust exponential
 * smoothing: one-off days are set aside, then the ETS model with the lowest AIC is kept.
 */
export function forecastDaily(
  history: DailyPoint[],
  until: string,
  options: { level?: number } = {},
): Forecast {
  const level = options.level ?? 0.8;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1: ${level}`);
  const series = trimLeadingZeros(toDenseSeries(history));
  const { start, values } = series;
  const firstDay = start + values.length;
  const horizon = Math.max(0, dayNumber(until) - firstDay);
  const empty = { points: [], total: 0, totalLower: 0, totalUpper: 0, level };
  if (values.length === 0) return { method: "no history", ...empty };
  if (horizon === 0) return { method: "nothing to forecast", ...empty };

  const isNonNegative = values.every((value) => value >= 0);
  const clamp = (value: number) => (isNonNegative ? Math.max(0, value) : value);
  // Monthly charges are taken out before the model learns the rest, and put back on their day.
  const charges = recurringMonthlyCharges(values, start);
  const usual = values.map((value, t) => value - (charges.get(dayOfMonth(start + t)) ?? 0));
  const cleaned = cleanOutliers(usual, start);
  const model = values.every((value) => value === 0)
    ? { ...fitMeanModel([0], horizon), method: "no cost so far" }
    : values.length < 3
      ? fitMeanModel(usual, horizon)
      : fitBestEts(cleaned.values, start, horizon);
  const quantile = studentQuantile(0.5 + level / 2, model.df);

  const points = model.mean.map((mean, h): ForecastPoint => {
    const day = firstDay + h;
    const centre = mean + (charges.get(dayOfMonth(day)) ?? 0);
    const halfWidth = quantile * Math.sqrt(model.variance[h]!);
    return {
      date: dateOfDay(day),
      value: clamp(centre),
      lower: clamp(centre - halfWidth),
      upper: clamp(centre + halfWidth),
    };
  });
  const total = points.reduce((sum, point) => sum + point.value, 0);
  const totalHalfWidth = quantile * Math.sqrt(model.sumVariance);
  const notes = [
    cleaned.outliers.length > 0 ? `${cleaned.outliers.length} one-off day(s) set aside` : "",
    charges.size > 0 ? `monthly charge on day ${[...charges.keys()].join(", ")}` : "",
  ].filter(Boolean);
  return {
    method: [model.method, ...notes].join("; "),
    points,
    total,
    totalLower: clamp(total - totalHalfWidth),
    totalUpper: total + totalHalfWidth,
    level,
  };
}

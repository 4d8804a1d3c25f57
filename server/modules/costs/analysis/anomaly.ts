import { median } from "simple-statistics";
import {
  type DailyPoint,
  dateOfDay,
  dayNumber,
  toDenseSeries,
  trimLeadingZeros,
  weekdayOfDay,
} from "./daily-series.ts";
import { centeredMedians, robustSigma, weekdayOffsets } from "./robust.ts";

export interface Anomaly {
  date: string;
  actual: number;
  expected: number;
  /** The band outside which a day counts as an anomaly. */
  lower: number;
  upper: number;
  /** actual − expected */
  deviation: number;
  /** Robust z-score: the deviation in units of the series' usual day-to-day noise. */
  score: number;
  severity: "low" | "medium" | "high";
}

export interface AnomalyOptions {
  /** Days of history a series needs before its days are judged. Default 14. */
  minHistory?: number;
  /** 1 by default; 2 flags deviations half as large, 0.5 only those twice as large. */
  sensitivity?: number;
  /** Smallest deviation, in currency a day, worth an alert. Default 1; 0 turns it off. */
  minImpact?: number;
}

export interface Contributor {
  key: string;
  actual: number;
  expected: number;
  deviation: number;
  /** Share of the children's total deviation (the shares add up to 1). */
  share: number;
}

// Eight weeks of history are enough to know a series' normal and short enough to forget
// an old one.
const WINDOW_DAYS = 56;
// Judged against defaults: a deviation must be both 4 robust sigmas and 20 % of a usual day.
const SIGMAS = 4;
const SHARE_OF_TYPICAL = 0.2;

interface Baseline {
  expected: number;
  /** Robust standard deviation of the day-to-day noise. */
  sigma: number;
  /** The series' usual absolute daily cost. */
  typical: number;
  isNonNegative: boolean;
}

// Errors of "median of the last seven days" as a forecast of each day of `values`: the noise
// scale that matters is that of the predictor, and residuals from a median fitted through the
// same days would understate it.
function oneStepErrors(values: readonly number[]): number[] {
  const errors: number[] = [];
  for (let s = 3; s < values.length; s++) {
    errors.push(values[s]! - median(values.slice(Math.max(0, s - 7), s)));
  }
  return errors;
}

const meanAbsolute = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + Math.abs(value), 0) / Math.max(1, values.length);

/**
 * What day `t` should cost, from the days before it only (as a daily job would know it): the
 * median of the last seven days plus that weekday's usual distance from the weekly level,
 * when two weeks show such a pattern. Undefined without any earlier day.
 */
function baselineAt(values: readonly number[], start: number, t: number): Baseline | undefined {
  const from = Math.max(0, t - WINDOW_DAYS);
  const window = values.slice(from, t);
  if (window.length === 0) return undefined;
  const offsets = weekdayOffsets(
    window,
    centeredMedians(window, 3, { fullWindows: true }),
    start + from,
  );
  const adjusted = window.map((value, s) => value - offsets[weekdayOfDay(start + from + s)]!);
  const plainErrors = oneStepErrors(window);
  const seasonalErrors = oneStepErrors(adjusted);
  // Weekday effects are kept only when they make the forecasts clearly better, not when they
  // just fit the noise. Mean absolute error, as a median would not see two bad weekend days.
  const hasWeekdays =
    window.length >= 14 && meanAbsolute(seasonalErrors) < 0.8 * meanAbsolute(plainErrors);
  const base = hasWeekdays ? adjusted : window;
  const errors = hasWeekdays ? seasonalErrors : plainErrors;
  // The MAD of m errors is itself uncertain, by about 1.17/√m of the noise (its asymptotic
  // standard error): the upper estimate keeps the first weeks of a series from crying wolf.
  const sigma = robustSigma(errors) * (1 + 1.17 / Math.sqrt(Math.max(1, errors.length)));
  const typical = median(window.map(Math.abs));
  return {
    expected: median(base.slice(-7)) + (hasWeekdays ? offsets[weekdayOfDay(start + t)]! : 0),
    // A flat series (one reserved instance, a fixed fee) has no noise at all: a floor of 1 % of
    // its usual, or else of its mean, cost keeps the scores finite.
    sigma: Math.max(sigma, 0.01 * typical, 0.01 * meanAbsolute(window), 1e-9),
    typical,
    isNonNegative: window.every((value) => value >= 0),
  };
}

function severityOf(score: number, deviation: number, floor: number): Anomaly["severity"] {
  // The weaker of the two signals decides: a huge z-score on a few cents is still low.
  const strength = Math.min(Math.abs(score) / SIGMAS, Math.abs(deviation) / floor);
  return strength >= 4 ? "high" : strength >= 2 ? "medium" : "low";
}

/**
 * Days whose cost is far from what the days before them suggest, both in robust sigmas and
 * in money. Causal (each day is judged on earlier days only), robust to earlier spikes
 * (medians), weekday-aware, and silent for a series' first `minHistory` days.
 */
export function detectAnomalies(series: DailyPoint[], options: AnomalyOptions = {}): Anomaly[] {
  const minHistory = options.minHistory ?? 14;
  const sensitivity = options.sensitivity ?? 1;
  const minImpact = options.minImpact ?? 1;
  if (!(sensitivity > 0)) throw new RangeError(`sensitivity must be above 0: ${sensitivity}`);
  const { start, values } = trimLeadingZeros(toDenseSeries(series));
  const anomalies: Anomaly[] = [];
  for (let t = Math.max(1, minHistory); t < values.length; t++) {
    const baseline = baselineAt(values, start, t);
    if (!baseline) continue;
    const { expected, sigma, typical } = baseline;
    const actual = values[t]!;
    const deviation = actual - expected;
    const score = deviation / sigma;
    // The money floor scales with the series: 20 % of a usual day (or of the expected cost,
    // if larger), so cents on a weekend of a $5/day series do not count; minImpact on top.
    const shareFloor = SHARE_OF_TYPICAL * Math.max(typical, Math.abs(expected));
    const halfWidth = Math.max((SIGMAS * sigma) / sensitivity, shareFloor / sensitivity, minImpact);
    if (Math.abs(deviation) < halfWidth) continue;
    const lower = expected - halfWidth;
    anomalies.push({
      date: dateOfDay(start + t),
      actual,
      expected,
      lower: baseline.isNonNegative ? Math.max(0, lower) : lower,
      upper: expected + halfWidth,
      deviation,
      score,
      severity: severityOf(score, deviation, Math.max(shareFloor, minImpact)),
    });
  }
  return anomalies;
}

/**
 * Root cause of a day's change: each child's (service, account, region, tag value…) cost that
 * day against its own baseline, largest move first. Children's baselines are medians, so their
 * expected costs need not add up to the parent's.
 */
export function explainAnomaly(
  children: { key: string; series: DailyPoint[] }[],
  date: string,
): Contributor[] {
  const day = dayNumber(date);
  const moves = children.map(({ key, series }) => {
    const { start, values } = toDenseSeries(series);
    const t = day - start;
    if (values.length === 0 || t < 0) return { key, actual: 0, expected: 0, deviation: 0 };
    const padded = [...values, ...new Array<number>(Math.max(0, t + 1 - values.length)).fill(0)];
    const first = padded.findIndex((value) => value !== 0);
    // A child that started on the day has no baseline: all of its cost is new.
    const baseline =
      first >= 0 && first < t
        ? baselineAt(padded.slice(first), start + first, t - first)
        : undefined;
    const actual = padded[t]!;
    const expected = baseline?.expected ?? 0;
    return { key, actual, expected, deviation: actual - expected };
  });
  const total = moves.reduce((sum, move) => sum + move.deviation, 0);
  return moves
    .map((move) => ({ ...move, share: total === 0 ? 0 : move.deviation / total }))
    .sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation));
}

import { median, medianAbsoluteDeviation } from "simple-statistics";
import { weekdayOfDay } from "./daily-series.ts";

/** 1.4826 × MAD estimates the standard deviation of normally distributed noise. */
export const MAD_TO_SIGMA = 1.4826;

/** Robust standard deviation: 1.4826 × the median absolute deviation (0 for an empty list). */
export function robustSigma(values: readonly number[]): number {
  return values.length === 0 ? 0 : MAD_TO_SIGMA * medianAbsoluteDeviation([...values]);
}

/**
 * Median of each value's window of `halfWidth` days either side. At the ends the window is
 * shortened, so that a level shift in the last days shows in them; with `fullWindows` it
 * slides in instead (every median covers a whole week, which weekday effects need).
 */
export function centeredMedians(
  values: readonly number[],
  halfWidth: number,
  { fullWindows = false } = {},
): number[] {
  const width = 2 * halfWidth + 1;
  return values.map((_, t) => {
    let from = Math.max(0, t - halfWidth);
    let to = Math.min(values.length, t + halfWidth + 1);
    if (fullWindows && values.length >= width) {
      from = Math.min(from, values.length - width);
      to = from + width;
    }
    return median(values.slice(from, to));
  });
}

/**
 * Weekday effects (index 0 = Sunday) as the median of each weekday's distance from the
 * `baseline`, centred so they add up to zero. Zeros when fewer than two weeks are given.
 * Each median also holds one zero, a prior of "no effect": with two weeks a weekday has two
 * distances, and a plain median of two is their mean, which one spike would drag along.
 */
export function weekdayOffsets(
  values: readonly number[],
  baseline: readonly number[],
  startDay: number,
): number[] {
  const offsets = new Array<number>(7).fill(0);
  if (values.length < 14) return offsets;
  for (let weekday = 0; weekday < 7; weekday++) {
    const distances = [0];
    for (let t = 0; t < values.length; t++) {
      if (weekdayOfDay(startDay + t) === weekday) distances.push(values[t]! - baseline[t]!);
    }
    offsets[weekday] = median(distances);
  }
  const mean = offsets.reduce((a, b) => a + b, 0) / 7;
  return offsets.map((offset) => offset - mean);
}

export interface CleanedSeries {
  values: number[];
  /** Indexes of the days that were replaced. */
  outliers: number[];
  /** What each replaced day would have cost without its one-off part, by index. */
  expected: Map<number, number>;
}

// A day is a one-off when it is far from its neighbours in robust units AND by a real share of
// the level: 4 sigma alone would flag 1 % wiggles on a flat series whose MAD is ~0.
const OUTLIER_SIGMAS = 4;
const OUTLIER_SHARE_OF_LEVEL = 0.25;
// Outliers are rare by definition: past this share, the "outliers" are the series' own shape
// (weekends off, usage in bursts) and only the most extreme few are replaced.
const MAX_OUTLIER_SHARE = 0.15;
// A series that costs nothing on a third of its days is intermittent: its bursts are its usage.
const INTERMITTENT_ZERO_SHARE = 1 / 3;

/**
 * Replaces one-off days (a yearly reservation fee, a refund) by what the days around them
 * suggest, as a Hampel filter over a centred 7-day median with weekday effects once two weeks
 * exist (the idea of R forecast's tsclean). A level shift is kept: after it, the neighbours
 * agree with the new level.
 */
export function cleanOutliers(values: readonly number[], startDay: number): CleanedSeries {
  const cleaned = [...values];
  const expected = new Map<number, number>();
  const zeroDays = values.filter((value) => value === 0).length;
  if (values.length < 3 || zeroDays >= INTERMITTENT_ZERO_SHARE * values.length) {
    return { values: cleaned, outliers: [], expected };
  }

  const firstPass = centeredMedians(values, 3, { fullWindows: true });
  const offsets = weekdayOffsets(values, firstPass, startDay);
  const offsetAt = (t: number) => offsets[weekdayOfDay(startDay + t)]!;
  const baseline = centeredMedians(
    values.map((value, t) => value - offsetAt(t)),
    3,
  );
  const fitted = baseline.map((level, t) => level + offsetAt(t));
  const residuals = values.map((value, t) => value - fitted[t]!);
  const sigma = robustSigma(residuals);

  // Near the end the window is one-sided: a jump that every later day repeats is the start of
  // a new level, not a one-off. (A jump on the very last day cannot be told; it is set aside.)
  const startsShift = (t: number) =>
    t >= values.length - 3 &&
    t < values.length - 1 &&
    values.slice(t + 1).every((value) => (value - fitted[t]!) / residuals[t]! >= 0.5);
  const candidates = residuals
    .map((residual, t) => ({ t, size: Math.abs(residual) }))
    .filter(
      ({ t, size }) =>
        size > OUTLIER_SIGMAS * sigma &&
        size > OUTLIER_SHARE_OF_LEVEL * Math.abs(fitted[t]!) &&
        !startsShift(t),
    )
    .sort((a, b) => b.size - a.size)
    .slice(0, Math.max(1, Math.floor(MAX_OUTLIER_SHARE * values.length)));

  for (const { t } of candidates) {
    cleaned[t] = fitted[t]!;
    expected.set(t, fitted[t]!);
  }
  return {
    values: cleaned,
    outliers: candidates.map(({ t }) => t).sort((a, b) => a - b),
    expected,
  };
}

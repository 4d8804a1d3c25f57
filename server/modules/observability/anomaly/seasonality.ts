import { medianOf } from "./series-history.ts";

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The series' usual sampling interval: the median gap between its recent timestamps. */
export function samplingInterval(times: readonly number[], last = 256): number {
  const from = Math.max(1, times.length - last);
  const gaps: number[] = [];
  for (let i = from; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  const gap = medianOf(gaps);
  return gap > 0 ? gap : Number.NaN;
}

/** Lag (in rows) with the strongest autocorrelation peak, and that correlation. */
export interface AcfPeak {
  lag: number;
  correlation: number;
}

// A peak counts when it is clearly above the correlation dip before it: a persistent
// (slowly wandering) series has high autocorrelation at every short lag, but no dip and peak.
const MIN_PEAK = 0.3;
const MIN_RISE = 0.2;

/**
 * The dominant cycle of `values` (assumed evenly sampled) from their autocorrelation: the
 * highest local maximum between lags 4 and a third of the length that rises clearly above the
 * lowest correlation at a shorter lag. Undefined when the series shows no cycle.
 */
export function dominantCycle(values: readonly number[]): AcfPeak | undefined {
  const n = values.length;
  const maxLag = Math.floor(n / 3);
  if (maxLag < 8) return undefined;
  // Remove the straight-line trend, or a drifting level reads as correlation at every lag.
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sx += i;
    sy += values[i]!;
    sxy += i * values[i]!;
    sxx += i * i;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx || 1);
  const intercept = (sy - slope * sx) / n;
  const y = values.map((v, i) => v - intercept - slope * i);
  let variance = 0;
  for (const v of y) variance += v * v;
  if (!(variance > 0)) return undefined;
  const acf = new Float64Array(maxLag + 2);
  for (let lag = 1; lag <= maxLag + 1; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += y[i]! * y[i - lag]!;
    acf[lag] = sum / variance;
  }
  let best: AcfPeak | undefined;
  let lowest = acf[1]!;
  for (let lag = 2; lag <= maxLag; lag++) {
    lowest = Math.min(lowest, acf[lag]!);
    const r = acf[lag]!;
    if (lag < 4 || r < MIN_PEAK || r - lowest < MIN_RISE) continue;
    if (r < acf[lag - 1]! || r < acf[lag + 1]!) continue;
    if (!best || r > best.correlation) best = { lag, correlation: r };
  }
  return best;
}

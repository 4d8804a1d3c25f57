import { linearRegression, median } from "simple-statistics";
import { weekdayOfDay } from "./daily-series.ts";
import { minimizeNelderMead } from "./nelder-mead.ts";
import { centeredMedians, weekdayOffsets } from "./robust.ts";

/**
 * Exponential smoothing in state-space form with additive errors (Hyndman, Koehler, Ord &
 * Snyder 2008, "Forecasting with Exponential Smoothing", ch. 2 and 6): an optional damped
 * additive trend and an optional additive weekly season.
 */
export interface EtsSpec {
  trend: boolean;
  season: boolean;
}

export interface EtsParams {
  alpha: number;
  beta: number;
  phi: number;
  gamma: number;
}

export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  /** State after the last observation; `season` is indexed by weekday. */
  level: number;
  trend: number;
  season: number[];
  /** Days fitted, and the day number of the first one. */
  n: number;
  startDay: number;
  /** One-step error variance, SSE / (n − parameters). */
  sigma2: number;
  /** Akaike's information criterion; lower is better. */
  aic: number;
}

export interface EtsForecast {
  mean: number[];
  /** Variance of each day's forecast error. */
  variance: number[];
  /** Variance of the error of the sum over all forecast days. */
  sumVariance: number;
}

/** The model's name in the ETS(error, trend, season) taxonomy. */
export function etsName(spec: EtsSpec): string {
  return `ETS(A,${spec.trend ? "Ad" : "N"},${spec.season ? "A" : "N"})`;
}

/** Parameters the criterion charges for: smoothing weights, initial states and the variance. */
export function etsParameterCount(spec: EtsSpec): number {
  return 2 + (spec.trend ? 3 : 0) + (spec.season ? 7 : 0) + 1;
}

interface Initial {
  level: number;
  trend: number;
  season: number[];
}

// Heuristic initial states as in Hyndman et al. (2008 §2.6.1), made robust with medians: the
// weekday effects of the first four weeks, and the level and slope of the first ten days.
function initialStates(y: readonly number[], spec: EtsSpec, startDay: number): Initial {
  const head = y.slice(0, 28);
  const season = spec.season
    ? weekdayOffsets(head, centeredMedians(head, 3, { fullWindows: true }), startDay)
    : new Array<number>(7).fill(0);
  const adjusted = y.slice(0, 10).map((value, t) => value - season[weekdayOfDay(startDay + t)]!);
  if (!spec.trend || adjusted.length < 3) return { level: median(adjusted), trend: 0, season };
  const { m, b } = linearRegression(adjusted.map((value, t) => [t, value]));
  return { level: b - m, trend: m, season };
}

// Runs the filter; returns the sum of squared one-step errors and the final state.
function runFilter(
  y: readonly number[],
  spec: EtsSpec,
  p: EtsParams,
  init: Initial,
  startDay: number,
) {
  let { level, trend } = init;
  const season = [...init.season];
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    const weekday = weekdayOfDay(startDay + t);
    const damped = spec.trend ? p.phi * trend : 0;
    const error = y[t]! - (level + damped + season[weekday]!);
    sse += error * error;
    level = level + damped + p.alpha * error;
    if (spec.trend) trend = damped + p.beta * error;
    if (spec.season) season[weekday] = season[weekday]! + p.gamma * error;
  }
  return { sse, level, trend, season };
}

const logistic = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));

// The search runs over unconstrained numbers mapped onto the usual admissible region:
// 0 < α < 1, 0 < β < α, 0 < γ < 1 − α and 0.8 ≤ φ ≤ 0.98 (φ below 0.8 damps too hard, above
// 0.98 hardly at all). The initial level and slope are searched too, as offsets from the
// heuristic ones in units of the data's spread; the weekday effects keep their heuristic start.
function decode(u: readonly number[], spec: EtsSpec, init: Initial, scale: number) {
  const next = (() => {
    let i = 0;
    return () => u[i++]!;
  })();
  const alpha = 1e-4 + (1 - 2e-4) * logistic(next());
  const beta = spec.trend ? alpha * logistic(next()) : 0;
  const phi = spec.trend ? 0.8 + 0.18 * logistic(next()) : 1;
  const gamma = spec.season ? (1 - alpha) * logistic(next()) : 0;
  const level = init.level + scale * next();
  const trend = spec.trend ? init.trend + 0.1 * scale * next() : 0;
  return { params: { alpha, beta, phi, gamma }, init: { level, trend, season: init.season } };
}

/** Fits weights and initial states by least squares of the one-step errors (Gaussian MLE). */
export function fitEts(y: readonly number[], spec: EtsSpec, startDay: number): EtsFit {
  const heuristic = initialStates(y, spec, startDay);
  const spread = Math.max(...y) - Math.min(...y);
  const scale = spread > 0 ? spread / 4 : Math.abs(heuristic.level) / 10 || 1;
  const loss = (u: number[]) => {
    const { params, init } = decode(u, spec, heuristic, scale);
    return runFilter(y, spec, params, init, startDay).sse;
  };
  const start = [
    logit(0.3),
    ...(spec.trend ? [logit(0.1), logit(0.75)] : []),
    ...(spec.season ? [logit(0.1)] : []),
    0,
    ...(spec.trend ? [0] : []),
  ];
  // A second search from the first one's end escapes the simplex collapsing early.
  const first = minimizeNelderMead(loss, start);
  const best = minimizeNelderMead(loss, first.x, { step: 0.5 });
  const { params, init } = decode(best.x, spec, heuristic, scale);
  const state = runFilter(y, spec, params, init, startDay);

  const n = y.length;
  const k = etsParameterCount(spec);
  const sigma2 = state.sse / Math.max(1, n - k);
  // n·log(SSE/n) is −2·log-likelihood up to a constant shared by all models on the same data.
  // AIC, not AICc: at two or three weeks the correction (n − k − 1 = 3 for a weekly season at
  // n = 14) ruled out weekly patterns that halve the error; on synthetic series AIC chose the
  // season for 100 of 100 weekly ones and for 13 of 100 noisy ones without a pattern.
  const minusTwoLogLikelihood = n * Math.log(Math.max(state.sse, Number.MIN_VALUE) / n);
  const aic = n - k - 1 > 0 ? minusTwoLogLikelihood + 2 * k : Number.POSITIVE_INFINITY;
  return { spec, params, ...state, n, startDay, sigma2, aic };
}

/**
 * Point forecasts and error variances for `horizon` days. Additive-error ETS is linear in its
 * future errors, e(n+h) = ε(n+h) + Σ c_j ε(n+h−j) (Hyndman et al. 2008, §6.1), so both the
 * variance of each day and of the sum over all days follow exactly from the c_j; two
 * approximate terms add the uncertainty of the estimated level and slope, which the exact
 * formula leaves out (without them 80 % bands for month totals held 60–75 % of synthetic ones).
 */
export function forecastEts(fit: EtsFit, horizon: number): EtsForecast {
  const { alpha, beta, phi, gamma } = fit.params;
  // The formula takes the final level as known; it is an estimate, from about (2 − α)/α days
  // (an exponentially weighted mean) and at most n. Its error is shared by every future day.
  const levelVariance = fit.sigma2 * Math.max(alpha / (2 - alpha), 1 / fit.n);
  // Likewise the slope, at least as uncertain as a least-squares slope through n days.
  const slopeVariance = fit.spec.trend ? (12 * fit.sigma2) / (fit.n * (fit.n ** 2 - 1)) : 0;
  let dampedTotal = 0; // Σ over the horizon of φ + … + φ^h: how far the slope carries the sum
  const mean: number[] = [];
  const variance: number[] = [];
  const weights: number[] = []; // c_j for j = 1 … horizon − 1
  let dampedSum = 0; // φ + φ² + … + φ^h
  let squares = 0;
  for (let h = 1; h <= horizon; h++) {
    dampedSum += fit.spec.trend ? phi ** h : 0;
    const weekday = weekdayOfDay(fit.startDay + fit.n + h - 1);
    mean.push(fit.level + dampedSum * fit.trend + fit.season[weekday]!);
    dampedTotal += dampedSum;
    variance.push(fit.sigma2 * (1 + squares) + levelVariance + dampedSum ** 2 * slopeVariance);
    const c = alpha + (fit.spec.trend ? beta * dampedSum : 0) + (h % 7 === 0 ? gamma : 0);
    weights.push(c);
    squares += c * c;
  }
  // ε(n+i) enters the sum with weight 1 + c_1 + … + c_(horizon−i).
  let sumVariance = 0;
  let cumulative = 0;
  for (let r = 0; r < horizon; r++) {
    sumVariance += (1 + cumulative) ** 2;
    cumulative += weights[r]!;
  }
  return {
    mean,
    variance,
    sumVariance:
      fit.sigma2 * sumVariance + horizon ** 2 * levelVariance + dampedTotal ** 2 * slopeVariance,
  };
}

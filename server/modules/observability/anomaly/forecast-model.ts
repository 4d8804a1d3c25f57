import { medianOf, type SeriesHistory } from "./series-history.ts";

// Recent seasonal deviations whose median is the level correction: short enough that a level
// shift is absorbed after about half of it, long enough that one spike does not move it.
const LEVEL_POINTS = 9;
// Earlier cycles whose median is the seasonal baseline (fewer while the history is short).
const CYCLES = 3;
// The error scale follows roughly the last 256 errors; model choice looks at about 1024.
const SCALE_RATE = 1 / 256;
const CHOICE_RATE = 1 / 1024;
// Errors are clipped at this many scales before they update the scale: an anomaly must not
// widen the band that judges the points after it.
const CLIP = 4;
// Running estimate of the 99th percentile of |z|: how large this series' ordinary surprises
// are. Heavy-tailed series get a wider band than Gaussian ones without per-series settings.
const TAIL = 0.01;
const TAIL_RATE = 0.04;
const MIN_TAIL_Z = 2.5;

export interface Forecast {
  expected: number;
  /** Typical absolute error of this model's forecasts lately (never 0). */
  scale: number;
}

/**
 * One way of forecasting the next point: the median of the same moment in the last cycles of
 * `period` (ms), shifted by the median recent deviation from those baselines; or, without a
 * period, the median of the last points. Tracks its own errors so models can be compared.
 */
export class ForecastModel {
  private readonly deviations: number[] = [];
  private scaleSum = 0;
  private choiceSum = 0;
  /** Errors observed so far. */
  errors = 0;
  tailZ = 3.5;
  private magnitude = 0;

  constructor(
    readonly period: number | undefined,
    private readonly tolerance: number,
  ) {}

  private baselineAt(history: SeriesHistory, time: number): number | undefined {
    if (this.period === undefined) return 0;
    const found: number[] = [];
    for (let k = 1; k <= CYCLES; k++) {
      const index = history.indexNear(time - k * this.period, this.tolerance);
      if (index >= 0) found.push(history.values[index]!);
    }
    return found.length === 0 ? undefined : medianOf(found);
  }

  /** The forecast for a point at `time`, from the history before it; undefined if it cannot. */
  forecast(history: SeriesHistory, time: number): (Forecast & { baseline: number }) | undefined {
    const baseline = this.baselineAt(history, time);
    if (baseline === undefined || this.deviations.length === 0) {
      // Still record what this model would have deviated by, so it can start forecasting.
      return baseline === undefined ? undefined : { expected: Number.NaN, scale: 0, baseline };
    }
    const level = medianOf([...this.deviations]);
    return { expected: baseline + level, scale: this.scale(), baseline };
  }

  scale(): number {
    const mean = this.errors === 0 ? 0 : this.scaleSum;
    // A noiseless series still needs a finite scale: a thousandth of its typical magnitude.
    return Math.max(mean, 1e-3 * this.magnitude, 1e-9);
  }

  /** Mean absolute error over roughly the last thousand points, to choose between models. */
  choiceError(): number {
    return this.choiceSum;
  }

  /** Learns from the actual value; returns its error in scales (z), NaN if not forecast. */
  observe(value: number, forecast: (Forecast & { baseline: number }) | undefined): number {
    this.magnitude += (Math.abs(value) - this.magnitude) * (this.errors < 32 ? 0.1 : SCALE_RATE);
    if (!forecast) return Number.NaN;
    this.deviations.push(value - forecast.baseline);
    if (this.deviations.length > LEVEL_POINTS) this.deviations.shift();
    if (Number.isNaN(forecast.expected)) return Number.NaN;
    const error = value - forecast.expected;
    const scale = forecast.scale;
    const z = error / scale;
    const clipped = this.errors < 16 ? Math.abs(error) : Math.min(Math.abs(error), CLIP * scale);
    this.errors++;
    // Plain means while the first errors come in, then exponential forgetting.
    const rate = Math.max(SCALE_RATE, 1 / this.errors);
    this.scaleSum += (clipped - this.scaleSum) * rate;
    this.choiceSum += (clipped - this.choiceSum) * Math.max(CHOICE_RATE, 1 / this.errors);
    if (this.errors > 16) {
      // Stochastic quantile step in log space: up on exceedance, down otherwise.
      const exceeded = Math.abs(z) > this.tailZ ? 1 : 0;
      this.tailZ = Math.max(MIN_TAIL_Z, this.tailZ * Math.exp(TAIL_RATE * (exceeded - TAIL)));
    }
    return z;
  }
}

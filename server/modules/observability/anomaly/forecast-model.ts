import { ExceedanceRun } from "./exceedance-run.ts";
import { DAY_MS } from "./seasonality.ts";
import { medianOf, SeriesHistory } from "./series-history.ts";

// Recent seasonal deviations whose median is the level correction: short enough that a level
// shift is absorbed after about half of it, long enough that one spike does not move it.
const LEVEL_POINTS = 9;
// Earlier cycles whose median is the seasonal baseline (fewer while the history is short).
const CYCLES = 3;
// The error scale and the model choice follow roughly the last thousand errors: long enough
// that a quiet afternoon does not make every evening look anomalous.
const SCALE_RATE = 1 / 1024;
// Errors are clipped at this many scales before they update the scale: an anomaly must not
// widen the band that judges the points after it.
const CLIP = 4;
// Running estimate of the 99th percentile of |z|: how large this series' ordinary surprises
// are. Heavy-tailed series get a wider band than Gaussian ones without per-series settings.
const TAIL = 0.01;
const TAIL_RATE = 0.04;
// ...and of its 90th percentile: the two together give the shape of the tail (how fast rarer
// surprises get larger), so a heavy-tailed series' scores rise more slowly past its band.
const BODY = 0.1;
const MIN_TAIL_Z = 2.5;
// Points whose mean z is the "sustained" signal: a shift too small to stand out at one point.
const SUSTAINED = 6;
// The largest |z| of the recent past halves every two weeks' worth of points at the series'
// sampling interval (14 points of daily costs, 4,032 of 5-minute metrics).
const RECORD_HALF_LIFE_MS = 14 * DAY_MS;

/** Stochastic quantile step in log space: up on exceedance, down otherwise. */
function quantileStep(estimate: number, observed: number, floor: number, share = TAIL): number {
  const exceeded = observed > estimate ? 1 : 0;
  return Math.max(floor, estimate * Math.exp(TAIL_RATE * (exceeded - share)));
}

export interface Forecast {
  /** NaN until the model has seen one deviation to level by. */
  expected: number;
  /** Typical absolute error of this model's forecasts lately (never 0). */
  scale: number;
  /** The seasonal part of the forecast (0 without a period). */
  baseline: number;
}

/**
 * One way of forecasting the next point: the median of the same moment in the last cycles of
 * `period` (ms), shifted by the median recent deviation from those baselines; or, without a
 * period, the median of the last points. Tracks its own errors so models can be compared.
 *
 * The seasonal baseline is taken from values with the level shift then in force removed, so a
 * level shift is counted once: when the cycles after it reach the baseline, the level
 * correction that absorbed it is not added on top (with three weekly cycles of daily costs the
 * forecast would otherwise overshoot by the whole shift two weeks later).
 */
export class ForecastModel {
  private readonly deviations: number[] = [];
  /** Each value observed minus the level correction in force then (seasonal models only). */
  private readonly leveled: SeriesHistory | undefined;
  private readonly recentZ: number[] = [];
  private meanAbsError = 0;
  private magnitude = 0;
  /** Errors observed so far. */
  errors = 0;
  /** About the 99th percentile of |z| lately. */
  tailZ = 3.5;
  /** About the 90th percentile of |z| lately. */
  bodyZ = 1.5;
  /** The same for the mean z of the last few points. */
  tailMeanZ = 2;
  /** Mean z of the last few points (after the latest observe). */
  meanZ = 0;
  /** How many of the last points were above the 90th percentile of |z| (exceedance-run.ts). */
  readonly run = new ExceedanceRun();
  /**
   * The largest |z| before the latest point, decaying by half every two weeks: how surprising
   * this series' worst recent moments were, so a point is news only if it compares with them.
   */
  recordZ = 0;
  private nextRecordZ = 0;
  private readonly recordDecay: number;

  constructor(
    readonly period: number | undefined,
    private readonly tolerance: number,
    /** Errors taken whole (the scale is not yet known) before clipping and tails start. */
    private readonly firstErrors = 16,
  ) {
    // The tolerance is half the sampling interval: the record's decay per point.
    this.recordDecay = 2 ** (-(2 * tolerance) / RECORD_HALF_LIFE_MS);
    // Points in the cycles the baseline looks at, twice over for irregular sampling.
    if (period !== undefined) {
      this.leveled = new SeriesHistory(Math.ceil(((CYCLES + 1) * period) / tolerance) + 16);
    }
  }

  /** The median recent deviation from the seasonal baselines (0 before there is one). */
  private levelCorrection(): number {
    return this.deviations.length === 0 ? 0 : medianOf([...this.deviations]);
  }

  private baselineAt(history: SeriesHistory, time: number): number | undefined {
    if (this.period === undefined) return 0;
    const found: number[] = [];
    for (let k = 1; k <= CYCLES; k++) {
      const at = time - k * this.period;
      const leveled = this.leveled?.indexNear(at, this.tolerance) ?? -1;
      // Points from before this model existed had no level correction.
      const index = leveled >= 0 ? -1 : history.indexNear(at, this.tolerance);
      if (leveled >= 0) found.push(this.leveled!.values[leveled]!);
      else if (index >= 0) found.push(history.values[index]!);
    }
    return found.length === 0 ? undefined : medianOf(found);
  }

  /** The forecast for a point at `time` from the history before it; undefined if it has none. */
  forecast(history: SeriesHistory, time: number): Forecast | undefined {
    const baseline = this.baselineAt(history, time);
    if (baseline === undefined) return undefined;
    const expected = this.deviations.length === 0 ? Number.NaN : baseline + this.levelCorrection();
    return { expected, scale: this.scale(), baseline };
  }

  /**
   * The tail exponent α of |z| (P(|z| > x) ∝ x^−α) from its 90th and 99th percentiles: about 5
   * for Gaussian errors, smaller for heavy tails, where a point twice the 99th percentile is
   * far less rare than in a Gaussian series.
   */
  tailExponent(): number {
    return Math.log(BODY / TAIL) / Math.log(Math.max(1.05, this.tailZ / this.bodyZ));
  }

  scale(): number {
    // A noiseless series still needs a finite scale: a thousandth of its typical magnitude.
    return Math.max(this.meanAbsError, 1e-3 * this.magnitude, 1e-9);
  }

  /** Mean absolute (clipped) error over roughly the last thousand points. */
  recentError(): number {
    return this.meanAbsError;
  }

  /** Learns from the actual value; returns its error in scales (z), NaN if not forecast. */
  observe(time: number, value: number, forecast: Forecast | undefined): number {
    this.leveled?.push(time, value - this.levelCorrection());
    this.magnitude += (Math.abs(value) - this.magnitude) * (this.errors < 32 ? 0.1 : SCALE_RATE);
    if (!forecast) return Number.NaN;
    this.deviations.push(value - forecast.baseline);
    if (this.deviations.length > LEVEL_POINTS) this.deviations.shift();
    if (Number.isNaN(forecast.expected)) return Number.NaN;
    const error = value - forecast.expected;
    const z = error / forecast.scale;
    const clipped =
      this.errors < this.firstErrors
        ? Math.abs(error)
        : Math.min(Math.abs(error), CLIP * forecast.scale);
    this.errors++;
    // Plain means while the first errors come in, then exponential forgetting.
    this.meanAbsError += (clipped - this.meanAbsError) * Math.max(SCALE_RATE, 1 / this.errors);
    // Clipped too, so one huge spike does not read as a sustained shift.
    this.recentZ.push(Math.max(-2 * CLIP, Math.min(2 * CLIP, z)));
    if (this.recentZ.length > SUSTAINED) this.recentZ.shift();
    this.meanZ = this.recentZ.reduce((sum, v) => sum + v, 0) / this.recentZ.length;
    this.recordZ = this.nextRecordZ;
    if (this.errors > this.firstErrors) {
      this.run.push(Math.abs(z) > this.bodyZ);
      this.nextRecordZ = Math.max(Math.abs(z), this.nextRecordZ * this.recordDecay);
      this.tailZ = quantileStep(this.tailZ, Math.abs(z), MIN_TAIL_Z);
      this.bodyZ = quantileStep(this.bodyZ, Math.abs(z), 0.1, BODY);
      this.tailMeanZ = quantileStep(
        this.tailMeanZ,
        Math.abs(this.meanZ),
        MIN_TAIL_Z / Math.sqrt(SUSTAINED),
      );
    }
    return z;
  }
}

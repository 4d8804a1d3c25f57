import { type Forecast, ForecastModel } from "./forecast-model.ts";
import { DAY_MS, dominantCycle, samplingInterval, WEEK_MS } from "./seasonality.ts";
import { SeriesHistory } from "./series-history.ts";

/** The engine's judgement of one point, with what it expected instead. */
export interface AnomalyVerdict {
  timestamp: number;
  value: number;
  /** 0 (ordinary) .. 1 (certainly anomalous); 0.5 is the edge of the band. */
  score: number;
  /** What the engine forecast for this point from the points before it. */
  expected: number;
  /** Values between lower and upper score below 0.5. */
  lower: number;
  upper: number;
  /** value − expected */
  deviation: number;
  /** The deviation in units of this series' typical forecast error (signed). */
  zScore: number;
  /** The seasonal cycle the forecast used (ms), null when none fits the series. */
  periodMs: number | null;
  /** True while the engine has too little history to judge (score is then 0). */
  isWarmingUp: boolean;
}

export interface AnomalyEngineOptions {
  /** Points seen before any is scored. Default 32. */
  warmup?: number;
  /** Points of history kept (bounds memory; weekly cycles need two weeks of points). */
  capacity?: number;
  /** Cycles (ms) to try besides the one found by autocorrelation. Default: a day and a week. */
  candidatePeriods?: number[];
}

// A seasonal model replaces the plain one only when its errors are clearly smaller.
const SEASONAL_GAIN = 0.85;
// Errors a model must have made before it may be chosen.
const MIN_ERRORS = 64;
// How often (in points) autocorrelation looks for a cycle again, and over how many points.
const CYCLE_SEARCH_EVERY = 512;
const CYCLE_SEARCH_POINTS = 2048;
// Score 0.5 at twice the 99th percentile of ordinary |z|; the logistic steepness in log |z|.
const BAND_TAILS = 2;
const STEEPNESS = 4;

/** Maps |z| relative to the series' own tail to 0..1: 0.5 at the band's edge. */
export function scoreOf(z: number, tailZ: number): number {
  const ratio = Math.abs(z) / (BAND_TAILS * tailZ);
  if (!(ratio > 0)) return 0;
  return 1 / (1 + ratio ** -STEEPNESS);
}

const isNear = (a: number, b: number) => Math.abs(a - b) <= 0.05 * b;

/**
 * A streaming anomaly detector for one series: each point is forecast from the points before
 * it (the best of a plain local median and seasonal medians over daily, weekly or discovered
 * cycles), and scored by how far it lands from that forecast relative to the series' own
 * usual errors. Deterministic; O(1) work per point apart from a periodic cycle search.
 */
export class AnomalyEngine {
  private readonly history: SeriesHistory;
  private readonly warmup: number;
  private readonly candidates: number[];
  private models: ForecastModel[] = [];
  private discovered: number | undefined;
  private interval = Number.NaN;
  private seen = 0;

  constructor(options: AnomalyEngineOptions = {}) {
    this.warmup = options.warmup ?? 32;
    this.history = new SeriesHistory(options.capacity ?? 25_000);
    this.candidates = options.candidatePeriods ?? [DAY_MS, WEEK_MS];
  }

  /** Judges one point (timestamps in ms, non-decreasing), then learns from it. */
  update(timestamp: number, value: number): AnomalyVerdict {
    const last = this.history.times[this.history.length - 1];
    if (!Number.isFinite(timestamp) || (last !== undefined && timestamp < last)) {
      throw new RangeError(`timestamp ${timestamp} is before the previous point's (${last})`);
    }
    if (!Number.isFinite(value)) throw new RangeError(`value ${value} is not a finite number`);
    this.seen++;
    const needsModels = this.models.length === 0 && this.seen >= 16;
    if (needsModels || this.seen % CYCLE_SEARCH_EVERY === 0) this.refreshModels();
    const forecasts = this.models.map((model) => model.forecast(this.history, timestamp));
    const chosen = this.choose(forecasts);
    const zs = this.models.map((model, i) => model.observe(value, forecasts[i]));
    this.history.push(timestamp, value);
    if (chosen < 0 || this.seen <= this.warmup) return warmingUp(timestamp, value);
    const model = this.models[chosen]!;
    const forecast = forecasts[chosen] as Forecast;
    const z = zs[chosen]!;
    const halfWidth = BAND_TAILS * model.tailZ * forecast.scale;
    return {
      timestamp,
      value,
      score: scoreOf(z, model.tailZ),
      expected: forecast.expected,
      lower: forecast.expected - halfWidth,
      upper: forecast.expected + halfWidth,
      deviation: value - forecast.expected,
      zScore: z,
      periodMs: model.period ?? null,
      isWarmingUp: false,
    };
  }

  /** The model with the smallest recent errors; seasonal ones must clearly beat the plain one. */
  private choose(forecasts: ReturnType<ForecastModel["forecast"]>[]): number {
    let best = -1;
    let bestError = Number.POSITIVE_INFINITY;
    const plain = this.models[0];
    if (!plain) return -1;
    for (let i = 0; i < this.models.length; i++) {
      const model = this.models[i]!;
      const forecast = forecasts[i];
      if (!forecast || Number.isNaN(forecast.expected) || model.errors < MIN_ERRORS) continue;
      if (i > 0 && !(model.choiceError() < SEASONAL_GAIN * plain.choiceError())) continue;
      if (model.choiceError() < bestError) {
        best = i;
        bestError = model.choiceError();
      }
    }
    // Before any model has enough errors to compare, the plain one judges (once it can).
    if (best < 0 && plain.errors >= 16 && forecasts[0] && !Number.isNaN(forecasts[0].expected)) {
      return 0;
    }
    return best;
  }

  /** Sets up the plain model, the candidate cycles that fit the sampling, and a found cycle. */
  private refreshModels(): void {
    this.interval = samplingInterval(this.history.times);
    if (Number.isNaN(this.interval)) return;
    const tolerance = this.interval / 2;
    if (this.models.length === 0) {
      this.models.push(new ForecastModel(undefined, tolerance));
      // A cycle needs at least four points in it to have a shape.
      for (const period of this.candidates) {
        if (period >= 4 * this.interval) this.models.push(new ForecastModel(period, tolerance));
      }
      return;
    }
    const values = this.history.values.slice(-CYCLE_SEARCH_POINTS);
    const peak = dominantCycle(values);
    if (!peak) return;
    const period = peak.lag * this.interval;
    if (this.candidates.some((p) => isNear(period, p))) return;
    if (this.discovered !== undefined && isNear(period, this.discovered)) return;
    this.discovered = period;
    this.models = this.models.filter((m) => m.period === undefined || this.candidates.includes(m.period));
    this.models.push(new ForecastModel(period, tolerance));
  }
}

function warmingUp(timestamp: number, value: number): AnomalyVerdict {
  return {
    timestamp,
    value,
    score: 0,
    expected: value,
    lower: value,
    upper: value,
    deviation: 0,
    zScore: 0,
    periodMs: null,
    isWarmingUp: true,
  };
}

/** Scores a whole series in time order with a fresh engine (what a batch caller needs). */
export function scoreSeries(
  points: readonly { timestamp: number; value: number }[],
  options: AnomalyEngineOptions = {},
): AnomalyVerdict[] {
  const engine = new AnomalyEngine(options);
  return points.map((point) => engine.update(point.timestamp, point.value));
}

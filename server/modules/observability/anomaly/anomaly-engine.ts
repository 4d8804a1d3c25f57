import { EpisodeTracker } from "./episode.ts";
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
  /**
   * When the point belongs to an anomalous episode (a level shift, a burst), the episode's
   * first point; its later points score lower unless they are worse than any before them.
   */
  episodeStart: number | null;
}

export interface AnomalyEngineOptions {
  /** Points seen before any is scored. Default 32. */
  warmup?: number;
  /** Points of history kept (bounds memory; weekly cycles need two weeks of points). */
  capacity?: number;
  /** Cycles (ms) to try besides the one found by autocorrelation. Default: a day and a week. */
  candidatePeriods?: number[];
  /**
   * Errors the plain model must have made before it judges (and points seen before the models
   * are set up). Default 16; a short daily series (costs) judges after fewer.
   */
  firstErrors?: number;
  /**
   * A point is news only past this share of the largest |z| of the last weeks (default 0.5:
   * a burst half the size of last week's is not); 0 judges every point on the usual errors.
   */
  recordShare?: number;
  /** The band's half-width in 99th percentiles of |z| (default 2); narrower flags more. */
  bandTails?: number;
}

// Models whose recent errors are within this factor of the best one's judge together.
const CREDIBLE = 1.25;
// Errors a model must have made before it may judge (the plain model may start at 16).
const MIN_ERRORS = 64;
const FIRST_ERRORS = 16;
// How often (in points) autocorrelation looks for a cycle again, and over how many points.
const CYCLE_SEARCH_EVERY = 512;
const CYCLE_SEARCH_POINTS = 2048;
// Score 0.5 at twice the 99th percentile of ordinary |z|; the logistic steepness in log |z|
// for Gaussian errors, scaled by the series' own tail exponent (ForecastModel.tailExponent)
// over the Gaussian one, within these bounds: the score approximates how rare the point is.
const BAND_TAILS = 2;
const STEEPNESS = 4;
const GAUSSIAN_TAIL_EXPONENT = 5.13;
const STEEPNESS_RANGE: [number, number] = [1, 8];
// ...and at least at this share of the largest |z| of the last weeks (ForecastModel.recordZ):
// on a bursty series, a burst half the size of last week's is not news.
const RECORD_SHARE = 0.5;

/** Maps |z| relative to the series' own 99th percentile of |z| to 0..1, 0.5 at the band. */
export function scoreOf(
  z: number,
  tailZ: number,
  bandTails = BAND_TAILS,
  steepness = STEEPNESS,
): number {
  const ratio = Math.abs(z) / (bandTails * tailZ);
  if (!(ratio > 0)) return 0;
  return 1 / (1 + ratio ** -steepness);
}

/** The point score's steepness for a model: gentler where its errors are heavy-tailed. */
function steepnessOf(model: ForecastModel): number {
  const steepness = (STEEPNESS * model.tailExponent()) / GAUSSIAN_TAIL_EXPONENT;
  return Math.min(STEEPNESS_RANGE[1], Math.max(STEEPNESS_RANGE[0], steepness));
}

const isNear = (a: number, b: number) => Math.abs(a - b) <= 0.05 * b;
const canJudge = (forecast: Forecast | undefined): forecast is Forecast =>
  forecast !== undefined && !Number.isNaN(forecast.expected);

/**
 * A streaming anomaly detector for one series. Each point is forecast from the points before
 * it by a plain local median and by seasonal medians over the cycles that fit the data (a day,
 * a week, one found by autocorrelation); every model whose recent errors are close to the
 * best's judges the point, by how far it lands from its forecast relative to the series' own
 * usual errors, and the most surprised one explains it. Deterministic; O(1) work per point
 * apart from a cycle search every 512 points.
 */
export class AnomalyEngine {
  private readonly history: SeriesHistory;
  private readonly warmup: number;
  private readonly candidates: number[];
  private readonly firstErrors: number;
  private readonly recordShare: number;
  private readonly bandTails: number;
  private readonly episodes = new EpisodeTracker();
  private models: ForecastModel[] = [];
  private discovered: number | undefined;
  private seen = 0;
  /** No value so far was below zero. */
  private isNonNegative = true;
  private interval = Number.NaN;

  constructor(options: AnomalyEngineOptions = {}) {
    this.warmup = options.warmup ?? 32;
    this.history = new SeriesHistory(options.capacity ?? 25_000);
    this.candidates = options.candidatePeriods ?? [DAY_MS, WEEK_MS];
    // Models need two timestamps to know the sampling interval.
    this.firstErrors = Math.max(2, options.firstErrors ?? FIRST_ERRORS);
    this.recordShare = options.recordShare ?? RECORD_SHARE;
    this.bandTails = options.bandTails ?? BAND_TAILS;
  }

  /** Judges one point (timestamps in ms, non-decreasing), then learns from it. */
  update(timestamp: number, value: number): AnomalyVerdict {
    const last = this.history.times[this.history.length - 1];
    if (!Number.isFinite(timestamp) || (last !== undefined && timestamp < last)) {
      throw new RangeError(`timestamp ${timestamp} is before the previous point's (${last})`);
    }
    if (!Number.isFinite(value)) throw new RangeError(`value ${value} is not a finite number`);
    this.seen++;
    if (value < 0) this.isNonNegative = false;
    const needsModels = this.models.length === 0 && this.seen >= this.firstErrors;
    if (needsModels || this.seen % CYCLE_SEARCH_EVERY === 0) this.refreshModels();
    const forecasts = this.models.map((model) => model.forecast(this.history, timestamp));
    const judges = this.judges(forecasts);
    const zs = this.models.map((model, i) => model.observe(timestamp, value, forecasts[i]));
    this.history.push(timestamp, value);
    if (judges.length === 0 || this.seen <= this.warmup) return warmingUp(timestamp, value);
    let chosen = judges[0]!;
    let raw = -1;
    for (const i of this.unexplained(judges, zs)) {
      const model = this.models[i]!;
      const score = Math.max(
        scoreOf(zs[i]!, this.tailOf(model), this.bandTails, steepnessOf(model)),
        scoreOf(model.meanZ, model.tailMeanZ, this.bandTails),
        // The plain model's only: a seasonal model's errors repeat with its cycle (a misfit
        // at one time of day comes back every day), so its exceedances are not independent.
        // And only once every candidate cycle has been tried: until then a run of the plain
        // model's errors may be a cycle it cannot see (the rising side of a day).
        model.period === undefined && this.models.every((m) => m.errors >= this.errorsNeeded(m))
          ? model.run.score
          : 0,
      );
      if (score > raw) {
        chosen = i;
        raw = score;
      }
    }
    const model = this.models[chosen]!;
    const forecast = forecasts[chosen]!;
    const halfWidth = this.bandTails * this.tailOf(model) * forecast.scale;
    // A series that never went below zero (a count, a cost, a latency) is not expected to: after
    // a burst the band widens on purpose (recordShare) and would otherwise reach below zero.
    const floor = this.isNonNegative ? 0 : Number.NEGATIVE_INFINITY;
    const expected = Math.max(forecast.expected, floor);
    return {
      timestamp,
      value,
      ...this.episodes.report(timestamp, raw),
      expected,
      lower: Math.max(forecast.expected - halfWidth, floor),
      upper: Math.max(forecast.expected + halfWidth, floor),
      deviation: value - expected,
      zScore: zs[chosen]!,
      periodMs: model.period ?? null,
      isWarmingUp: false,
    };
  }

  /** The |z| a model's point score is measured against (score 0.5 at bandTails times it). */
  private tailOf(model: ForecastModel): number {
    return Math.max(model.tailZ, (this.recordShare * model.recordZ) / this.bandTails);
  }

  /**
   * The judges whose surprise counts: the plain model's does not when a seasonal model that
   * forecasts this series at least as well found the point ordinary (|z| within what its score
   * is measured against: its 99th percentile, or its recent record's share if larger). A step that comes at the same moment every day is expected by the daily
   * model; that persistence did not see it coming is no news.
   */
  private unexplained(judges: number[], zs: number[]): number[] {
    if (judges[0] !== 0) return judges;
    const plain = this.models[0]!;
    const explained = judges.some((i) => {
      const model = this.models[i]!;
      return (
        i !== 0 &&
        model.recentError() <= plain.recentError() &&
        Math.abs(zs[i]!) <= this.tailOf(model)
      );
    });
    return explained ? judges.slice(1) : judges;
  }

  /**
   * The models fit to judge: every one whose recent errors are close to the best model's.
   * A seasonal model sees a broken daily shape that persistence misses; the plain one sees a
   * spike that a noisy seasonal baseline blurs.
   */
  private judges(forecasts: (Forecast | undefined)[]): number[] {
    const ready = this.models.flatMap((model, i) =>
      canJudge(forecasts[i]) && model.errors >= this.errorsNeeded(model) ? [i] : [],
    );
    if (ready.length === 0) {
      // Until models have errors enough to compare, the plain one judges (once it can).
      const plain = this.models[0];
      return plain && plain.errors >= this.firstErrors && canJudge(forecasts[0]) ? [0] : [];
    }
    const best = Math.min(...ready.map((i) => this.models[i]!.recentError()));
    return ready.filter((i) => this.models[i]!.recentError() <= CREDIBLE * best);
  }

  /**
   * Errors a model must have made before it may judge: 64, or two of its cycles when those
   * are shorter (a weekly cycle of daily costs is ready after two weeks, not nine).
   */
  private errorsNeeded(model: ForecastModel): number {
    if (model.period === undefined) return MIN_ERRORS;
    const cycle = Math.round(model.period / this.interval);
    return Math.min(MIN_ERRORS, Math.max(this.firstErrors, 2 * cycle));
  }

  /** Sets up the plain model and the candidate cycles that fit the sampling; then looks for one. */
  private refreshModels(): void {
    const interval = samplingInterval(this.history.times);
    if (Number.isNaN(interval)) return;
    this.interval = interval;
    const tolerance = interval / 2;
    if (this.models.length === 0) {
      this.models.push(new ForecastModel(undefined, tolerance, this.firstErrors));
      // A cycle needs at least four points in it to have a shape.
      for (const period of this.candidates) {
        if (period >= 4 * interval)
          this.models.push(new ForecastModel(period, tolerance, this.firstErrors));
      }
      return;
    }
    const peak = dominantCycle(this.history.values.slice(-CYCLE_SEARCH_POINTS));
    if (!peak) return;
    const period = peak.lag * interval;
    if (this.candidates.some((p) => isNear(period, p))) return;
    if (this.discovered !== undefined && isNear(period, this.discovered)) return;
    this.discovered = period;
    this.models = this.models.filter(
      (m) => m.period === undefined || this.candidates.includes(m.period),
    );
    this.models.push(new ForecastModel(period, tolerance, this.firstErrors));
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
    episodeStart: null,
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

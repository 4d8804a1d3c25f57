import { median } from "simple-statistics";
import { scoreSeries } from "../../observability/anomaly/anomaly-engine.ts";
import { DAY_MS, WEEK_MS } from "../../observability/anomaly/seasonality.ts";
import {
  type DailyPoint,
  dateOfDay,
  dayNumber,
  toDenseSeries,
  trimLeadingZeros,
} from "./daily-series.ts";

export interface Anomaly {
  date: string;
  actual: number;
  expected: number;
  /** The band outside which a day counts as an anomaly. */
  lower: number;
  upper: number;
  /** actual − expected */
  deviation: number;
  /** The anomaly engine's z-score: the deviation in units of the series' usual forecast error. */
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

// A usual day is the median of the last eight weeks: enough to know a series' normal, short
// enough to forget an old one.
const WINDOW_DAYS = 56;
// Judged against defaults: a deviation must leave the engine's band and be 20 % of a usual day.
const SHARE_OF_TYPICAL = 0.2;

/**
 * The shared anomaly engine's verdict on every day of a dense daily series (day numbers since
 * the epoch, so UTC midnights), with a weekly cycle as its only candidate: a daily one is
 * meaningless on daily points. Causal: each verdict comes from the days before it.
 */
function dailyVerdicts(values: readonly number[], start: number, minHistory: number) {
  return scoreSeries(
    values.map((value, t) => ({ timestamp: (start + t) * DAY_MS, value })),
    {
      warmup: minHistory,
      candidatePeriods: [WEEK_MS],
      // Judging may start at minHistory, and errors are clipped (so a jump in the first weeks
      // does not widen the band for good) after a quarter of it: four days of two weeks.
      firstErrors: Math.min(16, Math.floor(minHistory / 4)),
      // A bill's second spike costs money however large the first was: every day is judged
      // on the series' usual errors, not against the largest surprise of the last weeks.
      recordShare: 0,
      // 1.5 × the 99th percentile of |z| (at first 3.5 mean absolute errors, so about 4 sigmas
      // of Gaussian noise): a day's bill is judged as a cost, not as an alert on a metric.
      bandTails: 1.5,
    },
  );
}

function severityOf(deviation: number, halfWidth: number, floor: number): Anomaly["severity"] {
  // The weaker of the two signals decides: far outside the band on a few cents is still low.
  const strength = Math.min(Math.abs(deviation) / halfWidth, Math.abs(deviation) / floor);
  return strength >= 4 ? "high" : strength >= 2 ? "medium" : "low";
}

/** A judged day with the band it was judged against (at the options' sensitivity and floors). */
export interface JudgedDay extends Anomaly {
  /** True when the day is out of its band: an anomaly. */
  isAnomalous: boolean;
}

/**
 * Every day from a series' `minHistory`-th on (once the engine can judge it) with what it was
 * expected to cost and the band around that: the engine's band, widened to the money floors
 * (20 % of a usual day or of the expected cost, and `minImpact`), all over `sensitivity`.
 */
export function judgeDays(series: DailyPoint[], options: AnomalyOptions = {}): JudgedDay[] {
  const minHistory = options.minHistory ?? 14;
  const sensitivity = options.sensitivity ?? 1;
  const minImpact = options.minImpact ?? 1;
  if (!(sensitivity > 0)) throw new RangeError(`sensitivity must be above 0: ${sensitivity}`);
  const { start, values } = trimLeadingZeros(toDenseSeries(series));
  const verdicts = dailyVerdicts(values, start, minHistory);
  const days: JudgedDay[] = [];
  for (let t = Math.max(1, minHistory); t < values.length; t++) {
    const verdict = verdicts[t]!;
    if (verdict.isWarmingUp) continue;
    const { expected, deviation } = verdict;
    const window = values.slice(Math.max(0, t - WINDOW_DAYS), t);
    const typical = median(window.map(Math.abs));
    // The money floor scales with the series: 20 % of a usual day (or of the expected cost,
    // if larger), so cents on a weekend of a $5/day series do not count; minImpact on top.
    const shareFloor = SHARE_OF_TYPICAL * Math.max(typical, Math.abs(expected));
    const engineHalfWidth = verdict.upper - expected;
    const halfWidth = Math.max(engineHalfWidth / sensitivity, shareFloor / sensitivity, minImpact);
    const lower = expected - halfWidth;
    days.push({
      date: dateOfDay(start + t),
      actual: verdict.value,
      expected,
      lower: window.every((value) => value >= 0) ? Math.max(0, lower) : lower,
      upper: expected + halfWidth,
      deviation,
      score: verdict.zScore,
      severity: severityOf(deviation, engineHalfWidth, Math.max(shareFloor, minImpact)),
      isAnomalous: Math.abs(deviation) >= halfWidth,
    });
  }
  return days;
}

/**
 * Days whose cost is far from what the days before them suggest, both against the anomaly
 * engine's band and in money. Causal (each day is judged on earlier days only), robust to
 * earlier spikes (medians), weekday-aware, and silent for a series' first `minHistory` days.
 * Every day out of its band counts, not only the engine's score (which damps the later days
 * of an episode): costs reports each anomalous day.
 */
export function detectAnomalies(series: DailyPoint[], options: AnomalyOptions = {}): Anomaly[] {
  return judgeDays(series, options).flatMap(({ isAnomalous, ...day }) =>
    isAnomalous ? [day] : [],
  );
}

/**
 * Root cause of a day's change: each child's (service, account, region, tag value…) cost that
 * day against its own baseline, largest move first. Children's baselines are the anomaly engine's
 * forecasts, so their expected costs need not add up to the parent's.
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
    // A child that started on the day has no baseline: all of its cost is new. Otherwise its
    // expected cost is the engine's, from its days before this one, or while the engine is
    // still warming up on a child of a few days, the median of its last week.
    const verdict =
      first >= 0 && first < t
        ? dailyVerdicts(padded.slice(first, t + 1), start + first, 0).at(-1)
        : undefined;
    const earlier = () => median(padded.slice(Math.max(first, t - 7), t));
    const actual = padded[t]!;
    const expected = !verdict ? 0 : verdict.isWarmingUp ? earlier() : verdict.expected;
    return { key, actual, expected, deviation: actual - expected };
  });
  const total = moves.reduce((sum, move) => sum + move.deviation, 0);
  return moves
    .map((move) => ({ ...move, share: total === 0 ? 0 : move.deviation / total }))
    .sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation));
}

import { detectAnomalies } from "../analysis/anomaly.ts";
import { type DailyPoint, dateOfDay, dayNumber, toDenseSeries } from "../analysis/daily-series.ts";
import { toDecimal } from "./decimal.ts";

export interface ChartDay {
  date: string;
  actual: string;
  /** The detector's expectation and band; null before a series has enough history. */
  expected: string | null;
  lower: string | null;
  upper: string | null;
}

// detectAnomalies reports a day's expectation and band only for the days it flags. At a huge
// sensitivity and no money floor it flags every day that differs from its expectation at all,
// and its band scales by exactly 1/sensitivity (AnomalyOptions): multiplied back, that is the
// band at the defaults. The analysis module exports no per-day baseline, so this asks it that way.
const PROBE_SENSITIVITY = 1e6;
/** The detector's default minImpact: the band is never narrower than this either side. */
const MIN_IMPACT = 1;
/** The detector's default minHistory: a series' first two weeks are not judged. */
const MIN_HISTORY = 14;

/**
 * Actual cost of each day in [from, to) of a series with the detector's expected value and
 * band, as the anomalies page charts it. `points` should start eight weeks before `from`.
 */
export function chartDays(points: DailyPoint[], from: string, to: string): ChartDay[] {
  const probed = new Map(
    detectAnomalies(points, { sensitivity: PROBE_SENSITIVITY, minImpact: 0 }).map((a) => [
      a.date,
      {
        expected: a.expected,
        halfWidth: Math.max((a.upper - a.expected) * PROBE_SENSITIVITY, MIN_IMPACT),
      },
    ]),
  );
  const { start, values } = toDenseSeries(points);
  const isNonNegative = values.every((v) => v >= 0);
  const firstCost =
    start +
    Math.max(
      0,
      values.findIndex((v) => v !== 0),
    );
  const days: ChartDay[] = [];
  let lastHalfWidth: number | undefined;
  for (let day = dayNumber(from); day < dayNumber(to); day++) {
    const date = dateOfDay(day);
    const actual = values[day - start] ?? 0;
    const probe = probed.get(date);
    const isJudged = values.length > 0 && day - firstCost >= MIN_HISTORY;
    // A judged day exactly on its expectation is not reported: it keeps the band of the day
    // before, or (a series without any noise) the detector's floor of 20 % of the day's cost.
    const halfWidth =
      probe?.halfWidth ??
      (isJudged ? (lastHalfWidth ?? Math.max(0.2 * Math.abs(actual), MIN_IMPACT)) : undefined);
    lastHalfWidth = halfWidth;
    const expected = probe?.expected ?? (halfWidth === undefined ? undefined : actual);
    if (expected === undefined || halfWidth === undefined) {
      days.push({ date, actual: toDecimal(actual), expected: null, lower: null, upper: null });
      continue;
    }
    const lower = expected - halfWidth;
    days.push({
      date,
      actual: toDecimal(actual),
      expected: toDecimal(expected),
      lower: toDecimal(isNonNegative ? Math.max(0, lower) : lower),
      upper: toDecimal(expected + halfWidth),
    });
  }
  return days;
}

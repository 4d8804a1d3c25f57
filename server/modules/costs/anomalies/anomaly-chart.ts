import { judgeDays } from "../analysis/anomaly.ts";
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

/**
 * Actual cost of each day in [from, to) of a series with the detector's expected value and
 * band, as the anomalies page charts it. `points` should start eight weeks before `from`.
 */
export function chartDays(points: DailyPoint[], from: string, to: string): ChartDay[] {
  const judged = new Map(judgeDays(points).map((day) => [day.date, day]));
  const { start, values } = toDenseSeries(points);
  const days: ChartDay[] = [];
  for (let day = dayNumber(from); day < dayNumber(to); day++) {
    const date = dateOfDay(day);
    const actual = toDecimal(values[day - start] ?? 0);
    const band = judged.get(date);
    days.push(
      band
        ? {
            date,
            actual,
            expected: toDecimal(band.expected),
            lower: toDecimal(band.lower),
            upper: toDecimal(band.upper),
          }
        : { date, actual, expected: null, lower: null, upper: null },
    );
  }
  return days;
}

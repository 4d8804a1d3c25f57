/** One day of cost: `date` is a calendar day (YYYY-MM-DD, UTC), `value` the cost booked on it. */
export interface DailyPoint {
  date: string;
  value: number;
}

/** A gap-free run of days starting at `start` (days since 1970-01-01), one value a day. */
export interface DenseSeries {
  start: number;
  values: number[];
}

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 for a YYYY-MM-DD date; throws on anything else. */
export function dayNumber(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!ISO_DAY.test(date) || Number.isNaN(ms))
    throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return Math.round(ms / MS_PER_DAY);
}

/** The YYYY-MM-DD date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The YYYY-MM-DD date `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of the month, 1–31. */
export function dayOfMonth(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCDate();
}

/**
 * Sorts points into one value a day from the first to the last date: days that are missing
 * cost nothing (0) and repeated dates are added up, as several line items of one day would be.
 */
export function toDenseSeries(points: readonly DailyPoint[]): DenseSeries {
  if (points.length === 0) return { start: 0, values: [] };
  const byDay = new Map<number, number>();
  for (const point of points) {
    if (!Number.isFinite(point.value)) throw new RangeError(`Not a finite cost on ${point.date}`);
    const day = dayNumber(point.date);
    byDay.set(day, (byDay.get(day) ?? 0) + point.value);
  }
  const days = [...byDay.keys()];
  const start = Math.min(...days);
  const values = new Array<number>(Math.max(...days) - start + 1).fill(0);
  for (const [day, value] of byDay) values[day - start] = value;
  return { start, values };
}

/**
 * Drops the zeros before a series' first cost: a service that started on the 20th has no
 * history before it, not two weeks of free usage.
 */
export function trimLeadingZeros(series: DenseSeries): DenseSeries {
  const first = series.values.findIndex((value) => value !== 0);
  if (first <= 0) return series;
  return { start: series.start + first, values: series.values.slice(first) };
}

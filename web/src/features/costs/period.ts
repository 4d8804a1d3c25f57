/** Periods of the explorer, as [from, to) pairs of YYYY-MM-DD days (cost days are UTC dates). */
export const PERIOD_PRESETS = ["this-month", "last-month", "30d", "90d", "custom"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  "this-month": "Month to date",
  "last-month": "Last month",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  custom: "Custom range",
};

export interface Range {
  from: string;
  /** The day after the last day: exclusive, as the API takes it. */
  to: string;
}

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function utcDay(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(range: Range): number {
  return Math.round(
    (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS,
  );
}

export function isDay(value: string | null | undefined): value is string {
  return typeof value === "string" && DAY.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * The range of a preset, relative to `today`'s UTC day: cost days are the providers' UTC billing
 * days, and the forecast and budgets count months in UTC too. (The viewer's own calendar day
 * would show December's first hours in Auckland while every bill is still in November.)
 */
export function rangeOf(preset: Exclude<PeriodPreset, "custom">, today = new Date()): Range {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const tomorrow = utcDay(y, m, today.getUTCDate() + 1);
  switch (preset) {
    case "this-month":
      return { from: utcDay(y, m, 1), to: tomorrow };
    case "last-month":
      return { from: utcDay(y, m - 1, 1), to: utcDay(y, m, 1) };
    case "30d":
      return { from: addDays(tomorrow, -30), to: tomorrow };
    case "90d":
      return { from: addDays(tomorrow, -90), to: tomorrow };
  }
}

/** `day` moved by whole months; a day the month lacks (Mar 31 → Feb) becomes the next month's 1st. */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return d > lastDay ? utcDay(y, m - 1 + months + 1, 1) : utcDay(y, m - 1 + months, d);
}

/**
 * The period to compare with. A range that starts on a month's first day is compared with the
 * same days of the month(s) before, as bills are monthly: month to date (Nov 1–28) with Oct 1–28,
 * a whole month with the whole month before whatever their lengths, a quarter with the quarter
 * before. Any other range is compared with the days of equal number just before it.
 */
export function previousRange(range: Range): Range {
  if (!range.from.endsWith("-01"))
    return { from: addDays(range.from, -daysBetween(range)), to: range.from };
  const [fy, fm] = range.from.split("-").map(Number) as [number, number];
  const [ty, tm] = range.to.split("-").map(Number) as [number, number];
  const months = (ty - fy) * 12 + (tm - fm) + (range.to.endsWith("-01") ? 0 : 1);
  // Days the earlier month lacks (March 29–31 against February) end at its own end.
  return { from: addMonths(range.from, -months), to: addMonths(range.to, -months) };
}

/** Months when the range is longer than about two months; days otherwise. */
export function granularityOf(range: Range): "day" | "month" {
  return daysBetween(range) > 62 ? "month" : "day";
}

/** "Sep 1 – Sep 30, 2024": the inclusive last day, in the viewer's locale. */
export function describeRange(range: Range, locale: string): string {
  const fmt = new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
  const from = new Date(`${range.from}T00:00:00Z`);
  const last = new Date(`${addDays(range.to, -1)}T00:00:00Z`);
  return fmt.formatRange(from, last);
}

/** The days of one chart bucket (a day, or a month from its first day), within the range. */
export function bucketRange(bucket: string, granularity: "day" | "month", range: Range): Range {
  const start = new Date(`${bucket}T00:00:00Z`);
  const end =
    granularity === "month"
      ? utcDay(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)
      : addDays(bucket, 1);
  return {
    from: bucket > range.from ? bucket : range.from,
    // biome-ignore lint/complexity/useMathMinMax: days are ISO strings; Math.min makes them NaN
    to: end < range.to ? end : range.to,
  };
}

/** A bucket label on the chart's time axis. */
export function bucketLabel(day: string, granularity: "day" | "month", locale: string): string {
  const options: Intl.DateTimeFormatOptions =
    granularity === "month"
      ? { month: "short", year: "numeric", timeZone: "UTC" }
      : { month: "short", day: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(locale, options).format(new Date(`${day}T00:00:00Z`));
}

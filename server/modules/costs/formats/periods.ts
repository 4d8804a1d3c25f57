import { RowError } from "../import/focus.ts";

/**
 * Period arithmetic on the ledger's ISO instants (`YYYY-MM-DDTHH:MM:SSZ`). FOCUS periods are
 * half-open: start inclusive, end exclusive.
 */

/** The first instant of the UTC month holding `instant`. */
export function monthStart(instant: string): string {
  return `${instant.slice(0, 7)}-01T00:00:00Z`;
}

/** The first instant of the UTC month after the one holding `instant`. */
export function nextMonthStart(instant: string): string {
  const date = new Date(monthStart(instant));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return iso(date);
}

export function addDays(instant: string, days: number): string {
  const date = new Date(instant);
  date.setUTCDate(date.getUTCDate() + days);
  return iso(date);
}

/**
 * The UTC instant at which a month starts in a time zone: Google bills in Pacific Time, so the
 * November 2023 invoice month starts at 2023-11-01T07:00:00Z. `month` is `YYYYMM`.
 */
export function zonedMonthStart(month: string, timeZone: string, column: string): string {
  const match = /^(\d{4})(\d{2})$/.exec(month.trim());
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    throw new RowError(column, `"${month}" is not a month (YYYYMM)`);
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
  // The zone's offset at UTC midnight is its offset at its own midnight of the 1st: daylight
  // saving changes at 02:00 local (US zones), never between those two instants.
  return iso(new Date(utcMidnight - offsetMinutes(utcMidnight, timeZone) * 60_000));
}

/** `YYYYMM` of the month holding `instant` in a time zone (cached: usage hours repeat). */
export function zonedMonthOf(instant: string, timeZone: string): string {
  const key = `${timeZone} ${instant}`;
  let month = zonedMonths.get(key);
  if (month === undefined) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
    }).formatToParts(new Date(instant));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    month = `${part("year")}${part("month")}`;
    if (zonedMonths.size >= 10_000) zonedMonths.clear();
    zonedMonths.set(key, month);
  }
  return month;
}

const zonedMonths = new Map<string, string>();

/** `YYYYMM` of the month after `month`. */
export function followingMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const next = Number(month.slice(4, 6)) + 1;
  return next > 12 ? `${year + 1}01` : `${year}${String(next).padStart(2, "0")}`;
}

function offsetMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(epochMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return (wall - epochMs) / 60_000;
}

function iso(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

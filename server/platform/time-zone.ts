/**
 * Calendar days in a workspace's IANA time zone, with Intl only (no tz library): which local
 * day an instant falls on, and the instant a local day begins. Pure, so the web app uses the
 * same rules as the server. Days are YYYY-MM-DD strings.
 */
import { invalid } from "./errors.ts";

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields an instant shows in the zone. */
function wallClockOf(ms: number, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(ms))
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  return fields as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The zone's name as Intl spells it ("asia/tokyo" → "Asia/Tokyo"); throws naming `field`. */
export function canonicalTimeZone(name: string, field = "timezone"): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw invalid(field, `"${name}" is not an IANA time zone such as "Europe/Paris"`);
  }
}

/** Throws invalid_input naming `timezone` unless the IANA zone is known to this runtime. */
export function assertTimeZone(timeZone: string): void {
  canonicalTimeZone(timeZone);
}

/** Milliseconds the zone is ahead of UTC at the instant (negative west of Greenwich). */
export function offsetAt(instant: Date | number, timeZone: string): number {
  const ms = Math.floor(Number(instant) / 1000) * 1000;
  const w = wallClockOf(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
}

/** The local calendar day (YYYY-MM-DD) the instant falls on in the zone. */
export function localDayOf(instant: Date | number, timeZone: string): string {
  const w = wallClockOf(Number(instant), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Today's date in the zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDayOf(now, timeZone);
}

/**
 * The instant the local day begins in the zone: local midnight, or, where a DST jump skips
 * midnight (America/Santiago, Asia/Beirut), the first instant of the day after the jump; where
 * midnight repeats, the first one.
 */
export function localMidnight(day: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(wall)) throw new RangeError(`Not a YYYY-MM-DD date: ${day}`);
  // Midnight is within 14 hours of UTC midnight; the offsets a day either side and at it
  // cover any one transition near it, so one of these candidates is the day's first instant.
  const candidates = [wall - DAY_MS, wall, wall + DAY_MS]
    .map((at) => wall - offsetAt(at, timeZone))
    .filter((at) => localDayOf(at, timeZone) >= day);
  return new Date(Math.min(...candidates));
}

/** The instants [start, end) covering local days `from` (inclusive) to `to` (exclusive). */
export function localRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: localMidnight(from, timeZone), end: localMidnight(to, timeZone) };
}

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
 * The instant a local wall time (HH:MM) on a day happens in the zone. Where it repeats (clocks
 * going back), the first time; where a DST jump skips it, the instant of the jump plus however
 * far into the gap it was (02:30 on a spring-forward night is 03:30).
 */
export function localInstant(day: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  if (Number.isNaN(wall))
    throw new RangeError(`Not a YYYY-MM-DD day and HH:MM time: ${day} ${time}`);
  // The instant is within 14 hours of the wall time read as UTC; the offsets a day either side
  // and at it cover any one transition near it.
  const offsets = [wall - DAY_MS, wall, wall + DAY_MS].map((at) => offsetAt(at, timeZone));
  const exact = offsets
    .map((offset) => wall - offset)
    .filter((at) => at + offsetAt(at, timeZone) === wall);
  if (exact.length > 0) return new Date(Math.min(...exact));
  return new Date(wall - Math.min(...offsets));
}

/**
 * The instant the local day begins in the zone: local midnight, or, where a DST jump skips
 * midnight (America/Santiago, Asia/Beirut), the jump itself; where midnight repeats, the first.
 */
export function localMidnight(day: string, timeZone: string): Date {
  return localInstant(day, "00:00", timeZone);
}

/** The wall-clock time (HH:MM, 24-hour) of an instant in the zone. */
export function localTimeOf(instant: Date | number, timeZone: string): string {
  const w = wallClockOf(Number(instant), timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** The instants [start, end) covering local days `from` (inclusive) to `to` (exclusive). */
export function localRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: localMidnight(from, timeZone), end: localMidnight(to, timeZone) };
}

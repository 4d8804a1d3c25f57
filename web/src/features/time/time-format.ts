// Durations and days for the time pages. The server counts an entry on the day it started in
// the workspace's time zone, so the pages pick days and times in that zone with the same helper.
export {
  localDayOf,
  localInstant,
  localTimeOf,
  todayIn,
} from "../../../../server/platform/time-zone.ts";

const DAY_MS = 86_400_000;

/** The calendar day `days` after `day`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Seconds as h:mm ("7:05"); a zero shows as an en dash in tables when `blankZero`. */
export function formatDuration(seconds: number, blankZero = false): string {
  if (blankZero && seconds === 0) return "–";
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Seconds as a ticking clock, h:mm:ss. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * A typed duration in seconds: "1:30", "1.5" or "1,5" (hours), "90m", "2h", "1h 15m"; null when
 * it cannot be read.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (!value) return null;
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(value);
  if (clock) return (Number(clock[1]) * 60 + Number(clock[2])) * 60;
  const units = /^(?:(\d+(?:[.,]\d+)?)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$/.exec(value);
  if (units && (units[1] || units[2])) {
    const hours = Number((units[1] ?? "0").replace(",", "."));
    return Math.round(hours * 3600 + Number(units[2] ?? 0) * 60);
  }
  const hours = /^\d+(?:[.,]\d+)?$/.test(value) ? Number(value.replace(",", ".")) : Number.NaN;
  return Number.isFinite(hours) ? Math.round(hours * 3600) : null;
}

/** "Mon 3" style column heading of a calendar day in the workspace's locale. */
export function dayHeading(day: string, locale: string): { weekday: string; date: string } {
  const date = new Date(`${day}T00:00:00Z`);
  return {
    weekday: new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(date),
    date: new Intl.DateTimeFormat(locale, {
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }).format(date),
  };
}

// Calendar days (YYYY-MM-DD) as day numbers, for laying dates out on the timeline; "today" is
// the workspace's (useToday). Day arithmetic on YYYY-MM-DD strings is the time pages'
// (time-format.ts).

export { addDays, mondayOf } from "../time/time-format.ts";

const MS_PER_DAY = 86_400_000;

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function shortDate(date: string, locale: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

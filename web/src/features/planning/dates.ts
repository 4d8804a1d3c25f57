// UTC days as numbers, for laying dates out on the timeline (Glass Pane's days are UTC days).

const MS_PER_DAY = 86_400_000;

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** The Monday on or before the day. */
export function mondayOf(day: number): number {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return day - ((weekday + 6) % 7);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function shortDate(date: string, locale: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

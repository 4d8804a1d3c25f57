/** Budget periods are calendar months, quarters and years of UTC days (cost days are UTC). */
export const BUDGET_PERIODS = ["monthly", "quarterly", "annual"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

const MONTHS: Record<BudgetPeriod, number> = { monthly: 1, quarterly: 3, annual: 12 };
const DAY_MS = 86_400_000;

const utcDay = (year: number, month: number, day = 1) =>
  new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);

/** The UTC calendar day of an instant, YYYY-MM-DD. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The period holding `day`: first day and the day after the last (exclusive), as the API takes ranges. */
export function periodOf(period: BudgetPeriod, day: string): { start: string; end: string } {
  const date = new Date(`${day}T00:00:00Z`);
  const length = MONTHS[period];
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - (date.getUTCMonth() % length);
  return { start: utcDay(year, month), end: utcDay(year, month + length) };
}

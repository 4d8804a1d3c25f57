// Relative periods ("the last hour", "last week") are resolved here against a known instant,
// never by the model: models are unreliable at date arithmetic and do not know the time.

import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";

const UNITS = ["minute", "hour", "day", "week", "month"] as const;
const PRESETS = [
  "today",
  "yesterday",
  "this-week",
  "last-week",
  "this-month",
  "last-month",
  "this-year",
] as const;

/** How the model names a period; every variant is resolved server-side. */
export const zPeriodSpec = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("last"),
      amount: z.number().int().min(1).max(1000),
      unit: z.enum(UNITS),
    }),
    z.strictObject({ kind: z.literal("preset"), preset: z.enum(PRESETS) }),
    z.strictObject({
      kind: z.literal("between"),
      from: z.string().describe("ISO 8601 date or date-time"),
      to: z.string().describe("ISO 8601 date or date-time (exclusive)"),
    }),
  ])
  .describe(
    'The period asked about. "in the last hour" → {kind:"last",amount:1,unit:"hour"}; "last week" → {kind:"preset",preset:"last-week"} (weeks start on Monday, UTC); explicit dates → {kind:"between"}',
  );
export type PeriodSpec = z.infer<typeof zPeriodSpec>;

const DAY_MS = 86_400_000;
const startOfDay = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);
const monthStart = (d: Date, offset = 0) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
/** Monday 00:00 UTC of the week `d` falls in. */
const weekStart = (d: Date) => addDays(startOfDay(d), -((d.getUTCDay() + 6) % 7));

function parseInstant(field: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(field, `"${value}" is not a date`);
  return date;
}

/** The period as an instant range [from, to), in UTC. */
export function resolvePeriod(spec: PeriodSpec, now: Date): { from: Date; to: Date } {
  switch (spec.kind) {
    case "last": {
      if (spec.unit === "month") {
        const from = new Date(now);
        from.setUTCMonth(from.getUTCMonth() - spec.amount);
        return { from, to: now };
      }
      const unitMs = { minute: 60_000, hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS }[spec.unit];
      return { from: new Date(now.getTime() - spec.amount * unitMs), to: now };
    }
    case "preset": {
      const today = startOfDay(now);
      switch (spec.preset) {
        case "today":
          return { from: today, to: now };
        case "yesterday":
          return { from: addDays(today, -1), to: today };
        case "this-week":
          return { from: weekStart(now), to: now };
        case "last-week":
          return { from: addDays(weekStart(now), -7), to: weekStart(now) };
        case "this-month":
          return { from: monthStart(now), to: now };
        case "last-month":
          return { from: monthStart(now, -1), to: monthStart(now) };
        case "this-year":
          return { from: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)), to: now };
      }
      break;
    }
    case "between": {
      const from = parseInstant("period.from", spec.from);
      const to = parseInstant("period.to", spec.to);
      if (from >= to) throw invalid("period", "the period ends before it starts");
      return { from, to };
    }
  }
  throw invalid("period", "is not a period");
}

/** The same period in whole UTC days [from, to) as the cost ledger counts them. */
export function periodAsDays(range: { from: Date; to: Date }): { from: string; to: string } {
  const from = startOfDay(range.from);
  // A period ending inside a day includes that day.
  const toDay = startOfDay(range.to);
  const to = toDay.getTime() === range.to.getTime() ? toDay : addDays(toDay, 1);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(from), to: day(to > from ? to : addDays(from, 1)) };
}

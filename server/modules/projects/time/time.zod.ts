import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";

/** A calendar day, YYYY-MM-DD; time pages read it in the workspace's time zone. */
export const zDay = z.iso.date();

/** An instant as the caller writes it: ISO 8601 with a zone (Z or ±hh:mm). */
export const zInstant = z.iso.datetime({ offset: true });

/** The longest single entry: a day. Longer stretches are two entries (or a mistake). */
export const MAX_ENTRY_SECONDS = 24 * 60 * 60;

export const zSeconds = z
  .number()
  .int("must be whole seconds")
  .positive("must be more than 0")
  .max(MAX_ENTRY_SECONDS, "must be at most 24 hours (86400 seconds)");

export const zRate = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,4})?$/, "must be an amount such as 95 or 95.50")
  .describe("Per hour, a decimal string");

export const zCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as EUR")
  .describe("ISO 4217 code");

export const zDescription = z.string().trim().max(500, "must be at most 500 characters");

export const zTimeEntry = z.object({
  id: zId,
  userId: zId,
  userName: z.string(),
  projectId: zId.nullable(),
  projectKey: z.string().nullable(),
  projectName: z.string().nullable(),
  taskId: zId.nullable(),
  taskNumber: z.number().int().nullable(),
  taskTitle: z.string().nullable(),
  description: z.string(),
  startedAt: zTimestamp,
  endedAt: zTimestamp.nullable().describe("null while the timer runs"),
  seconds: z.number().int().nullable().describe("Seconds worked; null while the timer runs"),
  billable: z.boolean(),
  rate: z.string().nullable().describe("Hourly rate resolved when the entry was logged"),
  currency: z.string().nullable(),
  invoiceId: zId.nullable(),
  isLocked: z.boolean().describe("Billed on an invoice: read-only"),
  isRunning: z.boolean(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});
export type TimeEntryView = z.input<typeof zTimeEntry>;

export const zMoney = z.object({ currency: z.string(), amount: z.string() });

/** Seconds and money of a set of entries: raw, billable, billable after rounding, and amounts. */
export const zTimeSums = z.object({
  seconds: z.number().int(),
  hours: z.string().describe("All time, hours to 2 dp"),
  billableSeconds: z.number().int(),
  billableHours: z.string(),
  roundedBillableSeconds: z
    .number()
    .int()
    .describe("Billable time after each project's rounding rule, entry by entry"),
  roundedBillableHours: z.string(),
  unratedBillableSeconds: z
    .number()
    .int()
    .describe("Billable time with no rate (no personal or project rate): not in the amounts"),
  amounts: z.array(zMoney).describe("Rate × rounded hours, rounded to the cent per entry, summed"),
});
export type TimeSums = z.infer<typeof zTimeSums>;

export const TOTALS_GROUPS = ["task", "project", "client", "person"] as const;
export type TotalsGroup = (typeof TOTALS_GROUPS)[number];

export const zTimesheet = z.object({
  weekStart: z.string(),
  userId: zId,
  timeZone: z.string().describe("The workspace's time zone, whose days these are"),
  days: z.array(z.string()).describe("The seven local days, Monday first"),
  rows: z.array(
    z.object({
      projectId: zId.nullable(),
      projectKey: z.string().nullable(),
      projectName: z.string().nullable(),
      taskId: zId.nullable(),
      taskNumber: z.number().int().nullable(),
      taskTitle: z.string().nullable(),
      seconds: z.array(z.number().int()).describe("Per day, Monday first"),
      total: z.number().int(),
    }),
  ),
  dayTotals: z.array(z.number().int()),
  total: z.number().int(),
  billableTotal: z.number().int(),
});

export const zMemberRate = z.object({
  userId: zId,
  name: z.string(),
  email: z.string(),
  role: z.string(),
  hourlyRate: z.string().nullable(),
  costRate: z.string().nullable(),
  currency: z.string().nullable(),
  updatedAt: zTimestamp.nullable(),
});

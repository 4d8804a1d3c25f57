import { z } from "zod";
import { zId, zName, zTimestamp } from "../../platform/operations/zod.ts";
import { zFilters } from "../costs/explorer/query.ts";

/** What a column means to reports: done columns complete tasks, the rest keep them open. */
export const COLUMN_CATEGORIES = ["backlog", "todo", "in_progress", "done"] as const;
export type ColumnCategory = (typeof COLUMN_CATEGORIES)[number];
export const ESTIMATE_UNITS = ["points", "hours"] as const;
export const PROJECT_STATUSES = ["active", "archived"] as const;
export const ROUNDING_MODES = ["none", "up", "nearest", "down"] as const;

/** The columns a new project starts with. */
export const DEFAULT_COLUMNS: { name: string; category: ColumnCategory }[] = [
  { name: "Backlog", category: "backlog" },
  { name: "To do", category: "todo" },
  { name: "In progress", category: "in_progress" },
  { name: "Review", category: "in_progress" },
  { name: "Done", category: "done" },
];

export const zProjectKey = z
  .string()
  .trim()
  .regex(
    /^[A-Z][A-Z0-9]{1,9}$/,
    "must be 2–10 upper-case letters or digits, starting with a letter",
  )
  .describe("Prefix of task numbers: WEB → WEB-12");

const zDecimal = z.string().describe("A decimal amount, exact, as a string");
const zRate = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,4})?$/, "must be an amount such as 95 or 95.50")
  .describe("Hourly rate, a decimal string");
const zCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as USD")
  .describe("Currency of the hourly rate");
const zRounding = z.object({
  mode: z.enum(ROUNDING_MODES),
  minutes: z.number().int().min(1, "must be at least 1").max(60, "must be at most 60"),
});
const zWipLimit = z
  .number()
  .int()
  .min(1, "must be at least 1")
  .max(10_000)
  .nullable()
  .describe("Most tasks the column should hold; null for no limit");

/** Fields a project is created or updated with. */
export const zProjectFields = {
  key: zProjectKey,
  name: zName,
  description: z.string().max(20_000),
  clientId: zId.nullable().describe("The client the project is billed to"),
  costScope: zFilters.describe("The cost explorer's filters that select this project's spend"),
  estimateUnit: z.enum(ESTIMATE_UNITS),
  hourlyRate: zRate.nullable(),
  currency: zCurrency.nullable(),
  timeRounding: zRounding.describe("How billable time is rounded"),
};

export const zColumn = z.object({
  id: zId,
  name: z.string(),
  category: z.enum(COLUMN_CATEGORIES),
  position: z.number().int(),
  wipLimit: z.number().int().nullable(),
});

export const zColumnWithCounts = zColumn.extend({
  taskCount: z.number().int().describe("Top-level and subtasks in the column"),
  estimateTotal: zDecimal.describe("Sum of their estimates"),
  isOverWip: z.boolean(),
});

export const zColumnFields = {
  name: z.string().trim().min(1).max(60),
  category: z.enum(COLUMN_CATEGORIES),
  wipLimit: zWipLimit,
};

export const zProject = z.object({
  id: zId,
  key: z.string(),
  name: z.string(),
  description: z.string(),
  clientId: zId.nullable(),
  status: z.enum(PROJECT_STATUSES),
  costScope: zFilters,
  estimateUnit: z.enum(ESTIMATE_UNITS),
  hourlyRate: zDecimal.nullable(),
  currency: z.string().nullable(),
  timeRounding: zRounding,
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

export const zTaskCounts = z.object({
  open: z.number().int(),
  done: z.number().int(),
  total: z.number().int(),
  overdue: z.number().int().describe("Open tasks past their due date"),
});

export const zMonthCost = z
  .object({
    from: z.string(),
    to: z.string().describe("Exclusive"),
    total: zDecimal,
    currency: z.string().nullable(),
  })
  .nullable()
  .describe("This month's cloud spend from the cost scope; null without a scope");

export const zProjectCosts = z.object({
  from: z.string(),
  to: z.string().describe("Exclusive"),
  metric: z.string(),
  currency: z.string().nullable(),
  currencies: z.array(z.string()),
  total: zDecimal,
  dates: z.array(z.string()),
  daily: z.array(zDecimal).describe("The whole scope's cost per day"),
  services: z
    .array(z.object({ service: z.string().nullable(), total: zDecimal }))
    .describe("The costliest services, most first"),
  hasScope: z.boolean(),
});

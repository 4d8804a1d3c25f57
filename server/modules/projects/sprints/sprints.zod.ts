import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";

export const SPRINT_STATES = ["planned", "active", "completed"] as const;
export type SprintState = (typeof SPRINT_STATES)[number];

/** The longest sprint: a burndown of more than a quarter says little. */
export const MAX_SPRINT_DAYS = 90;

export const zSprintDay = z.iso.date("must be a date, YYYY-MM-DD");
const zEstimateSum = z
  .string()
  .describe("Sum of estimates in the project's unit, a decimal string");

export const zSprintFields = {
  name: z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
  goal: z.string().trim().max(2000, "must be at most 2000 characters"),
  startDate: zSprintDay.describe("First day, YYYY-MM-DD"),
  endDate: zSprintDay.describe("Last day, YYYY-MM-DD (inclusive)"),
};

export const zSprint = z.object({
  id: zId,
  projectId: zId,
  name: z.string(),
  goal: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  state: z.enum(SPRINT_STATES),
  startedAt: zTimestamp.nullable(),
  completedAt: zTimestamp.nullable(),
  committed: zEstimateSum.nullable().describe("Estimate in the sprint when it started"),
  completed: zEstimateSum.nullable().describe("Estimate done when it completed"),
  taskCount: z.number().int().describe("Tasks in the sprint now"),
  doneTaskCount: z.number().int(),
  scope: zEstimateSum.describe("Estimate of the tasks in the sprint now"),
  doneEstimate: zEstimateSum,
});
export type SprintView = z.input<typeof zSprint>;

const zAmount = z.string().nullable();

/** One point of a burndown: after the sprint started, or at the end of a day in the workspace's zone. */
export const zBurndownPoint = z.object({
  date: z.string().describe("The workspace's day (the start point carries the first day)"),
  ideal: z.string().describe("Committed estimate falling evenly to 0 at the end of the last day"),
  remaining: zAmount.describe("Estimate of unfinished tasks in the sprint; null for days to come"),
  scope: zAmount.describe("Estimate of all tasks in the sprint"),
  completed: zAmount.describe("Estimate of finished tasks in the sprint"),
  idealTasks: z.string(),
  remainingTasks: z.number().int().nullable().describe("Counts tasks, estimated or not"),
  scopeTasks: z.number().int().nullable(),
  completedTasks: z.number().int().nullable(),
});

export const zBurndown = z.object({
  sprint: zSprint,
  unit: z.enum(["points", "hours"]),
  start: zBurndownPoint,
  days: z.array(zBurndownPoint),
  unestimatedTasks: z.number().int().describe("Tasks in the sprint now without an estimate"),
  timeZone: z.string().describe("The workspace's time zone, at whose midnights the days end"),
});

export const zVelocity = z.object({
  unit: z.enum(["points", "hours"]),
  sprints: z.array(
    z.object({
      id: zId,
      name: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      completedAt: zTimestamp,
      committed: z.string(),
      completed: z.string(),
      committedTasks: z.number().int(),
      completedTasks: z.number().int(),
    }),
  ),
  averageCommitted: z.string().nullable(),
  averageCompleted: z.string().nullable().describe("The velocity: completed per sprint, 2 dp"),
});

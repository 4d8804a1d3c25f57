import Decimal from "decimal.js";
import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { COLUMN_CATEGORIES } from "../projects.zod.ts";

export const PRIORITIES = ["urgent", "high", "medium", "low", "none"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const LINK_KINDS = [
  "resource",
  "alert",
  "cost_anomaly",
  "invoice",
  "commit",
  "task",
  "url",
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const TASK_SORTS = ["rank", "number", "priority", "dueDate", "created", "updated"] as const;
export const GROUPINGS = ["none", "status", "assignee", "priority", "label"] as const;

const zDay = z.iso.date("must be a date, YYYY-MM-DD");
export const zEstimate = z
  .string()
  .trim()
  .regex(/^\d{1,6}(\.\d{1,2})?$/, "must be a number such as 3 or 1.5")
  // One spelling per value ("2.0" is "2"), so history and sums compare as people read them.
  .transform((value) => new Decimal(value).toFixed())
  .describe("In the project's estimate unit (points or hours), a decimal string");
export const zLabels = z
  .array(z.string().trim().min(1, "must not be empty").max(40, "must be at most 40 characters"))
  .max(20, "at most 20 labels")
  .transform((labels) => [...new Set(labels)]);
export const zLink = z.object({
  kind: z.enum(LINK_KINDS),
  target: z.string().trim().min(1).max(2000).describe("Id, ResourceId, commit SHA or URL"),
  title: z.string().trim().max(200).optional(),
});

/** The fields a task is written with; all but the title may be left out. */
export const zTaskFields = {
  title: z.string().trim().min(1, "must not be empty").max(300),
  description: z.string().max(100_000).describe("Markdown"),
  priority: z.enum(PRIORITIES),
  assigneeId: zId.nullable().describe("A member of the workspace"),
  labels: zLabels,
  estimate: zEstimate.nullable(),
  dueDate: zDay.nullable(),
  parentId: zId.nullable().describe("The parent task, of the same project"),
  sprintId: zId.nullable().describe("A sprint of the same project"),
};

// Plain strings in the row, not zId/zTimestamp: the board returns thousands of rows and every
// one is checked against this schema on the way out; the uuid and date codecs cost seven times
// as much as the rest of the check together (measured in bench/projects/board.ts).
const zUuid = z.string().describe("uuid");
const zIso = z.string().describe("ISO 8601 timestamp");

/** A task as lists and boards show it. */
export const zTaskRow = z.object({
  id: zUuid,
  projectId: zUuid,
  number: z.number().int(),
  key: z.string().describe("Project key and number, e.g. WEB-12"),
  title: z.string(),
  columnId: zUuid,
  rank: z.string().describe('Order within the project; sort with COLLATE "C"'),
  priority: z.enum(PRIORITIES),
  assigneeId: zUuid.nullable(),
  labels: z.array(z.string()),
  estimate: z.string().nullable(),
  dueDate: z.string().nullable(),
  sprintId: zUuid.nullable(),
  parentId: zUuid.nullable(),
  blockedBy: z.number().int().describe("Open tasks blocking this one"),
  subtasks: z.object({ done: z.number().int(), total: z.number().int() }),
  completedAt: zIso.nullable(),
  createdAt: zIso,
  updatedAt: zIso,
});

export const zTaskRef = z.object({
  id: zId,
  key: z.string(),
  title: z.string(),
  isDone: z.boolean(),
});

export const zTaskLink = z.object({
  id: zId,
  kind: z.enum(LINK_KINDS),
  target: z.string(),
  title: z.string().nullable(),
  createdAt: zTimestamp,
});

export const zTaskEvent = z.object({
  id: zId,
  type: z.string(),
  from: z.record(z.string(), z.unknown()).nullable(),
  to: z.record(z.string(), z.unknown()).nullable(),
  actorName: z.string().nullable(),
  at: zTimestamp,
});

export const zTaskDetail = zTaskRow.extend({
  description: z.string(),
  projectKey: z.string(),
  column: z.object({ id: zId, name: z.string(), category: z.enum(COLUMN_CATEGORIES) }),
  assigneeName: z.string().nullable(),
  parent: zTaskRef.nullable(),
  subtaskList: z.array(zTaskRef.extend({ columnId: zId })),
  blockers: z.array(zTaskRef).describe("Tasks this one is blocked by; isDone false = still open"),
  blocking: z.array(zTaskRef).describe("Tasks this one blocks"),
  links: z.array(zTaskLink),
  history: z.array(zTaskEvent).describe("Newest first, at most 50"),
});

/** tasks.list's filters: what a saved view stores too. */
export const zTaskFilters = {
  projectId: zId.optional(),
  columnIds: z.array(zId).max(50).optional(),
  assigneeId: z
    .union([z.literal("me"), z.literal("none"), zId])
    .optional()
    .describe('A member, "me" or "none" (unassigned)'),
  labels: z.array(z.string().max(40)).max(20).optional().describe("Tasks with all of them"),
  priority: z.array(z.enum(PRIORITIES)).max(5).optional(),
  sprintId: zId.optional(),
  backlog: z.boolean().optional().describe("Only tasks in no sprint"),
  dueFrom: zDay.optional(),
  dueTo: zDay.optional().describe("Inclusive"),
  q: z.string().trim().max(200).optional().describe("Words of the title, or a key like WEB-12"),
  parentId: zId.optional().describe("Only subtasks of this task"),
  includeDone: z.boolean().optional().describe("Include tasks in done columns (default false)"),
  recentDone: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      "With includeDone: only the N most recently completed tasks of each column (a board)",
    ),
  sort: z.enum(TASK_SORTS).optional(),
};
export const zTaskFilterObject = z.object(zTaskFilters);
export type TaskFilters = z.infer<typeof zTaskFilterObject>;

export const zTaskList = z.object({
  tasks: z.array(zTaskRow),
  total: z.number().int().describe("Tasks matching the filters"),
  nextCursor: z.string().nullable(),
  olderDone: z
    .record(z.string(), z.number().int())
    .optional()
    .describe("With recentDone: completed tasks each column left out, by column id"),
});

/** The filters a board narrows its cards by; its columns and order are its own. */
export const zBoardFilters = {
  assigneeId: zTaskFilters.assigneeId,
  labels: zTaskFilters.labels,
  priority: zTaskFilters.priority,
  sprintId: zTaskFilters.sprintId,
  backlog: zTaskFilters.backlog,
  dueFrom: zTaskFilters.dueFrom,
  dueTo: zTaskFilters.dueTo,
  q: zTaskFilters.q,
  parentId: zTaskFilters.parentId,
};

export const zBoard = z.object({
  columns: z.array(
    z.object({
      columnId: zUuid,
      tasks: z.array(zTaskRow),
      total: z.number().int().describe("Tasks of the column matching the filters"),
      count: z.number().int().describe("Every task of the column: what its WIP limit counts"),
      nextCursor: z.string().nullable().describe("Pass with columnId for the next page"),
    }),
  ),
});

export const zWip = z.object({
  columnId: zId,
  count: z.number().int(),
  limit: z.number().int().nullable(),
  isOver: z.boolean(),
});

export const zView = z.object({
  id: zId,
  projectId: zId.nullable(),
  name: z.string(),
  query: z.object({
    filters: zTaskFilterObject,
    groupBy: z.enum(GROUPINGS),
  }),
  shared: z.boolean(),
  isMine: z.boolean(),
  ownerName: z.string().nullable(),
  createdAt: zTimestamp,
});

import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { createTaskFromAnomaly } from "./from-anomaly.ts";
import { relationOperations } from "./relations.ops.ts";
import { afterOf, boardPages } from "./task-board.ts";
import { getTaskDetail } from "./task-detail.ts";
import { cursorOf, listTasks, offsetOf, olderDoneOf, rowsOfTasks } from "./task-list.ts";
import { assertMember, columnOfProject, projectIn } from "./task-state.ts";
import { createTask, deleteTask, moveTask, updateTask } from "./tasks.service.ts";
import {
  zBoard,
  zBoardFilters,
  zLink,
  zTaskDetail,
  zTaskFields,
  zTaskFilters,
  zTaskList,
  zTaskRow,
  zWip,
} from "./tasks.zod.ts";
import { viewOperations } from "./views.ops.ts";

const actorOf = (ctx: OperationContext) => ({
  workspaceId: workspaceOf(ctx),
  actorId: userOf(ctx) ?? null,
});

async function rowOf(ctx: OperationContext, id: string) {
  const [row] = await rowsOfTasks(ctx.db, workspaceOf(ctx), [id]);
  return row!;
}

/** "me" is the caller; a named person must be a member (else the filter would probe ids). */
export async function resolveAssignee(ctx: OperationContext, assigneeId: string | undefined) {
  if (assigneeId === "me") {
    const me = userOf(ctx);
    if (!me) throw invalid("assigneeId", '"me" needs a signed-in person');
    return me;
  }
  if (assigneeId && assigneeId !== "none")
    await assertMember(ctx.db, workspaceOf(ctx), assigneeId, "assigneeId");
  return assigneeId;
}

export const tasksCreate = defineOperation({
  name: "tasks.create",
  summary: "Create a task at the end of its column; it gets the project's next number",
  input: z.strictObject({
    projectId: zId,
    title: zTaskFields.title,
    description: zTaskFields.description.default(""),
    columnId: zId.optional().describe("The first open column by default"),
    priority: zTaskFields.priority.default("none"),
    assigneeId: zTaskFields.assigneeId.optional(),
    labels: zTaskFields.labels.default([]),
    estimate: zTaskFields.estimate.optional(),
    dueDate: zTaskFields.dueDate.optional(),
    parentId: zTaskFields.parentId.optional(),
    sprintId: zTaskFields.sprintId.optional(),
    links: z.array(zLink).max(20).optional(),
  }),
  output: zTaskRow,
  permission: "projects:write",
  mutates: true,
  example: {
    projectId: "00000000-0000-4000-8000-000000000000",
    title: "Move the images to the CDN",
    priority: "high",
    labels: ["frontend"],
    estimate: "3",
  },
  handler: async (input, ctx) => {
    const { projectId, columnId, links, ...fields } = input;
    const task = await createTask(ctx.db, { ...actorOf(ctx), projectId, columnId, fields, links });
    ctx.audit.targetId = task.id;
    return rowOf(ctx, task.id);
  },
});

export const tasksUpdate = defineOperation({
  name: "tasks.update",
  summary: "Change a task's title, description, priority, assignee, labels, estimate, dates…",
  description: "To change its column or order use tasks.move.",
  input: z.strictObject({
    id: zId,
    title: zTaskFields.title.optional(),
    description: zTaskFields.description.optional(),
    priority: zTaskFields.priority.optional(),
    assigneeId: zTaskFields.assigneeId.optional(),
    labels: zTaskFields.labels.optional(),
    estimate: zTaskFields.estimate.optional(),
    dueDate: zTaskFields.dueDate.optional(),
    parentId: zTaskFields.parentId.optional(),
    sprintId: zTaskFields.sprintId.optional(),
  }),
  output: zTaskRow,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, ...patch } = input;
    ctx.audit.targetId = id;
    await updateTask(ctx.db, { ...actorOf(ctx), id, patch });
    return rowOf(ctx, id);
  },
});

export const tasksMove = defineOperation({
  name: "tasks.move",
  summary: "Move a task to a column, between two neighbours; done columns complete it",
  description:
    "afterId: the task it now follows (the card above); beforeId: the task it now precedes (the card below). Neither: the end of the column. The result says whether the column is now over its WIP limit.",
  input: z.strictObject({
    id: zId,
    columnId: zId,
    afterId: zId.optional(),
    beforeId: zId.optional(),
  }),
  output: z.object({ task: zTaskRow, wip: zWip }),
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const { wip } = await moveTask(ctx.db, { ...actorOf(ctx), ...input });
    return { task: await rowOf(ctx, input.id), wip };
  },
});

export const tasksGet = defineOperation({
  name: "tasks.get",
  summary: "One task with its subtasks, blockers, links and recent history",
  input: z.object({ id: zId }),
  output: zTaskDetail,
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => getTaskDetail(ctx.db, workspaceOf(ctx), input.id),
});

export const tasksList = defineOperation({
  name: "tasks.list",
  summary: "Tasks by project, column, assignee, label, priority, sprint, due date or words",
  description:
    'Ranked order by default (the board\'s). Open tasks only unless includeDone. "me" is the caller.',
  input: z.object({
    ...zTaskFilters,
    limit: z.coerce.number().int().min(1).max(5000).default(100),
    cursor: z.string().max(100).optional().describe("nextCursor of the previous page"),
  }),
  output: zTaskList,
  permission: "projects:read",
  mutates: false,
  example: { projectId: "00000000-0000-4000-8000-000000000000", assigneeId: "me" },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    if (input.projectId) await projectIn(ctx.db, workspaceId, input.projectId);
    const offset = offsetOf(input.cursor);
    const { cursor: _, assigneeId, ...filters } = input;
    const query = {
      ...filters,
      assigneeId: await resolveAssignee(ctx, assigneeId),
      workspaceId,
      offset,
    };
    const { tasks, total, hasMore } = await listTasks(ctx.db, query);
    const nextCursor = hasMore ? cursorOf(offset + input.limit) : null;
    if (input.recentDone === undefined || !input.includeDone) return { tasks, total, nextCursor };
    return { tasks, total, nextCursor, olderDone: await olderDoneOf(ctx.db, query) };
  },
});

export const tasksBoard = defineOperation({
  name: "tasks.board",
  summary: "A project's board a page per column, with each column's counts",
  description:
    "Each column's first cards in board order (rank; done columns latest completed first), how many match the filters and how many it holds (what its WIP limit counts). With columnId and that column's nextCursor: its next page.",
  input: z.object({
    projectId: zId,
    ...zBoardFilters,
    limit: z.coerce.number().int().min(1).max(500).default(50).describe("Cards per column"),
    columnId: zId.optional().describe("Only this column: to load its next page"),
    cursor: z.string().max(400).optional().describe("The column's nextCursor; needs columnId"),
  }),
  output: zBoard,
  permission: "projects:read",
  mutates: false,
  example: { projectId: "00000000-0000-4000-8000-000000000000", limit: 50 },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    await projectIn(ctx.db, workspaceId, input.projectId);
    const { columnId, cursor, assigneeId, ...filters } = input;
    if (cursor && !columnId) throw invalid("cursor", "needs the columnId it was handed out for");
    const query = { ...filters, assigneeId: await resolveAssignee(ctx, assigneeId), workspaceId };
    if (!columnId) return { columns: await boardPages(ctx.db, query) };
    const column = await columnOfProject(ctx.db, workspaceId, input.projectId, columnId);
    const after = cursor ? afterOf(cursor, column) : undefined;
    return { columns: await boardPages(ctx.db, query, { column, after }) };
  },
});

export const tasksDelete = defineOperation({
  name: "tasks.delete",
  summary: "Delete a task and its subtasks; their history keeps the deletion",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteTask(ctx.db, { ...actorOf(ctx), id: input.id });
    return { ok: true as const };
  },
});

export const tasksFromAnomaly = defineOperation({
  name: "tasks.createFromAnomaly",
  summary: "Make a cost anomaly into a task of a project, linked both ways",
  input: z.strictObject({
    anomalyId: zId,
    projectId: zId,
    columnId: zId.optional(),
    assigneeId: zId.nullable().optional(),
  }),
  output: zTaskRow,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const task = await createTaskFromAnomaly(ctx.db, { ...actorOf(ctx), ...input });
    ctx.audit.targetId = task.id;
    return rowOf(ctx, task.id);
  },
});

/** The tasks operations: tasks, their relations and saved views. */
export const taskOperations = [
  tasksCreate,
  tasksUpdate,
  tasksMove,
  tasksGet,
  tasksList,
  tasksBoard,
  tasksDelete,
  tasksFromAnomaly,
  ...relationOperations,
  ...viewOperations,
] as const;

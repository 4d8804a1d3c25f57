import { z } from "zod";
import {
  defineOperation,
  type OperationContext,
  timeZoneOf,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { projectOf } from "../time/time-refs.ts";
import { projectVelocity, sprintBurndown } from "./sprint-reports.ts";
import {
  type Actor,
  completeSprint,
  createSprint,
  deleteSprint,
  listSprints,
  planSprint,
  type Sprint,
  sprintViews,
  startSprint,
  updateSprint,
} from "./sprints.service.ts";
import { zBurndown, zSprint, zSprintFields, zVelocity } from "./sprints.zod.ts";

const actorOf = (ctx: OperationContext): Actor => ({
  workspaceId: workspaceOf(ctx),
  actorId: userOf(ctx) ?? null,
});

async function viewOf(ctx: OperationContext, row: Sprint) {
  const [view] = await sprintViews(ctx.db, workspaceOf(ctx), [row]);
  return view!;
}

const zTaskIds = z.array(zId).max(500, "at most 500 tasks at a time");

export const sprintsList = defineOperation({
  name: "sprints.list",
  summary: "A project's sprints: active, planned, then completed, with what is in them",
  input: z.object({ projectId: zId }),
  output: z.array(zSprint),
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => {
    const project = await projectOf(ctx.db, workspaceOf(ctx), input.projectId);
    return listSprints(ctx.db, workspaceOf(ctx), project.id);
  },
});

export const sprintsCreate = defineOperation({
  name: "sprints.create",
  summary: "Plan a sprint for a project",
  input: z.strictObject({
    projectId: zId,
    ...zSprintFields,
    goal: zSprintFields.goal.default(""),
  }),
  output: zSprint,
  permission: "projects:write",
  mutates: true,
  example: {
    projectId: "00000000-0000-4000-8000-000000000000",
    name: "Sprint 4",
    goal: "Checkout on the new stack",
    startDate: "2025-03-03",
    endDate: "2025-03-14",
  },
  handler: async (input, ctx) => {
    const { projectId, ...fields } = input;
    const project = await projectOf(ctx.db, workspaceOf(ctx), projectId);
    const row = await createSprint(ctx.db, workspaceOf(ctx), project.id, fields);
    ctx.audit.targetId = row.id;
    return viewOf(ctx, row);
  },
});

export const sprintsUpdate = defineOperation({
  name: "sprints.update",
  summary: "Rename a sprint, change its goal or (unless completed) its dates",
  input: z.strictObject({
    id: zId,
    name: zSprintFields.name.optional(),
    goal: zSprintFields.goal.optional(),
    startDate: zSprintFields.startDate.optional(),
    endDate: zSprintFields.endDate.optional(),
  }),
  output: zSprint,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, ...patch } = input;
    ctx.audit.targetId = id;
    return viewOf(ctx, await updateSprint(ctx.db, workspaceOf(ctx), id, patch));
  },
});

export const sprintsDelete = defineOperation({
  name: "sprints.delete",
  summary: "Delete a planned sprint; its tasks go back to the backlog",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteSprint(ctx.db, actorOf(ctx), input.id);
    return { ok: true as const };
  },
});

export const sprintsPlan = defineOperation({
  name: "sprints.plan",
  summary: "Add tasks to a planned or active sprint, or take them out (back to the backlog)",
  description:
    "Adding a task that is in another sprint moves it. Each change joins the task's history, so an active sprint's burndown shows the scope change.",
  input: z.strictObject({
    id: zId,
    add: zTaskIds.default([]),
    remove: zTaskIds.default([]),
  }),
  output: zSprint,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return viewOf(ctx, await planSprint(ctx.db, actorOf(ctx), input));
  },
});

export const sprintsStart = defineOperation({
  name: "sprints.start",
  summary: "Start a planned sprint (one active per project); commits the estimate in it now",
  input: z.strictObject({ id: zId }),
  output: zSprint,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return viewOf(ctx, await startSprint(ctx.db, workspaceOf(ctx), input.id));
  },
});

export const sprintsComplete = defineOperation({
  name: "sprints.complete",
  summary: "Complete the active sprint; unfinished tasks carry over to the backlog or a sprint",
  input: z.strictObject({
    id: zId,
    carryOver: z
      .union([z.enum(["backlog", "next"]), zId])
      .describe('"backlog", "next" (the next planned sprint) or a planned sprint\'s id'),
  }),
  output: z.object({
    sprint: zSprint,
    carriedOver: z.number().int().describe("Unfinished tasks moved"),
    carriedTo: zId.nullable().describe("The sprint they went to; null for the backlog"),
  }),
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const carryOver =
      input.carryOver === "backlog" || input.carryOver === "next"
        ? input.carryOver
        : { sprintId: input.carryOver };
    const result = await completeSprint(ctx.db, actorOf(ctx), { id: input.id, carryOver });
    return { ...result, sprint: await viewOf(ctx, result.sprint) };
  },
});

export const sprintsBurndown = defineOperation({
  name: "sprints.burndown",
  summary: "Per day of a sprint: ideal and actual remaining estimate, scope and completed",
  description:
    "Replayed from task history: tasks added mid-sprint raise the scope, reopened tasks add back to what remains, deleted tasks leave. Each series also comes as task counts, for teams that do not estimate. Days are the workspace's days: each ends at midnight in its time zone.",
  input: z.object({ id: zId }),
  output: zBurndown,
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) =>
    sprintBurndown(ctx.db, workspaceOf(ctx), input.id, await timeZoneOf(ctx)),
});

export const sprintsVelocity = defineOperation({
  name: "sprints.velocity",
  summary: "Committed against completed for a project's last completed sprints, with averages",
  input: z.object({
    projectId: zId,
    last: z.number().int().min(1).max(24).default(6),
  }),
  output: zVelocity,
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => {
    const project = await projectOf(ctx.db, workspaceOf(ctx), input.projectId);
    return projectVelocity(ctx.db, workspaceOf(ctx), project.id, input.last);
  },
});

/** The sprint operations. */
export const sprintOperations = [
  sprintsList,
  sprintsCreate,
  sprintsUpdate,
  sprintsDelete,
  sprintsPlan,
  sprintsStart,
  sprintsComplete,
  sprintsBurndown,
  sprintsVelocity,
] as const;

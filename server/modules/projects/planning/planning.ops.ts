import { z } from "zod";
import { defineOperation, timeZoneOf, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { projectIn } from "../tasks/task-state.ts";
import { zDay } from "../time/time.zod.ts";
import { capacityReport, clearCapacityWeek, setCapacity } from "./capacity.service.ts";
import {
  zCapacity,
  zItemFields,
  zReschedule,
  zRisk,
  zRiskFields,
  zRoadmap,
  zRoadmapItem,
} from "./planning.zod.ts";
import { createRisk, deleteRisk, listRisks, updateRisk } from "./risks.service.ts";
import {
  addItemDependency,
  createItem,
  deleteItem,
  listRoadmap,
  moveItem,
  removeItemDependency,
  setItemTask,
  updateItem,
} from "./roadmap.service.ts";

const noTasks = { tasks: { total: 0, done: 0 } };

export const roadmapList = defineOperation({
  name: "roadmap.list",
  summary: "Milestones and epics with their dependencies and task progress",
  input: z.object({ projectId: zId.optional().describe("One project; all when left out") }),
  output: zRoadmap,
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    if (input.projectId) await projectIn(ctx.db, workspaceId, input.projectId);
    return listRoadmap(ctx.db, workspaceId, input.projectId);
  },
});

export const roadmapCreate = defineOperation({
  name: "roadmap.create",
  summary: "Add a milestone (one date) or an epic (a span) to a project's roadmap",
  input: z.strictObject({
    projectId: zId,
    kind: zItemFields.kind,
    title: zItemFields.title,
    description: zItemFields.description.optional(),
    startDate: zItemFields.startDate.optional(),
    endDate: zItemFields.endDate,
    status: zItemFields.status.optional(),
    ownerId: zItemFields.ownerId.optional(),
  }),
  output: zRoadmapItem,
  permission: "projects:write",
  mutates: true,
  example: {
    projectId: "00000000-0000-4000-8000-000000000000",
    kind: "milestone",
    title: "Launch",
    endDate: "2026-03-31",
  },
  handler: async (input, ctx) => {
    const item = await createItem(ctx.db, workspaceOf(ctx), input);
    ctx.audit.targetId = item.id;
    return { ...item, ...noTasks } as z.input<typeof zRoadmapItem>;
  },
});

export const roadmapUpdate = defineOperation({
  name: "roadmap.update",
  summary: "Change a roadmap item's title, kind, status, owner or dates (dates do not cascade)",
  input: z.strictObject({ id: zId, ...z.object(zItemFields).partial().shape }),
  output: zRoadmapItem,
  permission: "projects:write",
  mutates: true,
  handler: async ({ id, ...fields }, ctx) => {
    ctx.audit.targetId = id;
    const item = await updateItem(ctx.db, workspaceOf(ctx), id, fields);
    return { ...item, ...noTasks } as z.input<typeof zRoadmapItem>;
  },
});

export const roadmapMove = defineOperation({
  name: "roadmap.move",
  summary: "Reschedule an item; dependents move along (cascade) or are reported as conflicts",
  input: z.strictObject({
    id: zId,
    startDate: zDay.nullable().describe("Epics: new first day; milestones: null"),
    endDate: zDay,
    cascade: z.boolean().default(true).describe("Shift dependents that would start too early"),
  }),
  output: zReschedule,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return moveItem(ctx.db, workspaceOf(ctx), input);
  },
});

export const roadmapDelete = defineOperation({
  name: "roadmap.delete",
  summary: "Remove a milestone or epic (its tasks stay)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async ({ id }, ctx) => {
    ctx.audit.targetId = id;
    await deleteItem(ctx.db, workspaceOf(ctx), id);
    return { ok: true as const };
  },
});

const zItemDependency = z.strictObject({
  itemId: zId,
  dependsOnId: zId.describe("The item that must end first"),
});

export const roadmapDependenciesAdd = defineOperation({
  name: "roadmap.dependencies.add",
  summary: "Make an item start after another ends; cycles are refused",
  input: zItemDependency,
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.itemId;
    await addItemDependency(ctx.db, workspaceOf(ctx), input);
    return { ok: true as const };
  },
});

export const roadmapDependenciesRemove = defineOperation({
  name: "roadmap.dependencies.remove",
  summary: "Remove a dependency between two roadmap items",
  input: zItemDependency,
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.itemId;
    await removeItemDependency(ctx.db, workspaceOf(ctx), input);
    return { ok: true as const };
  },
});

export const roadmapTasksSet = defineOperation({
  name: "roadmap.tasks.set",
  summary: "Count a task of the same project towards an epic or milestone, or stop counting it",
  input: z.strictObject({ itemId: zId, taskId: zId, linked: z.boolean() }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.itemId;
    await setItemTask(ctx.db, workspaceOf(ctx), input);
    return { ok: true as const };
  },
});

export const capacityGet = defineOperation({
  name: "planning.capacity",
  summary: "Each person's weekly capacity against planned (estimated) and logged hours",
  input: z.object({
    from: zDay.describe("Any day of the first week (weeks start on Monday)"),
    weeks: z.number().int().min(1).max(26).default(8),
    projectId: zId.optional(),
  }),
  output: zCapacity,
  permission: "time:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    if (input.projectId) await projectIn(ctx.db, workspaceId, input.projectId);
    return capacityReport(ctx.db, workspaceId, { ...input, timeZone: await timeZoneOf(ctx) });
  },
});

export const capacitySet = defineOperation({
  name: "planning.capacity.set",
  summary: "Set a person's hours per week, by default or for one week (a Monday)",
  input: z.strictObject({
    userId: zId,
    hours: z.number().min(0).max(168, "a week has 168 hours"),
    weekStart: zDay.nullable().default(null).describe("A Monday; null sets the default"),
  }),
  output: zOk,
  permission: "time:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.userId;
    await setCapacity(ctx.db, workspaceOf(ctx), input);
    return { ok: true as const };
  },
});

export const capacityClear = defineOperation({
  name: "planning.capacity.clear",
  summary: "Drop one week's override: the person's default applies again",
  input: z.strictObject({ userId: zId, weekStart: zDay }),
  output: zOk,
  permission: "time:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.userId;
    await clearCapacityWeek(ctx.db, workspaceOf(ctx), input);
    return { ok: true as const };
  },
});

export const risksList = defineOperation({
  name: "risks.list",
  summary: "The risk register, highest exposure (likelihood × impact) first",
  input: z.object({
    projectId: zId.optional(),
    includeClosed: z.boolean().default(false),
  }),
  output: z.object({ items: z.array(zRisk) }),
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    if (input.projectId) await projectIn(ctx.db, workspaceId, input.projectId);
    return { items: await listRisks(ctx.db, workspaceId, input) };
  },
});

export const risksCreate = defineOperation({
  name: "risks.create",
  summary: "Record a project risk with likelihood, impact, owner and mitigation",
  input: z.strictObject({
    projectId: zId,
    ...zRiskFields,
    ...z
      .object(zRiskFields)
      .pick({ description: true, ownerId: true, mitigation: true, status: true, reviewDate: true })
      .partial().shape,
  }),
  output: zRisk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const risk = await createRisk(ctx.db, workspaceOf(ctx), input);
    ctx.audit.targetId = risk.id;
    return risk as z.input<typeof zRisk>;
  },
});

export const risksUpdate = defineOperation({
  name: "risks.update",
  summary: "Change a risk's assessment, owner, mitigation, status or review date",
  input: z.strictObject({ id: zId, ...z.object(zRiskFields).partial().shape }),
  output: zRisk,
  permission: "projects:write",
  mutates: true,
  handler: async ({ id, ...fields }, ctx) => {
    ctx.audit.targetId = id;
    return (await updateRisk(ctx.db, workspaceOf(ctx), id, fields)) as z.input<typeof zRisk>;
  },
});

export const risksDelete = defineOperation({
  name: "risks.delete",
  summary: "Remove a risk from the register",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async ({ id }, ctx) => {
    ctx.audit.targetId = id;
    await deleteRisk(ctx.db, workspaceOf(ctx), id);
    return { ok: true as const };
  },
});

export const planningOperations = [
  roadmapList,
  roadmapCreate,
  roadmapUpdate,
  roadmapMove,
  roadmapDelete,
  roadmapDependenciesAdd,
  roadmapDependenciesRemove,
  roadmapTasksSet,
  capacityGet,
  capacitySet,
  capacityClear,
  risksList,
  risksCreate,
  risksUpdate,
  risksDelete,
] as const;

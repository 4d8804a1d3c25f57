import { z } from "zod";
import {
  defineOperation,
  type OperationContext,
  timeZoneOf,
  userOf,
  workspaceOf,
} from "../../platform/operations/define.ts";
import { zId, zOk } from "../../platform/operations/zod.ts";
import { todayIn } from "../../platform/time-zone.ts";
import { addDays } from "../costs/analysis/daily-series.ts";
import { METRICS } from "../costs/explorer/query.ts";
import { getClient } from "../invoicing/clients/clients.service.ts";
import { columnOperations } from "./columns.ops.ts";
import {
  columnCountsOf,
  createProject,
  deleteProject,
  getProject,
  labelsOf,
  listProjects,
  monthCostOf,
  type Project,
  projectByKey,
  projectCosts,
  taskCountsOf,
  updateProject,
} from "./projects.service.ts";
import {
  zColumnWithCounts,
  zMonthCost,
  zProject,
  zProjectCosts,
  zProjectFields,
  zTaskCounts,
} from "./projects.zod.ts";
import { columnsOf } from "./tasks/task-state.ts";

/** Today in the workspace's time zone: a task due yesterday there is overdue. */
const todayOf = async (ctx: OperationContext) => todayIn(await timeZoneOf(ctx));
/** Today as the cost ledger counts it: providers bill UTC days, whatever the workspace's zone. */
const costTodayOf = () => todayIn("UTC");

/** The stored row as the API shows it. */
export function viewOf(row: Project): z.input<typeof zProject> {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    clientId: row.clientId,
    status: row.status as "active" | "archived",
    costScope: row.costScope as z.input<typeof zProject>["costScope"],
    estimateUnit: row.estimateUnit as "points" | "hours",
    hourlyRate: row.hourlyRate,
    currency: row.currency,
    timeRounding: row.timeRounding as z.input<typeof zProject>["timeRounding"],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The project with its ordered columns, their counts and the labels in use. */
async function detailOf(ctx: OperationContext, project: Project) {
  const workspaceId = workspaceOf(ctx);
  const columns = await columnsOf(ctx.db, workspaceId, project.id);
  const counts = await columnCountsOf(ctx.db, workspaceId, project.id);
  const tasks = (await taskCountsOf(ctx.db, workspaceId, await todayOf(ctx))).get(project.id);
  return {
    ...viewOf(project),
    columns: columns.map((c) => {
      const n = counts.get(c.id)?.count ?? 0;
      return {
        id: c.id,
        name: c.name,
        category: c.category as z.infer<typeof zColumnWithCounts>["category"],
        position: c.position,
        wipLimit: c.wipLimit,
        taskCount: n,
        estimateTotal: counts.get(c.id)?.estimate ?? "0",
        isOverWip: c.wipLimit !== null && n > c.wipLimit,
      };
    }),
    taskCounts: tasks ?? { open: 0, done: 0, total: 0, overdue: 0 },
    labels: (await labelsOf(ctx.db, workspaceId, project.id)).map((l) => l.label),
  };
}

const zProjectDetail = zProject.extend({
  columns: z.array(zColumnWithCounts).describe("In board order"),
  taskCounts: zTaskCounts,
  labels: z.array(z.string()).describe("Labels in use, most used first"),
});

export const projectsList = defineOperation({
  name: "projects.list",
  summary: "The workspace's projects with task counts and this month's cloud spend",
  input: z.object({ includeArchived: z.boolean().default(false) }),
  output: z.array(zProject.extend({ taskCounts: zTaskCounts, monthCost: zMonthCost })),
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const rows = await listProjects(ctx.db, workspaceId, input.includeArchived);
    const counts = await taskCountsOf(ctx.db, workspaceId, await todayOf(ctx));
    const costToday = costTodayOf();
    const out = [];
    for (const row of rows)
      out.push({
        ...viewOf(row),
        taskCounts: counts.get(row.id) ?? { open: 0, done: 0, total: 0, overdue: 0 },
        monthCost: await monthCostOf(ctx.db, row, costToday),
      });
    return out;
  },
});

export const projectsGet = defineOperation({
  name: "projects.get",
  summary: "One project, by id or key, with its columns in board order and their task counts",
  input: z
    .object({ id: zId.optional(), key: z.string().max(10).optional() })
    .refine((v) => v.id || v.key, { message: "give the project's id or key", path: ["id"] }),
  output: zProjectDetail,
  permission: "projects:read",
  mutates: false,
  example: { key: "WEB" },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const project = input.id
      ? await getProject(ctx.db, workspaceId, input.id)
      : await projectByKey(ctx.db, workspaceId, input.key!);
    return detailOf(ctx, project);
  },
});

export const projectsCreate = defineOperation({
  name: "projects.create",
  summary: "Create a project with the columns Backlog, To do, In progress, Review and Done",
  input: z.strictObject({
    ...zProjectFields,
    description: zProjectFields.description.default(""),
    clientId: zProjectFields.clientId.optional(),
    costScope: zProjectFields.costScope.default({}),
    estimateUnit: zProjectFields.estimateUnit.default("points"),
    hourlyRate: zProjectFields.hourlyRate.optional(),
    currency: zProjectFields.currency.optional(),
    timeRounding: zProjectFields.timeRounding.default({ mode: "none", minutes: 1 }),
  }),
  output: zProjectDetail,
  permission: "projects:write",
  mutates: true,
  example: { key: "WEB", name: "Acme website rebuild", costScope: { tags: { client: ["acme"] } } },
  handler: async (input, ctx) => {
    if (input.clientId) await getClient(ctx.db, workspaceOf(ctx), input.clientId);
    const project = await createProject(ctx.db, {
      workspaceId: workspaceOf(ctx),
      createdBy: userOf(ctx) ?? null,
      fields: input,
    });
    ctx.audit.targetId = project.id;
    return detailOf(ctx, project);
  },
});

export const projectsUpdate = defineOperation({
  name: "projects.update",
  summary: "Change a project's name, key, cost scope, rates or status (archive it)",
  input: z.strictObject({
    id: zId,
    key: zProjectFields.key.optional(),
    name: zProjectFields.name.optional(),
    description: zProjectFields.description.optional(),
    clientId: zProjectFields.clientId.optional(),
    costScope: zProjectFields.costScope.optional(),
    estimateUnit: zProjectFields.estimateUnit.optional(),
    hourlyRate: zProjectFields.hourlyRate.optional(),
    currency: zProjectFields.currency.optional(),
    timeRounding: zProjectFields.timeRounding.optional(),
    status: zProject.shape.status.optional().describe("archived hides it from the project list"),
  }),
  output: zProjectDetail,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, ...patch } = input;
    ctx.audit.targetId = id;
    // The client must be one of this workspace's (a foreign id is "not found").
    if (patch.clientId) await getClient(ctx.db, workspaceOf(ctx), patch.clientId);
    const project = await updateProject(ctx.db, { workspaceId: workspaceOf(ctx), id, patch });
    return detailOf(ctx, project);
  },
});

export const projectsDelete = defineOperation({
  name: "projects.delete",
  summary: "Delete a project with its columns, tasks, views and history",
  description: "Logged time stays, without its project. Archive instead to keep the history.",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteProject(ctx.db, workspaceOf(ctx), input.id);
    return { ok: true as const };
  },
});

export const projectsCosts = defineOperation({
  name: "projects.costs",
  summary: "The project's cloud spend per day and by service, from its cost scope",
  description: "Defaults to the last 30 days up to today. Answered by the cost explorer's queries.",
  input: z.object({
    id: zId,
    from: z.iso.date().optional().describe("First day, YYYY-MM-DD"),
    to: z.iso.date().optional().describe("Day after the last, YYYY-MM-DD (exclusive)"),
    metric: z.enum(METRICS).default("BilledCost"),
  }),
  output: zProjectCosts,
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) => {
    const project = await getProject(ctx.db, workspaceOf(ctx), input.id);
    const to = input.to ?? addDays(costTodayOf(), 1);
    const from = input.from ?? addDays(to, -30);
    return projectCosts(ctx.db, project, { from, to, metric: input.metric });
  },
});

/** The projects operations, with their board columns. */
export const projectOperations = [
  projectsList,
  projectsGet,
  projectsCreate,
  projectsUpdate,
  projectsDelete,
  projectsCosts,
  ...columnOperations,
] as const;

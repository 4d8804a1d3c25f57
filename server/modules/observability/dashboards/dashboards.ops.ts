import { z } from "zod";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zName, zOk } from "../../../platform/operations/zod.ts";
import {
  createDashboard,
  deleteDashboard,
  type Editor,
  getDashboard,
  listDashboards,
  updateDashboard,
} from "./dashboards.service.ts";
import { RANGES, zDashboard, zDashboardSummary, zPanel } from "./dashboards.zod.ts";

/** The caller as an editor: workspace, person and role (the registry has checked membership). */
export function editorOf(ctx: OperationContext): Editor {
  return { workspaceId: workspaceOf(ctx), userId: userOf(ctx), role: ctx.membership!.role };
}

const zPanels = z.array(zPanel).max(40);
const zDescription = z.string().max(2000);

export const dashboardsList = defineOperation({
  name: "dashboards.list",
  summary: "The workspace's dashboards, by name",
  input: z.object({}),
  output: z.array(zDashboardSummary),
  permission: "dashboards:read",
  mutates: false,
  handler: (_input, ctx) => listDashboards(ctx.db, editorOf(ctx)),
});

export const dashboardsGet = defineOperation({
  name: "dashboards.get",
  summary: "One dashboard with its panels (queries, chart types and grid positions)",
  input: z.object({ id: zId }),
  output: zDashboard,
  permission: "dashboards:read",
  mutates: false,
  handler: (input, ctx) => getDashboard(ctx.db, editorOf(ctx), input.id),
});

export const dashboardsCreate = defineOperation({
  name: "dashboards.create",
  summary: "Create a dashboard, shared with the whole workspace",
  description:
    "Panels chart a metric query (metrics.query without the period) or a log count " +
    "(logs.histogram filters) on a 12-column grid; the dashboard's time range applies to all.",
  input: z.strictObject({
    name: zName,
    description: zDescription.optional(),
    range: z.enum(RANGES).optional(),
    panels: zPanels.optional(),
  }),
  output: zDashboard,
  permission: "dashboards:write",
  mutates: true,
  example: {
    name: "Web tier",
    panels: [
      {
        title: "Requests",
        query: { kind: "metric", metric: "http_requests_total", aggregation: "sum" },
        chart: "line",
        x: 0,
        y: 0,
        w: 6,
        h: 3,
      },
    ],
  },
  handler: async (input, ctx) => {
    const saved = await createDashboard(ctx.db, editorOf(ctx), input);
    ctx.audit.targetId = saved.id;
    return saved;
  },
});

export const dashboardsUpdate = defineOperation({
  name: "dashboards.update",
  summary: "Rename a dashboard, change its range, or add, arrange and remove its panels",
  description: "panels replaces the whole set. Its creator, owners and admins may change it.",
  input: z.strictObject({
    id: zId,
    name: zName.optional(),
    description: zDescription.optional(),
    range: z.enum(RANGES).optional(),
    panels: zPanels.optional(),
  }),
  output: zDashboard,
  permission: "dashboards:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return updateDashboard(ctx.db, editorOf(ctx), input);
  },
});

export const dashboardsDelete = defineOperation({
  name: "dashboards.delete",
  summary: "Delete a dashboard (its creator, owners and admins)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "dashboards:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteDashboard(ctx.db, editorOf(ctx), input.id);
    return { ok: true as const };
  },
});

export const dashboardOperations = [
  dashboardsList,
  dashboardsGet,
  dashboardsCreate,
  dashboardsUpdate,
  dashboardsDelete,
] as const;

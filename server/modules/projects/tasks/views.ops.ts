import { z } from "zod";
import { forbidden } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zName, zOk } from "../../../platform/operations/zod.ts";
import { GROUPINGS, zTaskFilterObject, zView } from "./tasks.zod.ts";
import { createView, deleteView, listViews, updateView } from "./views.ts";

const zQuery = z.strictObject({
  filters: zTaskFilterObject.strict(),
  groupBy: z.enum(GROUPINGS).default("none"),
});

function personOf(ctx: OperationContext): string {
  const userId = userOf(ctx);
  if (!userId) throw forbidden("Saved views belong to a person: sign in or use your API token");
  return userId;
}

export const viewsList = defineOperation({
  name: "views.list",
  summary: "Saved task-list views: your own and those shared with the workspace",
  input: z.object({ projectId: zId.optional().describe("Views of this project and global ones") }),
  output: z.array(zView),
  permission: "projects:read",
  mutates: false,
  handler: async (input, ctx) =>
    listViews(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: userOf(ctx) ?? null,
      projectId: input.projectId,
    }),
});

export const viewsCreate = defineOperation({
  name: "views.create",
  summary: "Save the task list's filters and grouping under a name",
  input: z.strictObject({
    name: zName,
    projectId: zId.nullable().default(null),
    query: zQuery,
    shared: z.boolean().default(false).describe("Visible to the whole workspace"),
  }),
  output: zView,
  permission: "projects:write",
  mutates: true,
  example: { name: "My open bugs", query: { filters: { assigneeId: "me", labels: ["bug"] } } },
  handler: async (input, ctx) => {
    const view = await createView(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: personOf(ctx),
      fields: input,
    });
    ctx.audit.targetId = view.id;
    return view;
  },
});

export const viewsUpdate = defineOperation({
  name: "views.update",
  summary: "Rename, share or change a saved view (only its author can)",
  input: z.strictObject({
    id: zId,
    name: zName.optional(),
    projectId: zId.nullable().optional(),
    query: zQuery.optional(),
    shared: z.boolean().optional(),
  }),
  output: zView,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, ...patch } = input;
    ctx.audit.targetId = id;
    const view = await updateView(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: personOf(ctx),
      id,
      patch,
    });
    return view;
  },
});

export const viewsDelete = defineOperation({
  name: "views.delete",
  summary: "Delete a saved view (only its author can)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteView(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: personOf(ctx),
      id: input.id,
    });
    return { ok: true as const };
  },
});

export const viewOperations = [viewsList, viewsCreate, viewsUpdate, viewsDelete] as const;

import { z } from "zod";
import { defineOperation, userOf, workspaceOf } from "../../platform/operations/define.ts";
import { zId, zOk } from "../../platform/operations/zod.ts";
import { createColumn, deleteColumn, reorderColumns, updateColumn } from "./columns.service.ts";
import { zColumn, zColumnFields } from "./projects.zod.ts";

const viewOf = (c: {
  id: string;
  name: string;
  category: string;
  position: number;
  wipLimit: number | null;
}) => ({
  id: c.id,
  name: c.name,
  category: c.category as z.infer<typeof zColumn>["category"],
  position: c.position,
  wipLimit: c.wipLimit,
});

export const columnsCreate = defineOperation({
  name: "projects.columns.create",
  summary: "Add a board column (a task status) to a project",
  input: z.strictObject({
    projectId: zId,
    ...zColumnFields,
    wipLimit: zColumnFields.wipLimit.optional(),
    position: z.number().int().min(0).optional().describe("0 = first; the end by default"),
  }),
  output: zColumn,
  permission: "projects:write",
  mutates: true,
  example: {
    projectId: "00000000-0000-4000-8000-000000000000",
    name: "QA",
    category: "in_progress",
  },
  handler: async (input, ctx) => {
    const column = await createColumn(ctx.db, { ...input, workspaceId: workspaceOf(ctx) });
    ctx.audit.targetId = column.id;
    return viewOf(column);
  },
});

export const columnsUpdate = defineOperation({
  name: "projects.columns.update",
  summary: "Rename a column, change its category or its WIP limit",
  description:
    "Making a column a done column completes its tasks; the project's last done column cannot stop being one.",
  input: z.strictObject({
    id: zId,
    name: zColumnFields.name.optional(),
    category: zColumnFields.category.optional(),
    wipLimit: zColumnFields.wipLimit.optional(),
  }),
  output: zColumn,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, ...patch } = input;
    ctx.audit.targetId = id;
    const column = await updateColumn(ctx.db, {
      workspaceId: workspaceOf(ctx),
      id,
      actorId: userOf(ctx) ?? null,
      patch,
    });
    return viewOf(column);
  },
});

export const columnsDelete = defineOperation({
  name: "projects.columns.delete",
  summary: "Delete a column, moving its tasks to another column of the project",
  input: z.strictObject({
    id: zId,
    targetColumnId: zId.describe("Where the column's tasks go"),
  }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteColumn(ctx.db, {
      ...input,
      workspaceId: workspaceOf(ctx),
      actorId: userOf(ctx) ?? null,
    });
    return { ok: true as const };
  },
});

export const columnsReorder = defineOperation({
  name: "projects.columns.reorder",
  summary: "Put a project's columns in a new order",
  input: z.strictObject({
    projectId: zId,
    columnIds: z.array(zId).min(1).max(20).describe("Every column of the project, in order"),
  }),
  output: zOk,
  permission: "projects:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.projectId;
    await reorderColumns(ctx.db, { ...input, workspaceId: workspaceOf(ctx) });
    return { ok: true as const };
  },
});

export const columnOperations = [
  columnsCreate,
  columnsUpdate,
  columnsDelete,
  columnsReorder,
] as const;

import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, forbidden, notFound } from "../../../platform/errors.ts";
import { defineOperation } from "../../../platform/operations/define.ts";
import { zId, zName, zOk } from "../../../platform/operations/zod.ts";
import { editorOf } from "./dashboards.ops.ts";
import { logSavedSearches } from "./dashboards.schema.ts";
import { canEdit, type Editor } from "./dashboards.service.ts";
import { zSavedSearch, zSavedSearchQuery } from "./dashboards.zod.ts";

type Row = typeof logSavedSearches.$inferSelect;

function present(row: Row, editor: Editor) {
  return {
    id: row.id,
    name: row.name,
    query: zSavedSearchQuery.parse(row.query),
    createdBy: row.createdBy,
    canDelete: canEdit(editor, row.createdBy),
    createdAt: row.createdAt,
  };
}

async function byName(db: Db, workspaceId: string, name: string) {
  const [row] = await db
    .select({ id: logSavedSearches.id })
    .from(logSavedSearches)
    .where(and(eq(logSavedSearches.workspaceId, workspaceId), eq(logSavedSearches.name, name)));
  return row;
}

export const savedSearchesList = defineOperation({
  name: "logs.savedSearches.list",
  summary: "Saved Logs explorer searches of the workspace, by name",
  input: z.object({}),
  output: z.array(zSavedSearch),
  permission: "logs:read",
  mutates: false,
  handler: async (_input, ctx) => {
    const editor = editorOf(ctx);
    const rows = await ctx.db
      .select()
      .from(logSavedSearches)
      .where(eq(logSavedSearches.workspaceId, editor.workspaceId))
      .orderBy(asc(logSavedSearches.name));
    return rows.map((r) => present(r, editor));
  },
});

export const savedSearchesCreate = defineOperation({
  name: "logs.savedSearches.create",
  summary:
    "Save the Logs explorer's current search (text, service, level, range, attributes) under a name",
  input: z.strictObject({ name: zName, query: zSavedSearchQuery }),
  output: zSavedSearch,
  permission: "logs:save",
  mutates: true,
  example: { name: "Checkout errors", query: { service: "checkout", level: "error" } },
  handler: async (input, ctx) => {
    const editor = editorOf(ctx);
    if (await byName(ctx.db, editor.workspaceId, input.name))
      throw conflict(`A saved search is already named "${input.name}": pick another name`);
    const [row] = await ctx.db
      .insert(logSavedSearches)
      .values({
        workspaceId: editor.workspaceId,
        name: input.name,
        query: input.query,
        createdBy: editor.userId ?? null,
      })
      .returning();
    ctx.audit.targetId = row!.id;
    return present(row!, editor);
  },
});

export const savedSearchesDelete = defineOperation({
  name: "logs.savedSearches.delete",
  summary: "Delete a saved search (its creator, owners and admins)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "logs:save",
  mutates: true,
  handler: async (input, ctx) => {
    const editor = editorOf(ctx);
    const where = and(
      eq(logSavedSearches.workspaceId, editor.workspaceId),
      eq(logSavedSearches.id, input.id),
    );
    const [row] = await ctx.db.select().from(logSavedSearches).where(where);
    if (!row) throw notFound("Saved search");
    if (!canEdit(editor, row.createdBy))
      throw forbidden("Only the search's creator, owners and admins may delete it");
    ctx.audit.targetId = row.id;
    await ctx.db.delete(logSavedSearches).where(where);
    return { ok: true as const };
  },
});

export const savedSearchOperations = [
  savedSearchesList,
  savedSearchesCreate,
  savedSearchesDelete,
] as const;

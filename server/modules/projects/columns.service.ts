import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { invalid } from "../../platform/errors.ts";
import { projectColumns, tasks } from "./projects.schema.ts";
import type { ColumnCategory } from "./projects.zod.ts";
import {
  type Column,
  columnIn,
  columnOfProject,
  columnsOf,
  projectIn,
  retrackTasks,
} from "./tasks/task-state.ts";

/**
 * Board columns: a column is a task status. A project keeps at least one done column, so a
 * task can always be completed, and a column is only deleted once its tasks have a new home.
 */

async function tasksIn(db: Db, workspaceId: string, column: Column) {
  const rows = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.columnId, column.id)));
  return rows.map((task) => ({ task, column }));
}

/** Adds a column at the end of the board, or at `position` (0 = first). */
export async function createColumn(
  db: Db,
  input: {
    workspaceId: string;
    projectId: string;
    name: string;
    category: ColumnCategory;
    wipLimit?: number | null;
    position?: number;
  },
): Promise<Column> {
  await projectIn(db, input.workspaceId, input.projectId);
  const columns = await columnsOf(db, input.workspaceId, input.projectId);
  if (columns.length >= 20) throw invalid("projectId", "a project has at most 20 columns");
  const at = Math.min(input.position ?? columns.length, columns.length);
  const [created] = await db
    .insert(projectColumns)
    .values({
      workspaceId: input.workspaceId,
      projectId: input.projectId,
      name: input.name,
      category: input.category,
      wipLimit: input.wipLimit ?? null,
      position: at,
    })
    .returning();
  const order = [...columns.map((c) => c.id)];
  order.splice(at, 0, created!.id);
  await savePositions(db, input.workspaceId, order);
  return { ...created!, position: at };
}

/**
 * Renames a column, changes its WIP limit or its category. Turning a column into (or out of) a
 * done column completes (or reopens) its tasks, with their history.
 */
export async function updateColumn(
  db: Db,
  input: {
    workspaceId: string;
    id: string;
    actorId: string | null;
    patch: { name?: string; category?: ColumnCategory; wipLimit?: number | null };
  },
): Promise<Column> {
  const before = await columnIn(db, input.workspaceId, input.id);
  const { category } = input.patch;
  const wasDone = before.category === "done";
  if (category && wasDone && category !== "done")
    await assertAnotherDone(db, input.workspaceId, before, "category");
  const [after] = await db
    .update(projectColumns)
    .set(input.patch)
    .where(and(eq(projectColumns.workspaceId, input.workspaceId), eq(projectColumns.id, input.id)))
    .returning();
  if (category && wasDone !== (category === "done")) {
    await retrackTasks(db, {
      workspaceId: input.workspaceId,
      before: await tasksIn(db, input.workspaceId, before),
      target: after!,
      actorId: input.actorId,
    });
  }
  return after!;
}

async function assertAnotherDone(db: Db, workspaceId: string, column: Column, field: string) {
  const columns = await columnsOf(db, workspaceId, column.projectId);
  const others = columns.filter((c) => c.id !== column.id && c.category === "done");
  if (others.length === 0)
    throw invalid(field, `“${column.name}” is the project's only done column: it must keep one`);
}

/** Deletes a column after moving its tasks to `targetColumnId`, at the end of that column. */
export async function deleteColumn(
  db: Db,
  input: { workspaceId: string; id: string; targetColumnId: string; actorId: string | null },
): Promise<void> {
  const column = await columnIn(db, input.workspaceId, input.id);
  if (input.targetColumnId === input.id)
    throw invalid("targetColumnId", "must be another column than the one deleted");
  const target = await columnOfProject(
    db,
    input.workspaceId,
    column.projectId,
    input.targetColumnId,
    "targetColumnId",
  );
  if (column.category === "done") await assertAnotherDone(db, input.workspaceId, column, "id");
  await retrackTasks(db, {
    workspaceId: input.workspaceId,
    before: await tasksIn(db, input.workspaceId, column),
    target,
    actorId: input.actorId,
  });
  await db
    .delete(projectColumns)
    .where(and(eq(projectColumns.workspaceId, input.workspaceId), eq(projectColumns.id, input.id)));
  const rest = await columnsOf(db, input.workspaceId, column.projectId);
  await savePositions(
    db,
    input.workspaceId,
    rest.map((c) => c.id),
  );
}

/** Puts the project's columns in the given order; every column must be listed once. */
export async function reorderColumns(
  db: Db,
  input: { workspaceId: string; projectId: string; columnIds: string[] },
): Promise<void> {
  await projectIn(db, input.workspaceId, input.projectId);
  const columns = await columnsOf(db, input.workspaceId, input.projectId);
  const known = new Set(columns.map((c) => c.id));
  const given = new Set(input.columnIds);
  const isSameSet =
    given.size === input.columnIds.length &&
    given.size === known.size &&
    input.columnIds.every((id) => known.has(id));
  if (!isSameSet)
    throw invalid("columnIds", "must list each of the project's columns exactly once");
  await savePositions(db, input.workspaceId, input.columnIds);
}

async function savePositions(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return;
  const order = JSON.stringify(ids);
  await db.execute(sql`
    UPDATE project_columns c SET position = o.position - 1
    FROM jsonb_array_elements_text(${order}::jsonb) WITH ORDINALITY AS o(id, position)
    WHERE c.id = o.id::uuid AND c.workspace_id = ${workspaceId}`);
}

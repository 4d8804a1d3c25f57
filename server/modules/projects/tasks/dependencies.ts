import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { taskDependencies } from "../projects.schema.ts";
import { taskIn } from "./task-state.ts";

/**
 * "Blocked by" between tasks of one workspace (across projects too). A dependency that would
 * close a loop is refused with the loop spelled out, found with a recursive walk in SQL.
 */

async function keysOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  const result = await db.execute(sql`
    SELECT t.id, p.key || '-' || t.number AS key FROM tasks t JOIN projects p ON p.id = t.project_id
    WHERE t.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`);
  return new Map(rowsOf<{ id: string; key: string }>(result).map((r) => [r.id, r.key]));
}

/** The chain blocker → … → task of "blocked by" links, when there is one. */
async function chainBack(db: Db, workspaceId: string, taskId: string, blockerId: string) {
  const result = await db.execute(sql`
    WITH RECURSIVE walk(id, path) AS (
      SELECT ${blockerId}::uuid, ARRAY[${blockerId}::uuid]
      UNION ALL
      SELECT d.blocker_id, w.path || d.blocker_id
      FROM walk w JOIN task_dependencies d ON d.task_id = w.id
      WHERE d.workspace_id = ${workspaceId} AND NOT d.blocker_id = ANY(w.path)
    )
    SELECT to_jsonb(path) AS path FROM walk WHERE id = ${taskId}::uuid LIMIT 1`);
  return rowsOf<{ path: string[] }>(result)[0]?.path ?? null;
}

/** Records that `taskId` is blocked by `blockerId`. */
export async function addDependency(
  db: Db,
  input: { workspaceId: string; taskId: string; blockerId: string },
): Promise<void> {
  const { workspaceId, taskId, blockerId } = input;
  if (taskId === blockerId) throw invalid("blockerId", "a task cannot block itself");
  await taskIn(db, workspaceId, taskId);
  await taskIn(db, workspaceId, blockerId, "Blocking task");
  const chain = await chainBack(db, workspaceId, taskId, blockerId);
  if (chain) {
    const keys = await keysOf(db, [taskId, ...chain]);
    const loop = [taskId, ...chain].map((id) => keys.get(id) ?? id).join(" → ");
    throw invalid(
      "blockerId",
      `${loop} would be a cycle: ${keys.get(taskId)} cannot be blocked by ${keys.get(blockerId)}`,
    );
  }
  const added = await db
    .insert(taskDependencies)
    .values({ workspaceId, taskId, blockerId })
    .onConflictDoNothing()
    .returning({ taskId: taskDependencies.taskId });
  if (added.length === 0) throw conflict("The task is already blocked by that task");
}

/** Removes a "blocked by" link. */
export async function removeDependency(
  db: Db,
  input: { workspaceId: string; taskId: string; blockerId: string },
): Promise<void> {
  const removed = await db
    .delete(taskDependencies)
    .where(
      and(
        eq(taskDependencies.workspaceId, input.workspaceId),
        eq(taskDependencies.taskId, input.taskId),
        eq(taskDependencies.blockerId, input.blockerId),
      ),
    )
    .returning({ taskId: taskDependencies.taskId });
  if (removed.length === 0) throw notFound("Dependency");
}

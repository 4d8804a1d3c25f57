import { sql } from "drizzle-orm";
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { taskIn } from "./task-state.ts";

/**
 * Task order: one fractional index (fractional-indexing, base-62 keys) per project, so the
 * board's columns and the backlog share a ranking and a move rewrites a single row. Keys
 * compare by byte, hence ORDER BY rank COLLATE "C" (and plain < in JavaScript).
 */

interface Place {
  workspaceId: string;
  projectId: string;
  columnId: string;
  /** The task being placed; left out of its own neighbours. */
  taskId?: string;
  /** The task it comes right after (the card above). */
  afterId?: string;
  /** The task it comes right before (the card below). */
  beforeId?: string;
}

async function one(db: Db, query: ReturnType<typeof sql>): Promise<string | null> {
  return rowsOf<{ rank: string | null }>(await db.execute(query))[0]?.rank ?? null;
}

const notSelf = (taskId: string | undefined) => (taskId ? sql` AND id <> ${taskId}` : sql``);

/** A rank after every task of the project. */
export async function rankAtEnd(db: Db, projectId: string, taskId?: string): Promise<string> {
  const last = await one(
    db,
    sql`SELECT max(rank COLLATE "C") AS rank FROM tasks WHERE project_id = ${projectId}${notSelf(taskId)}`,
  );
  return generateKeyBetween(last, null);
}

async function neighbourRank(db: Db, place: Place, id: string, field: "afterId" | "beforeId") {
  if (id === place.taskId) throw invalid(field, "must be another task than the one moved");
  const task = await taskIn(db, place.workspaceId, id, "Neighbour task");
  if (task.projectId !== place.projectId) throw invalid(field, "is a task of another project");
  return task.rank;
}

async function bounds(db: Db, place: Place): Promise<[string | null, string | null]> {
  let lower = place.afterId ? await neighbourRank(db, place, place.afterId, "afterId") : null;
  let upper = place.beforeId ? await neighbourRank(db, place, place.beforeId, "beforeId") : null;
  const others = sql`project_id = ${place.projectId} AND column_id = ${place.columnId}${notSelf(place.taskId)}`;
  if (lower !== null && upper === null)
    upper = await one(
      db,
      sql`SELECT min(rank COLLATE "C") AS rank FROM tasks WHERE ${others} AND rank COLLATE "C" > ${lower}`,
    );
  else if (upper !== null && lower === null)
    lower = await one(
      db,
      sql`SELECT max(rank COLLATE "C") AS rank FROM tasks WHERE ${others} AND rank COLLATE "C" < ${upper}`,
    );
  else if (lower === null && upper === null)
    lower = await one(
      db,
      sql`SELECT max(rank COLLATE "C") AS rank FROM tasks WHERE project_id = ${place.projectId}${notSelf(place.taskId)}`,
    );
  return [lower, upper];
}

/**
 * The rank that puts a task between its new neighbours (after `afterId`, before `beforeId`);
 * without neighbours, at the end. Equal neighbours (two writers raced) re-rank the project once.
 */
export async function rankBetween(db: Db, place: Place): Promise<string> {
  let [lower, upper] = await bounds(db, place);
  if (lower !== null && upper !== null && lower >= upper) {
    if (place.afterId && place.beforeId && lower > upper)
      throw invalid("beforeId", "must come after afterId in the current order");
    await rerank(db, place.projectId);
    [lower, upper] = await bounds(db, place);
  }
  return generateKeyBetween(lower, upper);
}

/** Gives every task of the project a fresh, distinct rank in its current order. */
export async function rerank(db: Db, projectId: string): Promise<void> {
  const ids = rowsOf<{ id: string }>(
    await db.execute(
      sql`SELECT id FROM tasks WHERE project_id = ${projectId} ORDER BY rank COLLATE "C", number`,
    ),
  ).map((r) => r.id);
  const keys = generateNKeysBetween(null, null, ids.length);
  const pairs = JSON.stringify(ids.map((id, i) => [id, keys[i]]));
  await db.execute(sql`
    UPDATE tasks t SET rank = p.value ->> 1
    FROM jsonb_array_elements(${pairs}::jsonb) AS p(value)
    WHERE t.id = (p.value ->> 0)::uuid AND t.project_id = ${projectId}`);
}

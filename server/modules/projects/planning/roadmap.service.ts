import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { assertMember, projectIn, taskIn } from "../tasks/task-state.ts";
import { roadmapDependencies, roadmapItems, roadmapItemTasks } from "./planning.schema.ts";
import { type Reschedule, reschedule } from "./schedule.ts";

export type RoadmapItem = typeof roadmapItems.$inferSelect;

export interface ItemFields {
  kind?: "milestone" | "epic";
  title?: string;
  description?: string;
  startDate?: string | null;
  endDate?: string;
  status?: "planned" | "in_progress" | "done";
  ownerId?: string | null;
}

export async function itemIn(db: Db, workspaceId: string, id: string, what = "Roadmap item") {
  const [row] = await db
    .select()
    .from(roadmapItems)
    .where(and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.id, id)));
  if (!row) throw notFound(what);
  return row;
}

/** Milestones have one date; an epic's span must not end before it starts. */
function checkDates(kind: string, startDate: string | null, endDate: string) {
  if (kind === "milestone" && startDate !== null)
    throw invalid("startDate", "a milestone has only an end date");
  if (kind === "epic" && startDate === null) throw invalid("startDate", "an epic needs a start");
  if (startDate !== null && startDate > endDate)
    throw invalid("endDate", `ends ${endDate}, before it starts ${startDate}`);
}

export async function createItem(
  db: Db,
  workspaceId: string,
  input: ItemFields & {
    projectId: string;
    kind: "milestone" | "epic";
    title: string;
    endDate: string;
  },
) {
  await projectIn(db, workspaceId, input.projectId);
  if (input.ownerId) await assertMember(db, workspaceId, input.ownerId, "ownerId");
  const startDate = input.startDate ?? null;
  checkDates(input.kind, startDate, input.endDate);
  const [row] = await db
    .insert(roadmapItems)
    .values({ ...input, startDate, workspaceId })
    .returning();
  return row as RoadmapItem;
}

export async function updateItem(db: Db, workspaceId: string, id: string, fields: ItemFields) {
  const item = await itemIn(db, workspaceId, id);
  if (fields.ownerId) await assertMember(db, workspaceId, fields.ownerId, "ownerId");
  const kind = fields.kind ?? item.kind;
  const startDate =
    fields.startDate !== undefined
      ? fields.startDate
      : kind === "milestone"
        ? null
        : item.startDate;
  checkDates(kind, startDate, fields.endDate ?? item.endDate);
  const [row] = await db
    .update(roadmapItems)
    .set({ ...fields, startDate, updatedAt: new Date() })
    .where(and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.id, id)))
    .returning();
  return row as RoadmapItem;
}

export async function deleteItem(db: Db, workspaceId: string, id: string) {
  await itemIn(db, workspaceId, id);
  await db
    .delete(roadmapItems)
    .where(and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.id, id)));
}

async function dependenciesOf(db: Db, workspaceId: string) {
  return db
    .select({ itemId: roadmapDependencies.itemId, dependsOnId: roadmapDependencies.dependsOnId })
    .from(roadmapDependencies)
    .where(eq(roadmapDependencies.workspaceId, workspaceId));
}

/**
 * Drags an item to new dates. Dependents move along (`cascade`) or are reported; either way
 * the dragged item takes its new dates, as the person asked.
 */
export async function moveItem(
  db: Db,
  workspaceId: string,
  input: { id: string; startDate: string | null; endDate: string; cascade: boolean },
): Promise<Reschedule> {
  const item = await itemIn(db, workspaceId, input.id);
  checkDates(item.kind, input.startDate, input.endDate);
  const all = await db.select().from(roadmapItems).where(eq(roadmapItems.workspaceId, workspaceId));
  const spans = new Map(
    all.map((r) => [r.id, { id: r.id, title: r.title, start: r.startDate, end: r.endDate }]),
  );
  const plan = reschedule(
    spans,
    await dependenciesOf(db, workspaceId),
    { id: input.id, start: input.startDate, end: input.endDate },
    input.cascade,
  );
  for (const m of plan.moved) {
    await db
      .update(roadmapItems)
      .set({ startDate: m.start, endDate: m.end, updatedAt: new Date() })
      .where(and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.id, m.id)));
  }
  return plan;
}

/** The chain dependsOn → … → item when `item` is already (transitively) depended on by it. */
async function loopBack(db: Db, workspaceId: string, itemId: string, dependsOnId: string) {
  const result = await db.execute(sql`
    WITH RECURSIVE walk(id, path) AS (
      SELECT ${dependsOnId}::uuid, ARRAY[${dependsOnId}::uuid]
      UNION ALL
      SELECT d.depends_on_id, w.path || d.depends_on_id
      FROM walk w JOIN roadmap_dependencies d ON d.item_id = w.id
      WHERE d.workspace_id = ${workspaceId} AND NOT d.depends_on_id = ANY(w.path)
    )
    SELECT to_jsonb(path) AS path FROM walk WHERE id = ${itemId}::uuid LIMIT 1`);
  return rowsOf<{ path: string[] }>(result)[0]?.path ?? null;
}

export async function addItemDependency(
  db: Db,
  workspaceId: string,
  input: { itemId: string; dependsOnId: string },
) {
  const { itemId, dependsOnId } = input;
  if (itemId === dependsOnId) throw invalid("dependsOnId", "an item cannot depend on itself");
  const item = await itemIn(db, workspaceId, itemId);
  await itemIn(db, workspaceId, dependsOnId, "Depended-on item");
  const loop = await loopBack(db, workspaceId, itemId, dependsOnId);
  if (loop) {
    const titles = await db
      .select({ id: roadmapItems.id, title: roadmapItems.title })
      .from(roadmapItems)
      .where(inArray(roadmapItems.id, [itemId, ...loop]));
    const name = new Map(titles.map((t) => [t.id, t.title]));
    const chain = [itemId, ...loop].map((id) => name.get(id) ?? id).join(" → ");
    throw invalid("dependsOnId", `${chain} would be a cycle: ${item.title} cannot depend on it`);
  }
  const added = await db
    .insert(roadmapDependencies)
    .values({ workspaceId, itemId, dependsOnId })
    .onConflictDoNothing()
    .returning({ itemId: roadmapDependencies.itemId });
  if (added.length === 0) throw conflict("The item already depends on that one");
}

export async function removeItemDependency(
  db: Db,
  workspaceId: string,
  input: { itemId: string; dependsOnId: string },
) {
  const removed = await db
    .delete(roadmapDependencies)
    .where(
      and(
        eq(roadmapDependencies.workspaceId, workspaceId),
        eq(roadmapDependencies.itemId, input.itemId),
        eq(roadmapDependencies.dependsOnId, input.dependsOnId),
      ),
    )
    .returning({ itemId: roadmapDependencies.itemId });
  if (removed.length === 0) throw notFound("Dependency");
}

export async function setItemTask(
  db: Db,
  workspaceId: string,
  input: { itemId: string; taskId: string; linked: boolean },
) {
  const item = await itemIn(db, workspaceId, input.itemId);
  const task = await taskIn(db, workspaceId, input.taskId);
  if (task.projectId !== item.projectId)
    throw invalid("taskId", "is a task of another project than the roadmap item");
  if (input.linked) {
    await db
      .insert(roadmapItemTasks)
      .values({ workspaceId, itemId: item.id, taskId: task.id })
      .onConflictDoNothing();
  } else {
    await db
      .delete(roadmapItemTasks)
      .where(and(eq(roadmapItemTasks.itemId, item.id), eq(roadmapItemTasks.taskId, task.id)));
  }
}

/** Items with their dependencies and task progress, by date. */
export async function listRoadmap(db: Db, workspaceId: string, projectId?: string) {
  const where = projectId
    ? and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.projectId, projectId))
    : eq(roadmapItems.workspaceId, workspaceId);
  const items = await db
    .select()
    .from(roadmapItems)
    .where(where)
    .orderBy(
      asc(sql`coalesce(${roadmapItems.startDate}, ${roadmapItems.endDate})`),
      asc(roadmapItems.id),
    );
  const progress = await db.execute(sql`
    SELECT l.item_id, count(*)::int AS total, count(t.completed_at)::int AS done
    FROM roadmap_item_tasks l JOIN tasks t ON t.id = l.task_id
    WHERE l.workspace_id = ${workspaceId} GROUP BY l.item_id`);
  const byItem = new Map(
    rowsOf<{ item_id: string; total: number; done: number }>(progress).map((r) => [r.item_id, r]),
  );
  const ids = new Set(items.map((i) => i.id));
  const dependencies = (await dependenciesOf(db, workspaceId)).filter((d) => ids.has(d.itemId));
  return {
    items: items.map((item) => ({
      ...item,
      tasks: { total: byItem.get(item.id)?.total ?? 0, done: byItem.get(item.id)?.done ?? 0 },
    })),
    dependencies,
  };
}

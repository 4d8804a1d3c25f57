import Decimal from "decimal.js";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { isUniqueViolation } from "../../../platform/db/sql-state.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { projectColumns, sprints, tasks } from "../projects.schema.ts";
import { recordTaskEvents } from "../tasks/task-events.ts";
import { MAX_SPRINT_DAYS, type SprintState, type SprintView } from "./sprints.zod.ts";

export type Sprint = typeof sprints.$inferSelect;

/** Who acts, for task history. */
export interface Actor {
  workspaceId: string;
  actorId: string | null;
}

/** A sprint of the workspace; another workspace's id is "not found", like a missing one. */
export async function sprintOf(db: Db, workspaceId: string, id: string): Promise<Sprint> {
  const [row] = await db
    .select()
    .from(sprints)
    .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, id)));
  if (!row) throw notFound("Sprint");
  return row;
}

/** The tasks now in a project's sprints, with whether their column is a done one. */
async function sprintTasks(db: Db, workspaceId: string, sprintIds: string[]) {
  if (sprintIds.length === 0) return [];
  return db
    .select({
      id: tasks.id,
      projectId: tasks.projectId,
      sprintId: tasks.sprintId,
      estimate: tasks.estimate,
      isDone: sql<boolean>`${projectColumns.category} = 'done'`,
    })
    .from(tasks)
    .innerJoin(projectColumns, eq(projectColumns.id, tasks.columnId))
    .where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.sprintId, sprintIds)));
}
type SprintTask = Awaited<ReturnType<typeof sprintTasks>>[number];

const sumOf = (rows: SprintTask[]) =>
  rows.reduce((sum, t) => sum.plus(t.estimate ?? 0), new Decimal(0)).toFixed();

/** Sprints as the API shows them, with what is in them now. */
export async function sprintViews(db: Db, workspaceId: string, rows: Sprint[]) {
  const inSprints = await sprintTasks(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((row): SprintView => {
    const mine = inSprints.filter((t) => t.sprintId === row.id);
    const done = mine.filter((t) => t.isDone);
    return {
      ...row,
      state: row.state as SprintState,
      taskCount: mine.length,
      doneTaskCount: done.length,
      scope: sumOf(mine),
      doneEstimate: sumOf(done),
    };
  });
}

/** A project's sprints: active first, then planned by start, then completed, newest first. */
export async function listSprints(db: Db, workspaceId: string, projectId: string) {
  const rows = await db
    .select()
    .from(sprints)
    .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.projectId, projectId)))
    .orderBy(asc(sprints.startDate), asc(sprints.createdAt));
  const rank = { active: 0, planned: 1, completed: 2 } as Record<string, number>;
  rows.sort((a, b) => {
    const byState = (rank[a.state] ?? 3) - (rank[b.state] ?? 3);
    if (byState) return byState;
    return a.state === "completed" ? b.startDate.localeCompare(a.startDate) : 0;
  });
  return sprintViews(db, workspaceId, rows);
}

/** Refuses an end before the start, or a sprint longer than MAX_SPRINT_DAYS. */
function checkDates(startDate: string, endDate: string) {
  if (endDate < startDate) throw invalid("endDate", "must be on or after startDate");
  const days = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1;
  if (days > MAX_SPRINT_DAYS)
    throw invalid("endDate", `a sprint lasts at most ${MAX_SPRINT_DAYS} days`);
}

export interface SprintFields {
  name: string;
  goal?: string;
  startDate: string;
  endDate: string;
}

/** Plans a sprint for a project (the caller has checked the project is the workspace's). */
export async function createSprint(
  db: Db,
  workspaceId: string,
  projectId: string,
  fields: SprintFields,
): Promise<Sprint> {
  checkDates(fields.startDate, fields.endDate);
  const [row] = await db
    .insert(sprints)
    .values({ workspaceId, projectId, ...fields, goal: fields.goal ?? "" })
    .returning();
  return row!;
}

/** Renames a sprint or moves its dates; a completed sprint's dates are history. */
export async function updateSprint(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<SprintFields>,
): Promise<Sprint> {
  const before = await sprintOf(db, workspaceId, id);
  const movesDates = patch.startDate !== undefined || patch.endDate !== undefined;
  if (movesDates && before.state === "completed")
    throw conflict("A completed sprint's dates cannot change");
  checkDates(patch.startDate ?? before.startDate, patch.endDate ?? before.endDate);
  const [row] = await db
    .update(sprints)
    .set(patch)
    .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, id)))
    .returning();
  return row!;
}

/**
 * Moves tasks into (or out of) sprints with a task event each, in the caller's transaction.
 * `at` lets completion stamp its carry-over at the completion instant.
 */
async function moveToSprint(
  db: Db,
  actor: Actor,
  moves: { id: string; projectId: string; sprintId: string | null }[],
  to: string | null,
  at?: Date,
) {
  const moving = moves.filter((t) => t.sprintId !== to);
  if (moving.length === 0) return;
  await db
    .update(tasks)
    .set({ sprintId: to, updatedAt: at ?? new Date() })
    .where(
      and(
        eq(tasks.workspaceId, actor.workspaceId),
        inArray(
          tasks.id,
          moving.map((t) => t.id),
        ),
      ),
    );
  await recordTaskEvents(
    db,
    moving.map((t) => ({
      workspaceId: actor.workspaceId,
      projectId: t.projectId,
      taskId: t.id,
      type: "updated" as const,
      data: { from: { sprintId: t.sprintId }, to: { sprintId: to } },
      actorId: actor.actorId,
      at,
    })),
  );
}

/** Deletes a planned sprint; its tasks go back to the backlog, with their history. */
export async function deleteSprint(db: Db, actor: Actor, id: string): Promise<void> {
  const sprint = await sprintOf(db, actor.workspaceId, id);
  if (sprint.state !== "planned")
    throw conflict(`Only a planned sprint can be deleted; ${sprint.name} is ${sprint.state}`);
  await moveToSprint(db, actor, await sprintTasks(db, actor.workspaceId, [id]), null);
  await db
    .delete(sprints)
    .where(and(eq(sprints.workspaceId, actor.workspaceId), eq(sprints.id, id)));
}

/** The named tasks, all of the sprint's project; any other id is "not found" or refused. */
async function tasksOfProject(db: Db, sprint: Sprint, ids: string[], field: string) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: tasks.id, projectId: tasks.projectId, sprintId: tasks.sprintId })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, sprint.workspaceId), inArray(tasks.id, ids)));
  if (rows.length !== new Set(ids).size) throw notFound("Task");
  if (rows.some((t) => t.projectId !== sprint.projectId))
    throw invalid(field, "every task must belong to the sprint's project");
  return rows;
}

/** Adds tasks to a sprint (from the backlog or another sprint) and takes others out. */
export async function planSprint(
  db: Db,
  actor: Actor,
  input: { id: string; add: string[]; remove: string[] },
  at?: Date,
): Promise<Sprint> {
  const sprint = await sprintOf(db, actor.workspaceId, input.id);
  if (sprint.state === "completed")
    throw conflict(`${sprint.name} is completed: plan the next sprint instead`);
  if (input.add.some((id) => input.remove.includes(id)))
    throw invalid("remove", "a task cannot be both added and removed");
  const adding = await tasksOfProject(db, sprint, input.add, "add");
  const removing = await tasksOfProject(db, sprint, input.remove, "remove");
  if (removing.some((t) => t.sprintId !== sprint.id))
    throw invalid("remove", "a task to remove is not in this sprint");
  await moveToSprint(db, actor, adding, sprint.id, at);
  await moveToSprint(db, actor, removing, null, at);
  return sprint;
}

/** Starts a planned sprint and records what it commits to: the estimate in it now. */
export async function startSprint(
  db: Db,
  workspaceId: string,
  id: string,
  at = new Date(),
): Promise<Sprint> {
  const sprint = await sprintOf(db, workspaceId, id);
  if (sprint.state !== "planned") throw conflict(`${sprint.name} is already ${sprint.state}`);
  const [active] = await db
    .select({ name: sprints.name })
    .from(sprints)
    .where(
      and(
        eq(sprints.workspaceId, workspaceId),
        eq(sprints.projectId, sprint.projectId),
        eq(sprints.state, "active"),
        ne(sprints.id, id),
      ),
    );
  const busy = () =>
    conflict(
      `${active?.name ?? "Another sprint"} is active in this project: complete it before starting ${sprint.name}`,
    );
  if (active) throw busy();
  const committed = sumOf(await sprintTasks(db, workspaceId, [id]));
  try {
    const [row] = await db
      .update(sprints)
      .set({ state: "active", startedAt: at, committed })
      .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, id)))
      .returning();
    return row!;
  } catch (error) {
    // Two starts at once: the partial unique index lets one through.
    if (isUniqueViolation(error)) throw busy();
    throw error;
  }
}

/** Where unfinished work goes when a sprint completes. */
export type CarryOver = "backlog" | "next" | { sprintId: string };

async function carryTarget(db: Db, sprint: Sprint, carryOver: CarryOver): Promise<string | null> {
  if (carryOver === "backlog") return null;
  if (carryOver === "next") {
    const [next] = await db
      .select({ id: sprints.id })
      .from(sprints)
      .where(
        and(
          eq(sprints.workspaceId, sprint.workspaceId),
          eq(sprints.projectId, sprint.projectId),
          eq(sprints.state, "planned"),
        ),
      )
      .orderBy(asc(sprints.startDate), asc(sprints.createdAt))
      .limit(1);
    if (!next)
      throw invalid(
        "carryOver",
        "no planned sprint follows: plan one, or carry over to the backlog",
      );
    return next.id;
  }
  const target = await sprintOf(db, sprint.workspaceId, carryOver.sprintId);
  if (target.projectId !== sprint.projectId)
    throw invalid("carryOver", "the sprint belongs to another project");
  if (target.state !== "planned")
    throw invalid("carryOver", `${target.name} is ${target.state}, not planned`);
  return target.id;
}

/**
 * Completes the active sprint: records the estimate done, and moves unfinished tasks to the
 * backlog, the next planned sprint or a chosen one, each with a task event at the same instant.
 */
export async function completeSprint(
  db: Db,
  actor: Actor,
  input: { id: string; carryOver: CarryOver },
  completedAt = new Date(),
) {
  const sprint = await sprintOf(db, actor.workspaceId, input.id);
  if (sprint.state !== "active")
    throw conflict(`Only the active sprint can be completed; ${sprint.name} is ${sprint.state}`);
  const to = await carryTarget(db, sprint, input.carryOver);
  const inSprint = await sprintTasks(db, actor.workspaceId, [sprint.id]);
  const unfinished = inSprint.filter((t) => !t.isDone);
  await moveToSprint(db, actor, unfinished, to, completedAt);
  const [row] = await db
    .update(sprints)
    .set({
      state: "completed",
      completedAt,
      completed: sumOf(inSprint.filter((t) => t.isDone)),
    })
    .where(eq(sprints.id, sprint.id))
    .returning();
  return { sprint: row!, carriedOver: unfinished.length, carriedTo: to };
}

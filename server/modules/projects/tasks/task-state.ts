import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import { memberships } from "../../../platform/workspaces/workspaces.schema.ts";
import { projectColumns, projects, sprints, tasks } from "../projects.schema.ts";
import { changeOf, recordTaskEvents, type TrackedState } from "./task-events.ts";

/** Reads shared by the task and column services: rows checked against the caller's workspace. */

export type Task = typeof tasks.$inferSelect;
export type Column = typeof projectColumns.$inferSelect;
export type Project = typeof projects.$inferSelect;

/** The fields of a task that its history tracks, given the column it is in. */
export function trackedOf(task: Task, column: Pick<Column, "category">): TrackedState {
  return {
    columnId: task.columnId,
    done: column.category === "done",
    estimate: task.estimate,
    sprintId: task.sprintId,
    assigneeId: task.assigneeId,
  };
}

/** The project, or not_found (also for another workspace's project). */
export async function projectIn(db: Db, workspaceId: string, id: string): Promise<Project> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, id)));
  if (!row) throw notFound("Project");
  return row;
}

export async function taskIn(db: Db, workspaceId: string, id: string, what = "Task") {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  if (!row) throw notFound(what);
  return row;
}

export async function columnIn(db: Db, workspaceId: string, id: string, what = "Column") {
  const [row] = await db
    .select()
    .from(projectColumns)
    .where(and(eq(projectColumns.workspaceId, workspaceId), eq(projectColumns.id, id)));
  if (!row) throw notFound(what);
  return row;
}

/** A column of the given project; a column of another project is refused by field name. */
export async function columnOfProject(
  db: Db,
  workspaceId: string,
  projectId: string,
  columnId: string,
  field = "columnId",
): Promise<Column> {
  const column = await columnIn(db, workspaceId, columnId);
  if (column.projectId !== projectId) throw invalid(field, "is a column of another project");
  return column;
}

/** The project's columns in board order. */
export async function columnsOf(db: Db, workspaceId: string, projectId: string) {
  return db
    .select()
    .from(projectColumns)
    .where(
      and(eq(projectColumns.workspaceId, workspaceId), eq(projectColumns.projectId, projectId)),
    )
    .orderBy(projectColumns.position, projectColumns.id);
}

/** Refuses a person who is not a member of the workspace, exactly like a missing one. */
export async function assertMember(db: Db, workspaceId: string, userId: string, field: string) {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!row) throw invalid(field, "is not a member of this workspace");
}

/** A sprint of the given project. */
export async function assertSprintOf(
  db: Db,
  workspaceId: string,
  projectId: string,
  sprintId: string,
) {
  const [row] = await db
    .select({ projectId: sprints.projectId })
    .from(sprints)
    .where(and(eq(sprints.workspaceId, workspaceId), eq(sprints.id, sprintId)));
  if (!row) throw notFound("Sprint");
  if (row.projectId !== projectId) throw invalid("sprintId", "is a sprint of another project");
}

/**
 * Moves every task of a column's worth of rows to `target`, or re-reads their done state after
 * the column's category changed; completion times and history follow.
 */
export async function retrackTasks(
  db: Db,
  input: {
    workspaceId: string;
    before: { task: Task; column: Pick<Column, "category"> }[];
    target: Column;
    actorId: string | null;
  },
): Promise<void> {
  const { target } = input;
  const isDone = target.category === "done";
  const events = [];
  for (const { task, column } of input.before) {
    const was = trackedOf(task, column);
    const change = changeOf(was, { columnId: target.id, done: isDone });
    if (!change) continue;
    events.push({
      workspaceId: input.workspaceId,
      projectId: task.projectId,
      taskId: task.id,
      type: "updated" as const,
      data: change,
      actorId: input.actorId,
    });
  }
  if (input.before.length === 0) return;
  const ids = input.before.map((b) => b.task.id);
  await db
    .update(tasks)
    .set({
      columnId: target.id,
      completedAt: isDone ? sql`coalesce(${tasks.completedAt}, now())` : null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(tasks.workspaceId, input.workspaceId),
        sql`${tasks.id} IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
      ),
    );
  await recordTaskEvents(db, events);
}

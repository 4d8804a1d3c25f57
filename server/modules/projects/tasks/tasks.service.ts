import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { costAnomalies } from "../../costs/anomalies/anomalies.schema.ts";
import { projects, taskLinks, tasks } from "../projects.schema.ts";
import { addLinks, type LinkInput } from "./links.ts";
import { rankAtEnd, rankBetween } from "./rank.ts";
import { changeOf, recordTaskEvents, type TaskEventInput } from "./task-events.ts";
import {
  assertMember,
  assertSprintOf,
  type Column,
  columnIn,
  columnOfProject,
  columnsOf,
  projectIn,
  type Task,
  taskIn,
  trackedOf,
} from "./task-state.ts";
import type { Priority } from "./tasks.zod.ts";

/** Writing tasks: numbering, ranks, moves and their history, all in the caller's transaction. */

export interface TaskFields {
  title: string;
  description?: string;
  priority?: Priority;
  assigneeId?: string | null;
  labels?: string[];
  estimate?: string | null;
  dueDate?: string | null;
  parentId?: string | null;
  sprintId?: string | null;
}

interface Actor {
  workspaceId: string;
  actorId: string | null;
}

/** Checks the ids a task refers to: a member, a parent and a sprint of the same project. */
async function checkReferences(
  db: Db,
  workspaceId: string,
  projectId: string,
  fields: Partial<TaskFields>,
  taskId?: string,
) {
  if (fields.assigneeId) await assertMember(db, workspaceId, fields.assigneeId, "assigneeId");
  if (fields.sprintId) await assertSprintOf(db, workspaceId, projectId, fields.sprintId);
  if (fields.parentId) {
    const parent = await taskIn(db, workspaceId, fields.parentId, "Parent task");
    if (parent.projectId !== projectId)
      throw invalid("parentId", "must be a task of the same project");
    if (taskId) {
      // The new parent must not be the task itself or one of its own subtasks.
      const loop = await db.execute(sql`
        WITH RECURSIVE up(id, parent_id) AS (
          SELECT id, parent_id FROM tasks WHERE id = ${parent.id}
          UNION ALL SELECT t.id, t.parent_id FROM tasks t JOIN up ON t.id = up.parent_id
        ) SELECT 1 FROM up WHERE id = ${taskId} LIMIT 1`);
      if (rowsOf(loop).length > 0)
        throw invalid("parentId", "cannot be the task itself or one of its subtasks");
    }
  }
}

/** Takes the project's next task number; the row lock also orders concurrent creations. */
async function nextNumber(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .update(projects)
    .set({ nextTaskNumber: sql`${projects.nextTaskNumber} + 1` })
    .where(eq(projects.id, projectId))
    .returning({ next: projects.nextTaskNumber });
  return row!.next - 1;
}

/** Creates a task at the end of its column (the first open column unless one is given). */
export async function createTask(
  db: Db,
  input: Actor & {
    projectId: string;
    columnId?: string;
    fields: TaskFields;
    links?: LinkInput[];
    at?: Date;
  },
): Promise<Task> {
  const { workspaceId, fields } = input;
  const project = await projectIn(db, workspaceId, input.projectId);
  let column: Column | undefined;
  if (input.columnId) column = await columnOfProject(db, workspaceId, project.id, input.columnId);
  else column = (await columnsOf(db, workspaceId, project.id)).find((c) => c.category !== "done");
  if (!column) throw invalid("columnId", "the project has no open column to put the task in");
  await checkReferences(db, workspaceId, project.id, fields);
  const number = await nextNumber(db, project.id);
  const rank = await rankAtEnd(db, project.id);
  const at = input.at ?? new Date();
  const [task] = await db
    .insert(tasks)
    .values({
      ...fields,
      workspaceId,
      projectId: project.id,
      number,
      rank,
      columnId: column.id,
      completedAt: column.category === "done" ? at : null,
      createdBy: input.actorId,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await recordTaskEvents(db, [
    {
      workspaceId,
      projectId: project.id,
      taskId: task!.id,
      type: "created",
      data: { to: trackedOf(task!, column) },
      actorId: input.actorId,
      at,
    },
  ]);
  if (input.links?.length)
    await addLinks(db, {
      workspaceId,
      taskId: task!.id,
      createdBy: input.actorId,
      links: input.links,
    });
  return task!;
}

function updatedEvent(before: Task, column: Column, after: Task, actor: Actor) {
  const change = changeOf(trackedOf(before, column), trackedOf(after, column));
  return change
    ? [
        {
          workspaceId: actor.workspaceId,
          projectId: before.projectId,
          taskId: before.id,
          type: "updated" as const,
          data: change,
          actorId: actor.actorId,
        },
      ]
    : [];
}

/** Changes a task's fields; a change of estimate, sprint or assignee joins its history. */
export async function updateTask(
  db: Db,
  input: Actor & { id: string; patch: Partial<TaskFields> },
): Promise<Task> {
  const before = await taskIn(db, input.workspaceId, input.id);
  await checkReferences(db, input.workspaceId, before.projectId, input.patch, before.id);
  const [after] = await db
    .update(tasks)
    .set({ ...input.patch, updatedAt: new Date() })
    .where(and(eq(tasks.workspaceId, input.workspaceId), eq(tasks.id, input.id)))
    .returning();
  const column = await columnIn(db, input.workspaceId, before.columnId);
  await recordTaskEvents(db, updatedEvent(before, column, after!, input));
  return after!;
}

/**
 * Moves a task to a column and between two neighbours. Entering a done column completes it,
 * leaving one reopens it. WIP limits warn (in the result), they do not refuse.
 */
export async function moveTask(
  db: Db,
  input: Actor & {
    id: string;
    columnId: string;
    afterId?: string;
    beforeId?: string;
    /** Defaults to now; demo data may backdate. */
    at?: Date;
  },
) {
  const at = input.at ?? new Date();
  const before = await taskIn(db, input.workspaceId, input.id);
  const from = await columnIn(db, input.workspaceId, before.columnId);
  const to = await columnOfProject(db, input.workspaceId, before.projectId, input.columnId);
  const rank = await rankBetween(db, {
    workspaceId: input.workspaceId,
    projectId: before.projectId,
    columnId: to.id,
    taskId: before.id,
    afterId: input.afterId,
    beforeId: input.beforeId,
  });
  const isDone = to.category === "done";
  const [after] = await db
    .update(tasks)
    .set({
      columnId: to.id,
      rank,
      completedAt: isDone ? (before.completedAt ?? at) : null,
      updatedAt: at,
    })
    .where(and(eq(tasks.workspaceId, input.workspaceId), eq(tasks.id, input.id)))
    .returning();
  const change = changeOf(trackedOf(before, from), trackedOf(after!, to));
  if (change)
    await recordTaskEvents(db, [
      {
        workspaceId: input.workspaceId,
        projectId: before.projectId,
        taskId: before.id,
        type: "updated",
        data: change,
        actorId: input.actorId,
        at,
      },
    ]);
  const [count] = rowsOf<{ n: number }>(
    await db.execute(
      sql`SELECT count(*)::int AS n FROM tasks WHERE workspace_id = ${input.workspaceId} AND column_id = ${to.id}`,
    ),
  );
  const n = count?.n ?? 0;
  return {
    task: after!,
    wip: {
      columnId: to.id,
      count: n,
      limit: to.wipLimit,
      isOver: to.wipLimit !== null && n > to.wipLimit,
    },
  };
}

/**
 * Deletes a task with its subtasks. Their history records the deletion (burndowns replay it);
 * links to them go, and an anomaly that became the task can be found again by detection.
 */
export async function deleteTask(db: Db, input: Actor & { id: string }): Promise<void> {
  const task = await taskIn(db, input.workspaceId, input.id);
  const result = await db.execute(sql`
    WITH RECURSIVE down(id) AS (
      SELECT ${task.id}::uuid UNION ALL SELECT t.id FROM tasks t JOIN down ON t.parent_id = down.id
    ) SELECT id FROM down`);
  const ids = rowsOf<{ id: string }>(result).map((r) => r.id);
  const listed = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
  const events: TaskEventInput[] = ids.map((id) => ({
    workspaceId: input.workspaceId,
    projectId: task.projectId,
    taskId: id,
    type: "deleted",
    data: {},
    actorId: input.actorId,
  }));
  await recordTaskEvents(db, events);
  await db
    .update(costAnomalies)
    .set({ taskId: null })
    .where(and(eq(costAnomalies.workspaceId, input.workspaceId), sql`task_id::text IN ${listed}`));
  await db
    .delete(taskLinks)
    .where(
      and(
        eq(taskLinks.workspaceId, input.workspaceId),
        eq(taskLinks.kind, "task"),
        sql`${taskLinks.target} IN ${listed}`,
      ),
    );
  await db
    .delete(tasks)
    .where(and(eq(tasks.workspaceId, input.workspaceId), eq(tasks.id, task.id)));
}

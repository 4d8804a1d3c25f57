import { and, desc, eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import { taskEvents, taskLinks } from "../projects.schema.ts";
import { rowsOfTasks } from "./task-list.ts";
import { columnIn } from "./task-state.ts";
import type { LinkKind } from "./tasks.zod.ts";

/** One task with everything its dialog shows: relations, links and recent history. */

interface Ref {
  id: string;
  key: string;
  title: string;
  isDone: boolean;
  columnId: string;
}

async function refs(db: Db, workspaceId: string, where: ReturnType<typeof sql>): Promise<Ref[]> {
  const result = await db.execute(sql`
    SELECT t.id, p.key || '-' || t.number AS key, t.title, (t.completed_at IS NOT NULL) AS "isDone",
      t.column_id AS "columnId"
    FROM tasks t JOIN projects p ON p.id = t.project_id
    WHERE t.workspace_id = ${workspaceId} AND ${where}
    ORDER BY t.rank COLLATE "C", t.number LIMIT 500`);
  return rowsOf<Ref>(result);
}

const bare = ({ columnId: _, ...ref }: Ref) => ref;

/** The task's detail, or not_found for a missing or foreign id. */
export async function getTaskDetail(db: Db, workspaceId: string, id: string) {
  const [row] = await rowsOfTasks(db, workspaceId, [id]);
  if (!row) throw notFound("Task");
  const [extra] = rowsOf<{ description: string; projectKey: string; assigneeName: string | null }>(
    await db.execute(sql`
      SELECT t.description, p.key AS "projectKey", u.name AS "assigneeName"
      FROM tasks t JOIN projects p ON p.id = t.project_id LEFT JOIN users u ON u.id = t.assignee_id
      WHERE t.id = ${id} AND t.workspace_id = ${workspaceId}`),
  );
  const column = await columnIn(db, workspaceId, row.columnId);
  const parent = row.parentId
    ? (await refs(db, workspaceId, sql`t.id = ${row.parentId}`))[0]
    : null;
  const subtaskList = await refs(db, workspaceId, sql`t.parent_id = ${id}`);
  const blockers = await refs(
    db,
    workspaceId,
    sql`t.id IN (SELECT blocker_id FROM task_dependencies WHERE task_id = ${id})`,
  );
  const blocking = await refs(
    db,
    workspaceId,
    sql`t.id IN (SELECT task_id FROM task_dependencies WHERE blocker_id = ${id})`,
  );
  const links = await db
    .select()
    .from(taskLinks)
    .where(and(eq(taskLinks.workspaceId, workspaceId), eq(taskLinks.taskId, id)))
    .orderBy(taskLinks.createdAt);
  const history = await db
    .select({
      id: taskEvents.id,
      type: taskEvents.type,
      data: taskEvents.data,
      actorName: users.name,
      at: taskEvents.at,
    })
    .from(taskEvents)
    .leftJoin(users, eq(users.id, taskEvents.actorId))
    .where(and(eq(taskEvents.workspaceId, workspaceId), eq(taskEvents.taskId, id)))
    .orderBy(desc(taskEvents.at), desc(taskEvents.id))
    .limit(50);
  return {
    ...row,
    description: extra!.description,
    projectKey: extra!.projectKey,
    assigneeName: extra!.assigneeName,
    column: {
      id: column.id,
      name: column.name,
      category: column.category as "backlog" | "todo" | "in_progress" | "done",
    },
    parent: parent ? bare(parent) : null,
    subtaskList,
    blockers: blockers.map(bare),
    blocking: blocking.map(bare),
    links: links.map((l) => ({
      id: l.id,
      kind: l.kind as LinkKind,
      target: l.target,
      title: l.title,
      createdAt: l.createdAt,
    })),
    history: history.map((e) => {
      const data = e.data as { from?: Record<string, unknown>; to?: Record<string, unknown> };
      return {
        id: e.id,
        type: e.type,
        from: data.from ?? null,
        to: data.to ?? null,
        actorName: e.actorName,
        at: e.at,
      };
    }),
  };
}

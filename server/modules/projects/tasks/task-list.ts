import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import type { Priority, TaskFilters } from "./tasks.zod.ts";

/**
 * The task list behind the board, the backlog, the list view and the calendar: one query with
 * the open-blocker and subtask counts joined in, so a 5,000-task board is a single round trip.
 */

export interface TaskQuery extends Omit<TaskFilters, "assigneeId"> {
  workspaceId: string;
  /** A member's id, or "none" for unassigned ("me" is resolved by the operation). */
  assigneeId?: string;
  limit: number;
  offset: number;
  /** Internal: exactly these tasks (to return rows after a write). */
  ids?: string[];
}

export interface TaskRow {
  id: string;
  projectId: string;
  number: number;
  key: string;
  title: string;
  columnId: string;
  rank: string;
  priority: Priority;
  assigneeId: string | null;
  labels: string[];
  estimate: string | null;
  dueDate: string | null;
  sprintId: string | null;
  parentId: string | null;
  blockedBy: number;
  subtasks: { done: number; total: number };
  /** ISO 8601, as Date.toISOString writes it. */
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const uuids = (ids: string[]) =>
  sql`(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
const texts = (values: string[]) =>
  sql`(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

const KEY_PATTERN = /^([A-Za-z][A-Za-z0-9]{1,9})-(\d{1,9})$/;
const PRIORITY_ORDER = sql.raw(
  "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END",
);
const RANK = sql.raw(`t.rank COLLATE "C", t.number, t.id`);

function orderOf(sort: TaskFilters["sort"]): SQL {
  switch (sort) {
    case "number":
      return sql.raw("t.number DESC, t.id");
    case "priority":
      return sql`${PRIORITY_ORDER}, ${RANK}`;
    case "dueDate":
      return sql`t.due_date ASC NULLS LAST, ${RANK}`;
    case "created":
      return sql.raw("t.created_at DESC, t.id");
    case "updated":
      return sql.raw("t.updated_at DESC, t.id");
    default:
      return RANK;
  }
}

/** The filters of a task query as a condition over `tasks t JOIN projects p`. */
export function whereOf(query: TaskQuery): SQL {
  const parts: SQL[] = [sql`t.workspace_id = ${query.workspaceId}`];
  if (query.ids) parts.push(sql`t.id IN ${uuids(query.ids)}`);
  if (query.projectId) parts.push(sql`t.project_id = ${query.projectId}`);
  if (query.columnIds) parts.push(sql`t.column_id IN ${uuids(query.columnIds)}`);
  if (query.assigneeId === "none") parts.push(sql`t.assignee_id IS NULL`);
  else if (query.assigneeId) parts.push(sql`t.assignee_id = ${query.assigneeId}`);
  if (query.labels?.length) parts.push(sql`t.labels @> ARRAY${texts(query.labels)}`);
  if (query.priority?.length) parts.push(sql`t.priority IN ${texts(query.priority)}`);
  if (query.sprintId && query.backlog)
    throw invalid("backlog", "cannot be combined with sprintId: backlog means in no sprint");
  if (query.sprintId) parts.push(sql`t.sprint_id = ${query.sprintId}`);
  if (query.backlog) parts.push(sql`t.sprint_id IS NULL`);
  if (query.dueFrom) parts.push(sql`t.due_date >= ${query.dueFrom}::date`);
  if (query.dueTo) parts.push(sql`t.due_date <= ${query.dueTo}::date`);
  if (query.parentId) parts.push(sql`t.parent_id = ${query.parentId}`);
  if (!query.includeDone && !query.ids) parts.push(sql`t.completed_at IS NULL`);
  else if (query.recentDone !== undefined && !query.ids) parts.push(recentDoneOnly(query));
  const q = query.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const key = KEY_PATTERN.exec(q);
    const byKey = key
      ? sql` OR (p.key = ${key[1]!.toUpperCase()} AND t.number = ${Number(key[2])})`
      : /^\d{1,9}$/.test(q)
        ? sql` OR t.number = ${Number(q)}`
        : sql``;
    parts.push(sql`(t.title ILIKE ${pattern}${byKey})`);
  }
  return sql.join(parts, sql` AND `);
}

/**
 * Open tasks, and of the completed ones only the latest `recentDone` per column: a board of a
 * long-running project shows what was finished lately, not years of done cards.
 */
function recentDoneOnly(query: TaskQuery): SQL {
  const scope = query.projectId ? sql` AND project_id = ${query.projectId}` : sql``;
  return sql`(t.completed_at IS NULL OR t.id IN (
    SELECT id FROM (
      SELECT id, row_number() OVER (PARTITION BY column_id ORDER BY completed_at DESC, id) AS n
      FROM tasks WHERE workspace_id = ${query.workspaceId} AND completed_at IS NOT NULL${scope}
    ) recent WHERE recent.n <= ${query.recentDone}))`;
}

/** How many completed tasks each column leaves out under `recentDone`. */
export async function olderDoneOf(db: Db, query: TaskQuery): Promise<Record<string, number>> {
  const where = whereOf({ ...query, recentDone: undefined });
  const result = await db.execute(sql`
    SELECT column_id, (count(*) - ${query.recentDone ?? 0})::int AS n FROM (
      SELECT t.column_id FROM tasks t JOIN projects p ON p.id = t.project_id
      WHERE ${where} AND t.completed_at IS NOT NULL
    ) done GROUP BY column_id HAVING count(*) > ${query.recentDone ?? 0}`);
  return Object.fromEntries(
    rowsOf<{ column_id: string; n: number }>(result).map((r) => [r.column_id, r.n]),
  );
}

const iso = (value: string) => new Date(value).toISOString();

/** A TaskRow's fields, as selected over rowSources (t: the task, p: its project). */
export const ROW_COLUMNS = sql`
  t.id, t.project_id AS "projectId", t.number, p.key || '-' || t.number AS key, t.title,
  t.column_id AS "columnId", t.rank, t.priority, t.assignee_id AS "assigneeId", t.labels,
  t.estimate::text AS estimate, to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate",
  t.sprint_id AS "sprintId", t.parent_id AS "parentId",
  coalesce(blk.n, 0) AS "blockedBy",
  json_build_object('done', coalesce(sub.done, 0), 'total', coalesce(sub.total, 0)) AS subtasks,
  t.completed_at AS "completedAt", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/** The tasks with their project and their open-blocker and subtask counts joined in. */
export function rowSources(
  query: Pick<TaskQuery, "workspaceId" | "projectId">,
  /** A subquery of task ids: the only rows wanted, so the aggregates skip every other task. */
  only?: SQL,
): SQL {
  const scope = query.projectId ? sql` AND project_id = ${query.projectId}` : sql``;
  const blockedOnly = only ? sql` AND d.task_id IN (${only})` : sql``;
  const parentOnly = only ? sql` AND parent_id IN (${only})` : sql``;
  return sql`FROM tasks t
    JOIN projects p ON p.id = t.project_id
    LEFT JOIN (
      SELECT d.task_id, count(*) AS n FROM task_dependencies d
      JOIN tasks b ON b.id = d.blocker_id AND b.completed_at IS NULL
      WHERE d.workspace_id = ${query.workspaceId}${blockedOnly} GROUP BY d.task_id
    ) blk ON blk.task_id = t.id
    LEFT JOIN (
      SELECT parent_id, count(*) AS total, count(completed_at) AS done FROM tasks
      WHERE workspace_id = ${query.workspaceId} AND parent_id IS NOT NULL${scope}${parentOnly}
      GROUP BY parent_id
    ) sub ON sub.parent_id = t.id`;
}

/** The rows of a `json_agg(…) AS rows` result, with timestamps as the API writes them. */
export function decodeRows<Extra extends object = object>(result: unknown): (TaskRow & Extra)[] {
  const raw = rowsOf<{ rows: unknown }>(result)[0]?.rows;
  // PGlite hands json back parsed, node-postgres too; a string would be a driver set to raw.
  const rows = (typeof raw === "string" ? JSON.parse(raw) : raw) as (TaskRow & Extra)[];
  return rows.map((r) => ({
    ...r,
    // json renders timestamptz as "…+00:00"; the API writes "…Z" everywhere.
    completedAt: r.completedAt === null ? null : iso(r.completedAt),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }));
}

/** Tasks matching the filters, in the asked order, one page at a time. */
export async function listTasks(
  db: Db,
  query: TaskQuery,
): Promise<{ tasks: TaskRow[]; total: number; hasMore: boolean }> {
  if (query.dueFrom && query.dueTo && query.dueFrom > query.dueTo)
    throw invalid("dueTo", "must not be before dueFrom");
  const where = whereOf(query);
  // One JSON value instead of 5,000 rows: PGlite (and the pg driver) decode a row at a time,
  // field by field, which costs several times what JSON.parse of the same data does.
  const result = await db.execute(sql`
    SELECT coalesce(json_agg(x ORDER BY x.ord), '[]') AS rows FROM (
      SELECT row_number() OVER (ORDER BY ${orderOf(query.sort)}) AS ord, ${ROW_COLUMNS}
      ${rowSources(query)}
      WHERE ${where}
      ORDER BY ${orderOf(query.sort)}
      LIMIT ${query.limit + 1} OFFSET ${query.offset}
    ) x`);
  const rows = decodeRows<{ ord?: number }>(result);
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit).map(({ ord: _, ...r }) => r);
  let total = page.length + query.offset;
  if (hasMore || query.offset > 0) {
    const counted = await db.execute(sql`
      SELECT count(*)::int AS n FROM tasks t JOIN projects p ON p.id = t.project_id WHERE ${where}`);
    total = rowsOf<{ n: number }>(counted)[0]?.n ?? 0;
  }
  return { tasks: page, total, hasMore };
}

/** The rows of the given tasks, for operations that return what they wrote. */
export async function rowsOfTasks(db: Db, workspaceId: string, ids: string[]) {
  const { tasks } = await listTasks(db, {
    workspaceId,
    ids,
    includeDone: true,
    limit: ids.length,
    offset: 0,
  });
  return tasks;
}

/** Opaque page cursors: the offset of the next page. */
export const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString("base64url");
export function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw invalid("cursor", "is not a cursor this list handed out");
  return Number(match[1]);
}

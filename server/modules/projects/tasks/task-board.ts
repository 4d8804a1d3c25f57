import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import {
  decodeRows,
  ROW_COLUMNS,
  rowSources,
  type TaskQuery,
  type TaskRow,
  whereOf,
} from "./task-list.ts";
import { type Column, columnsOf } from "./task-state.ts";

/**
 * The board a page per column: each column's first cards in its own order (rank; a done column
 * the latest completed first), its counts, and a keyset cursor for the next page. A board of
 * 5,000 tasks costs what its first few hundred cards cost, and a page stays put while cards are
 * added above or below it (an OFFSET would skip or repeat them).
 */

export type BoardQuery = Omit<
  TaskQuery,
  "limit" | "offset" | "ids" | "includeDone" | "recentDone" | "sort" | "columnIds"
> & {
  projectId: string;
  /** Cards per column. */
  limit: number;
};

export interface BoardColumnPage {
  columnId: string;
  tasks: TaskRow[];
  /** Tasks of the column matching the filters. */
  total: number;
  /** Every task of the column, filters aside: what its WIP limit counts. */
  count: number;
  nextCursor: string | null;
}

/** Where the previous page ended: the last card's sort key in its column's order. */
const zAfter = z.discriminatedUnion("by", [
  z.object({ by: z.literal("rank"), rank: z.string(), number: z.number().int(), id: z.uuid() }),
  z.object({
    by: z.literal("done"),
    // The exact timestamptz as PostgreSQL prints it: a JS Date would drop the microseconds.
    completedAt: z.string().nullable(),
    number: z.number().int(),
    id: z.uuid(),
  }),
]);
type After = z.infer<typeof zAfter>;

/** The keys of a board query that narrow nothing. */
const UNFILTERED = new Set(["workspaceId", "projectId", "limit"]);

const isDoneColumn = (column: Pick<Column, "category">) => column.category === "done";

function cursorOf(after: After): string {
  return Buffer.from(JSON.stringify(after)).toString("base64url");
}

/** The position a cursor stands for; one of another column's order is refused. */
export function afterOf(cursor: string, column: Pick<Column, "category">): After {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    parsed = undefined;
  }
  const after = zAfter.safeParse(parsed);
  if (!after.success) throw invalid("cursor", "is not a cursor this board handed out");
  if (after.data.by !== (isDoneColumn(column) ? "done" : "rank"))
    throw invalid("cursor", "belongs to a column in another order: load the board again");
  return after.data;
}

// Rank columns: rank (byte order), number, id. Done columns: latest completion first, then
// number, id. Each order has its index (tasks_board_rank_index, tasks_board_done_index), so a
// page is read off an index rather than sorting a column of thousands.

/** Cards after the cursor in that order (spelt out: the keys mix ASC and DESC). */
function afterCondition(after: After): SQL {
  const tie = sql`(t.number > ${after.number} OR (t.number = ${after.number} AND t.id > ${after.id}))`;
  if (after.by === "rank")
    return sql`(t.rank COLLATE "C" > ${after.rank} COLLATE "C" OR (t.rank = ${after.rank} AND ${tie}))`;
  if (after.completedAt === null) return sql`(t.completed_at IS NULL AND ${tie})`;
  const at = sql`${after.completedAt}::timestamptz`;
  return sql`(t.completed_at < ${at} OR t.completed_at IS NULL OR (t.completed_at = ${at} AND ${tie}))`;
}

/**
 * The first page of every column of the board, or with `column` and `after` the next page of
 * that one column.
 */
export async function boardPages(
  db: Db,
  query: BoardQuery,
  page?: { column: Column; after?: After },
): Promise<BoardColumnPage[]> {
  if (query.dueFrom && query.dueTo && query.dueFrom > query.dueTo)
    throw invalid("dueTo", "must not be before dueFrom");
  const where = whereOf({ ...query, includeDone: true, limit: query.limit, offset: 0 });
  const inColumn = page ? sql` AND c.id = ${page.column.id}` : sql``;
  const after = page?.after ? sql` AND ${afterCondition(page.after)}` : sql``;
  // Per column (LATERAL) a page of ids in its own order, read off the column's index; the row
  // fields, blockers and subtasks are then built for those cards only.
  const result = await db.execute(sql`
    WITH page AS (
      SELECT c.position, ranked.* FROM project_columns c
      CROSS JOIN LATERAL (
        (SELECT t.id, NULL::timestamptz AS "doneKey", t.rank AS "rankKey", NULL::text AS "doneAt"
        FROM tasks t JOIN projects p ON p.id = t.project_id
        WHERE c.category <> 'done' AND ${where} AND t.column_id = c.id${after}
        ORDER BY t.rank COLLATE "C", t.number, t.id
        LIMIT ${query.limit + 1})
        UNION ALL
        (SELECT t.id, t.completed_at, NULL, t.completed_at::text
        FROM tasks t JOIN projects p ON p.id = t.project_id
        WHERE c.category = 'done' AND ${where} AND t.column_id = c.id${after}
        ORDER BY t.completed_at DESC NULLS LAST, t.number, t.id
        LIMIT ${query.limit + 1})
      ) ranked
      WHERE c.workspace_id = ${query.workspaceId} AND c.project_id = ${query.projectId}${inColumn}
    )
    SELECT coalesce(json_agg(x ORDER BY x.position, x."doneKey" DESC NULLS LAST,
      x."rankKey" COLLATE "C", x.number, x.id), '[]') AS rows FROM (
      SELECT ${ROW_COLUMNS}, page.position, page."doneKey", page."rankKey", page."doneAt"
      ${rowSources(query, sql`SELECT id FROM page`)}
      JOIN page ON page.id = t.id
    ) x`);
  // Unfiltered, a column's total is its count: one index scan, no filter to evaluate per task.
  const narrowed = Object.entries(query).some(
    ([key, value]) =>
      !UNFILTERED.has(key) && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
  const counted = await db.execute(sql`
      SELECT t.column_id AS "columnId",
        ${narrowed ? sql`count(*) FILTER (WHERE ${where})` : sql`count(*)`}::int AS total,
        count(*)::int AS count
      FROM tasks t${narrowed ? sql` JOIN projects p ON p.id = t.project_id` : sql``}
      WHERE t.workspace_id = ${query.workspaceId} AND t.project_id = ${query.projectId}${
        page ? sql` AND t.column_id = ${page.column.id}` : sql``
      }
      GROUP BY t.column_id`);
  const counts = new Map(
    rowsOf<{ columnId: string; total: number; count: number }>(counted).map((r) => [r.columnId, r]),
  );
  type Paged = TaskRow & {
    position: number;
    doneKey: unknown;
    rankKey: unknown;
    doneAt: string | null;
  };
  const byColumn = new Map<string, Paged[]>();
  for (const row of decodeRows<Omit<Paged, keyof TaskRow>>(result)) {
    const list = byColumn.get(row.columnId) ?? [];
    list.push(row);
    byColumn.set(row.columnId, list);
  }
  const columns = page ? [page.column] : await columnsOf(db, query.workspaceId, query.projectId);
  return columns.map((column) => {
    const rows = byColumn.get(column.id) ?? [];
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    const hasMore = rows.length > query.limit && last !== undefined;
    return {
      columnId: column.id,
      tasks: shown.map(({ position: _, doneKey: __, rankKey: ___, doneAt: ____, ...task }) => task),
      total: counts.get(column.id)?.total ?? 0,
      count: counts.get(column.id)?.count ?? 0,
      nextCursor: hasMore
        ? cursorOf(
            isDoneColumn(column)
              ? { by: "done", completedAt: last.doneAt, number: last.number, id: last.id }
              : { by: "rank", rank: last.rank, number: last.number, id: last.id },
          )
        : null,
    };
  });
}

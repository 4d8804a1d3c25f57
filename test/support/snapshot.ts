import { sql } from "drizzle-orm";
import type { Db } from "../../server/platform/db/database.ts";

/** Columns that legitimately change on a read (last-seen bookkeeping). */
const VOLATILE = ["last_used_at", "last_used_ip", "last_seen_at"];
/** Refused attempts are audited by design; everything else must stay as it was. */
const EXCLUDED_TABLES = new Set(["audit_log"]);

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * How a table's rows are fingerprinted. Every write, even one that stores the same values,
 * gives the row a new version with a newer xmin (the writing transaction's id), and a delete
 * lowers the count: so (count, newest xmin) changes on any committed write, and costs a scan
 * instead of serialising and sorting every row. Tables with columns a read may touch
 * (last-seen bookkeeping) are compared by content without those columns instead.
 */
async function fingerprinter(db: Db) {
  const volatile = await rows<{ table_name: string }>(
    db,
    sql`SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ${sql.raw(`(${VOLATILE.map((c) => `'${c}'`).join(",")})`)}`,
  );
  const byContent = new Set(volatile.map((t) => t.table_name));
  const minus = sql.raw(`ARRAY[${VOLATILE.map((c) => `'${c}'`).join(",")}]`);
  /** The fingerprint of `table`'s rows matching `where` (an SQL condition on alias t). */
  return async (table: string, where: ReturnType<typeof sql> = sql`true`) => {
    const query = byContent.has(table)
      ? sql`SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest FROM (SELECT (to_jsonb(t) - ${minus})::text AS r FROM ${sql.identifier(table)} t WHERE ${where}) s`
      : sql`SELECT count(*) || ':' || coalesce(max(t.xmin::text::bigint), 0) AS digest FROM ${sql.identifier(table)} t WHERE ${where}`;
    const [row] = await rows<{ digest: string | null }>(db, query);
    return row?.digest ?? "";
  };
}

/** A fingerprint of every row of every table, to prove a refused call changed nothing. */
export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const fingerprint = await fingerprinter(db);
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (EXCLUDED_TABLES.has(table)) continue;
    out[table] = await fingerprint(table);
  }
  return out;
}

/** Every uuid stored in rows that belong to the workspace (its own ids and what they reference). */
export async function idsOfWorkspace(db: Db, workspaceId: string): Promise<Set<string>> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id' ORDER BY table_name`,
  );
  const ids = new Set<string>();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  for (const { table_name: table } of tables) {
    const found = await rows<{ j: Record<string, unknown> }>(
      db,
      sql`SELECT to_jsonb(t) AS j FROM ${sql.identifier(table)} t WHERE workspace_id = ${workspaceId}`,
    );
    for (const { j } of found) {
      for (const value of Object.values(j))
        if (typeof value === "string" && uuid.test(value)) ids.add(value);
    }
  }
  return ids;
}

/**
 * A few ids of each table of a workspace (the row ids and the ids they refer to): enough to
 * probe every kind of row without calling an operation once per row of a large demo.
 */
export async function sampleIdsOfWorkspace(
  db: Db,
  workspaceId: string,
  perTable = 3,
): Promise<string[]> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id' ORDER BY table_name`,
  );
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const ids = new Set<string>();
  for (const { table_name: table } of tables) {
    const found = await rows<{ j: Record<string, unknown> }>(
      db,
      sql`SELECT to_jsonb(t) AS j FROM ${sql.identifier(table)} t WHERE workspace_id = ${workspaceId} LIMIT ${perTable}`,
    );
    for (const { j } of found) {
      for (const value of Object.values(j))
        if (typeof value === "string" && uuid.test(value)) ids.add(value);
    }
  }
  return [...ids];
}

/** A fingerprint of one workspace's rows and of its members' accounts and sessions. */
export async function snapshotWorkspace(
  db: Db,
  workspaceId: string,
): Promise<Record<string, string>> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id' ORDER BY table_name`,
  );
  const fingerprint = await fingerprinter(db);
  const members = sql`(SELECT user_id FROM memberships WHERE workspace_id = ${workspaceId})`;
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables)
    out[table] = await fingerprint(table, sql`t.workspace_id = ${workspaceId}`);
  out.users = await fingerprint("users", sql`t.id IN ${members}`);
  out.sessions = await fingerprint("sessions", sql`t.user_id IN ${members}`);
  return out;
}

import { sql } from "drizzle-orm";
import type { Db } from "../../server/platform/db/database.ts";
import { workspaceKeyedTables } from "./fill-workspace-tables.ts";

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
 * (last-seen bookkeeping) are compared by content without those columns instead. All tables
 * go in one statement: the isolation test takes two snapshots per probe, and a round trip per
 * table made it the slowest file of the suite.
 */
async function fingerprints(
  db: Db,
  tables: string[],
  where: (table: string) => ReturnType<typeof sql> = () => sql`true`,
): Promise<Record<string, string>> {
  const volatile = await rows<{ table_name: string }>(
    db,
    sql`SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ${sql.raw(`(${VOLATILE.map((c) => `'${c}'`).join(",")})`)}`,
  );
  const byContent = new Set(volatile.map((t) => t.table_name));
  const minus = sql.raw(`ARRAY[${VOLATILE.map((c) => `'${c}'`).join(",")}]`);
  const parts = tables.map((table) =>
    byContent.has(table)
      ? sql`(SELECT ${table}::text AS name, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest FROM (SELECT (to_jsonb(t) - ${minus})::text AS r FROM ${sql.identifier(table)} t WHERE ${where(table)}) s)`
      : sql`(SELECT ${table}::text AS name, count(*) || ':' || coalesce(max(t.xmin::text::bigint), 0) AS digest FROM ${sql.identifier(table)} t WHERE ${where(table)})`,
  );
  const out: Record<string, string> = {};
  if (parts.length === 0) return out;
  const found = await rows<{ name: string; digest: string | null }>(
    db,
    sql.join(parts, sql` UNION ALL `),
  );
  for (const { name, digest } of found) out[name] = digest ?? "";
  return out;
}

/** A fingerprint of every row of every table, to prove a refused call changed nothing. */
export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return fingerprints(
    db,
    tables.map((t) => t.table_name).filter((table) => !EXCLUDED_TABLES.has(table)),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The uuids in the workspace's rows (at most `perTable` rows of each table), in one statement. */
async function uuidsOfWorkspace(db: Db, workspaceId: string, perTable?: number) {
  const tables = await workspaceKeyedTables(db);
  const limit = perTable === undefined ? sql`` : sql` LIMIT ${perTable}`;
  const found = await rows<{ j: Record<string, unknown> }>(
    db,
    sql.join(
      tables.map(
        (table) =>
          sql`(SELECT to_jsonb(t) AS j FROM ${sql.identifier(table)} t WHERE workspace_id = ${workspaceId}${limit})`,
      ),
      sql` UNION ALL `,
    ),
  );
  const ids = new Set<string>();
  for (const { j } of found) {
    for (const value of Object.values(j))
      if (typeof value === "string" && UUID.test(value)) ids.add(value);
  }
  return ids;
}

/** Every uuid stored in rows that belong to the workspace (its own ids and what they reference). */
export function idsOfWorkspace(db: Db, workspaceId: string): Promise<Set<string>> {
  return uuidsOfWorkspace(db, workspaceId);
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
  return [...(await uuidsOfWorkspace(db, workspaceId, perTable))];
}

/** A fingerprint of one workspace's rows and of its members' accounts and sessions. */
export async function snapshotWorkspace(
  db: Db,
  workspaceId: string,
): Promise<Record<string, string>> {
  const tables = await workspaceKeyedTables(db);
  const members = sql`(SELECT user_id FROM memberships WHERE workspace_id = ${workspaceId})`;
  const own = await fingerprints(db, tables, () => sql`t.workspace_id = ${workspaceId}`);
  const accounts = await fingerprints(db, ["users", "sessions"], (table) =>
    table === "users" ? sql`t.id IN ${members}` : sql`t.user_id IN ${members}`,
  );
  return { ...own, ...accounts };
}

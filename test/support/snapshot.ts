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

/** A fingerprint of every row of every table, to prove a refused call changed nothing. */
export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (EXCLUDED_TABLES.has(table)) continue;
    const [row] = await rows<{ digest: string | null }>(
      db,
      sql`SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest FROM (SELECT (to_jsonb(t) - ${sql.raw(`ARRAY[${VOLATILE.map((c) => `'${c}'`).join(",")}]`)})::text AS r FROM ${sql.identifier(table)} t) s`,
    );
    out[table] = row?.digest ?? "";
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
  const minus = sql.raw(`ARRAY[${VOLATILE.map((c) => `'${c}'`).join(",")}]`);
  const members = sql`(SELECT user_id FROM memberships WHERE workspace_id = ${workspaceId})`;
  const queries: [string, ReturnType<typeof sql>][] = [
    ...tables.map(({ table_name: table }): [string, ReturnType<typeof sql>] => [
      table,
      sql`SELECT (to_jsonb(t) - ${minus})::text AS r FROM ${sql.identifier(table)} t WHERE workspace_id = ${workspaceId}`,
    ]),
    ["users", sql`SELECT (to_jsonb(t) - ${minus})::text AS r FROM users t WHERE id IN ${members}`],
    [
      "sessions",
      sql`SELECT (to_jsonb(t) - ${minus})::text AS r FROM sessions t WHERE user_id IN ${members}`,
    ],
  ];
  const out: Record<string, string> = {};
  for (const [name, query] of queries) {
    const [row] = await rows<{ digest: string }>(
      db,
      sql`SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS digest FROM (${query}) s`,
    );
    out[name] = row?.digest ?? "";
  }
  return out;
}

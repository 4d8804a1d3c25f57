import { sql } from "drizzle-orm";
import { affectedRowsOf, rowsOf } from "../db/copy.ts";
import type { Db } from "../db/database.ts";

/**
 * Kept when a workspace is deleted: the audit log is append-only, an instance-wide record that
 * outlives the workspace (and records the deletion itself).
 */
const KEPT_AFTER_DELETION = new Set(["audit_log"]);

/**
 * Tables with a workspace_id column that deleting the workspace row does not clean up: those
 * without a foreign key to workspaces that cascades. Time-partitioned stores (log_lines,
 * metric_samples, cost line items), jobs and schedules have no such key by design (partitioned
 * tables and hot append paths avoid it). Read from the catalog rather than listed by hand, so a
 * table added later is covered without anyone remembering this file.
 */
export async function tablesWithoutWorkspaceCascade(db: Db): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND NOT EXISTS (
        SELECT 1 FROM pg_constraint k
        WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confdeltype = 'c'
          AND k.confrelid = 'workspaces'::regclass AND k.conkey = ARRAY[a.attnum]
      )
    ORDER BY c.relname`);
  return rowsOf<{ name: string }>(result)
    .map((r) => r.name)
    .filter((name) => !KEPT_AFTER_DELETION.has(name));
}

/**
 * Deletes the workspace's rows from every table the workspace row's deletion would leave
 * behind. Runs in the caller's transaction, before the workspace row itself is deleted.
 */
export async function purgeWorkspaceRows(db: Db, workspaceId: string) {
  const deleted: Record<string, number> = {};
  for (const table of await tablesWithoutWorkspaceCascade(db)) {
    const result = await db.execute(
      sql`DELETE FROM ${sql.identifier(table)} WHERE workspace_id = ${workspaceId}`,
    );
    deleted[table] = affectedRowsOf(result);
  }
  return deleted;
}

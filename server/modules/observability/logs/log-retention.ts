import { eq, sql } from "drizzle-orm";
import { affectedRowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { observabilitySettings } from "../ingest/ingest.schema.ts";
import { dropLogPartition, ensureLogStorage, listLogPartitions } from "./log-store.ts";

export const DEFAULT_LOG_RETENTION_DAYS = 14;
const DAY_MS = 86_400_000;

/** The workspace's settings, or the defaults when it never changed them. */
export async function observabilitySettingsOf(db: Db, workspaceId: string) {
  const [row] = await db
    .select()
    .from(observabilitySettings)
    .where(eq(observabilitySettings.workspaceId, workspaceId));
  return {
    logRetentionDays: row?.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    metricRetentionDays: row?.metricRetentionDays ?? 30,
  };
}

/** Sets how many days of logs (and metric samples) the workspace keeps. */
export async function setObservabilitySettings(
  db: Db,
  workspaceId: string,
  input: { logRetentionDays?: number; metricRetentionDays?: number },
) {
  const current = await observabilitySettingsOf(db, workspaceId);
  const next = { ...current, ...input };
  await db
    .insert(observabilitySettings)
    .values({ workspaceId, ...next })
    .onConflictDoUpdate({
      target: observabilitySettings.workspaceId,
      set: { ...next, updatedAt: new Date() },
    });
  return next;
}

/**
 * Enforces log retention. Partitions are per day and shared by all workspaces, so a day whose
 * end is past the longest retention any workspace has is dropped whole (cheap, no vacuum); a
 * workspace that keeps less has its older lines deleted from the partitions still kept, a
 * partition-pruned DELETE on (workspace_id, time).
 */
export async function enforceLogRetention(db: Db, now = new Date()) {
  await ensureLogStorage(db);
  const settings = await db.select().from(observabilitySettings);
  const longest = Math.max(DEFAULT_LOG_RETENTION_DAYS, ...settings.map((s) => s.logRetentionDays));
  const partitionCutoff = now.getTime() - longest * DAY_MS;
  const dropped: string[] = [];
  for (const p of await listLogPartitions(db)) {
    if (p.day + DAY_MS <= partitionCutoff) {
      await dropLogPartition(db, p.name);
      dropped.push(p.name);
    }
  }
  let deleted = 0;
  const defaults = await db.execute(
    sql`SELECT DISTINCT workspace_id FROM log_lines WHERE time < ${new Date(now.getTime() - DEFAULT_LOG_RETENTION_DAYS * DAY_MS).toISOString()}::timestamptz`,
  );
  const shorter = new Map(settings.map((s) => [s.workspaceId, s.logRetentionDays]));
  // Workspaces without settings keep the default, which may be shorter than the longest.
  for (const r of (defaults as unknown as { rows: Array<{ workspace_id: string }> }).rows)
    if (!shorter.has(r.workspace_id)) shorter.set(r.workspace_id, DEFAULT_LOG_RETENTION_DAYS);
  for (const [workspaceId, days] of shorter) {
    if (days >= longest) continue;
    const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
    const result = await db.execute(
      sql`DELETE FROM log_lines WHERE workspace_id = ${workspaceId} AND time < ${cutoff}::timestamptz`,
    );
    deleted += affectedRowsOf(result);
  }
  return {
    droppedPartitions: dropped,
    deletedLines: deleted,
    deletedPatternHours: await prunePatternHours(db, now),
  };
}

/**
 * Pattern counts per hour follow the lines they count: hours older than the workspace's log
 * retention go (the templates themselves stay, with their all-time totals).
 */
async function prunePatternHours(db: Db, now: Date) {
  const result = await db.execute(sql`
    DELETE FROM log_pattern_hours h
    WHERE h.hour < ${now.toISOString()}::timestamptz - make_interval(days => COALESCE(
      (SELECT s.log_retention_days FROM observability_settings s WHERE s.workspace_id = h.workspace_id),
      ${DEFAULT_LOG_RETENTION_DAYS}::int))`);
  return affectedRowsOf(result);
}

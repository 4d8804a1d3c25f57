import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import type { Check } from "./checks.service.ts";
import { ZDnsSettings, ZHttpSettings, ZPingSettings, ZTcpSettings } from "./checks.zod.ts";
import type { ProbeOutcome } from "./probe.ts";
import type { ProbeSpec } from "./probe-run.ts";
import { healthChecks, healthDaily, healthResults } from "./uptime.schema.ts";

/** The check's probe, its settings parsed with their defaults (an invalid one throws). */
export function probeSpecOf(check: Check): ProbeSpec {
  const { target, timeoutMs, retries } = check;
  const common = { target, timeoutMs, retries };
  switch (check.kind) {
    case "http":
      return { ...common, kind: "http", settings: ZHttpSettings.parse(check.settings) };
    case "tcp":
      return { ...common, kind: "tcp", settings: ZTcpSettings.parse(check.settings) };
    case "ping":
      return { ...common, kind: "ping", settings: ZPingSettings.parse(check.settings) };
    default:
      return { ...common, kind: "dns", settings: ZDnsSettings.parse(check.settings) };
  }
}

export interface Recorded {
  outcome: ProbeOutcome;
  at: Date;
  /** The status before, when this run changed it. */
  changedFrom: string | null;
}

/**
 * Stores one run: the result row, the day's roll-up and the check's current status, in one
 * transaction so the list, the charts and the uptime figures agree.
 */
export async function recordOutcome(
  db: Db,
  check: Check,
  outcome: ProbeOutcome,
  at: Date,
): Promise<Recorded> {
  const status = outcome.isUp ? "up" : "down";
  return db.transaction(async (tx) => {
    await tx
      .insert(healthResults)
      .values({
        checkId: check.id,
        workspaceId: check.workspaceId,
        at,
        isUp: outcome.isUp,
        latencyMs: outcome.latencyMs,
        statusCode: outcome.statusCode,
        error: outcome.error?.slice(0, 500) ?? null,
        certificateDays: outcome.certificateDays,
      })
      .onConflictDoNothing();
    const hasLatency = outcome.latencyMs !== null && outcome.isUp;
    await tx
      .insert(healthDaily)
      .values({
        checkId: check.id,
        workspaceId: check.workspaceId,
        day: at.toISOString().slice(0, 10),
        upCount: outcome.isUp ? 1 : 0,
        totalCount: 1,
        latencySumMs: hasLatency ? outcome.latencyMs! : 0,
        latencyCount: hasLatency ? 1 : 0,
      })
      .onConflictDoUpdate({
        target: [healthDaily.checkId, healthDaily.day],
        set: {
          upCount: sql`${healthDaily.upCount} + excluded.up_count`,
          totalCount: sql`${healthDaily.totalCount} + 1`,
          latencySumMs: sql`${healthDaily.latencySumMs} + excluded.latency_sum_ms`,
          latencyCount: sql`${healthDaily.latencyCount} + excluded.latency_count`,
        },
      });
    // Read the status under the row lock: two runs finishing together see each other's write.
    const [before] = await tx
      .select({ status: healthChecks.status })
      .from(healthChecks)
      .where(eq(healthChecks.id, check.id))
      .for("update");
    const changedFrom = before && before.status !== status ? before.status : null;
    await tx
      .update(healthChecks)
      .set({
        status,
        ...(changedFrom !== null ? { statusSince: at } : {}),
        lastCheckedAt: at,
        lastLatencyMs: outcome.latencyMs,
        lastError: outcome.error?.slice(0, 500) ?? null,
      })
      .where(and(eq(healthChecks.id, check.id), eq(healthChecks.workspaceId, check.workspaceId)));
    return { outcome, at, changedFrom };
  });
}

/**
 * Claims the run due at `due` by moving next_run_at forward (compare-and-set): a duplicate job
 * for the same due time, on this or another instance, finds it moved and does nothing.
 * Returns the next due time, or null when the run was not this caller's (or the check is gone,
 * paused or rescheduled).
 */
export async function claimRun(db: Db, checkId: string, due: Date, now: Date) {
  const [check] = await db
    .select()
    .from(healthChecks)
    .where(and(eq(healthChecks.id, checkId), eq(healthChecks.isEnabled, true)));
  if (!check) return null;
  const step = check.intervalSeconds * 1000;
  let next = new Date(due.getTime() + step);
  if (next <= now) next = new Date(now.getTime() + step);
  const [claimed] = await db
    .update(healthChecks)
    .set({ nextRunAt: next })
    .where(and(eq(healthChecks.id, checkId), eq(healthChecks.nextRunAt, due)))
    .returning();
  return claimed ? { check: claimed, next } : null;
}

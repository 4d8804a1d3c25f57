import { and, eq, lt, notInArray, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../db/database.ts";
import { jobs } from "./jobs.schema.ts";
import { DEFAULT_TIMEOUT_MS, type RegisteredJob } from "./jobs.types.ts";

/** The owner records its own timeout first; only a job this far past it is presumed orphaned. */
const SWEEP_GRACE_MS = 30_000;

export interface SweeperDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  registry: ReadonlyMap<string, RegisteredJob>;
}

/**
 * Hands back jobs still running past their timeout, whose instance must have died: queued
 * again, or failed when that was the last attempt (the lost attempt counts: it may be the
 * cause). Jobs this instance does not define get the default timeout. Returns how many.
 */
export async function sweepOrphanedJobs({ db, log, clock, registry }: SweeperDeps) {
  const now = clock().getTime();
  const staleBefore = (timeoutMs: number) => new Date(now - timeoutMs - SWEEP_GRACE_MS);
  const known = [...registry.values()];
  const isStale = or(
    ...known.map((d) => and(eq(jobs.name, d.name), lt(jobs.lockedAt, staleBefore(d.timeoutMs)))),
    and(
      known.length > 0 ? notInArray(jobs.name, [...registry.keys()]) : undefined,
      lt(jobs.lockedAt, staleBefore(DEFAULT_TIMEOUT_MS)),
    ),
  );
  const lastError = sql`'Instance ' || coalesce(${jobs.lockedBy}, '?') || ' stopped during this attempt'`;
  const isOrphan = and(eq(jobs.status, "running"), isStale);
  const failed = await db
    .update(jobs)
    .set({ status: "failed", lastError, finishedAt: new Date(now) })
    .where(and(isOrphan, sql`${jobs.attempts} >= ${jobs.maxAttempts}`))
    .returning({ id: jobs.id });
  const requeued = await db
    .update(jobs)
    .set({ status: "queued", lastError, runAt: new Date(now), lockedBy: null, lockedAt: null })
    .where(isOrphan)
    .returning({ id: jobs.id });
  const count = failed.length + requeued.length;
  if (count > 0) {
    log.warn({ failed: failed.length, requeued: requeued.length }, "recovered orphaned jobs");
  }
  return count;
}

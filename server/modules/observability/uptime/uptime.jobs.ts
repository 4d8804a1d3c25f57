import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";
import { requestEvaluation } from "../alerts/evaluation-request.ts";
import { type Check, policyOf } from "./checks.service.ts";
import { MAX_RETRIES, MAX_TIMEOUT_MS } from "./checks.zod.ts";
import { answerDeadlineMs } from "./probe-worker.ts";
import { claimRun, probeSpecOf, type Recorded, recordOutcome } from "./runner.ts";
import { pruneResults } from "./stats.ts";
import { healthChecks } from "./uptime.schema.ts";

export const RUN_JOB = "health.run";
export const DISPATCH_JOB = "health.dispatch";
export const PRUNE_JOB = "health.pruneResults";
/** Raw results are kept this long; daily roll-ups stay. */
export const KEEP_RESULTS_DAYS = 35;
/** A run this late was lost (an instance died holding it): the dispatcher starts the chain again. */
const LOST_AFTER_MS = 30_000;

const runKey = (checkId: string, due: Date) => `${RUN_JOB}:${checkId}:${due.toISOString()}`;

/** Queues the run of a check due at `due` (at most one job per check and due time). */
export function enqueueRun(
  services: Services,
  db: Db,
  check: Pick<Check, "id" | "workspaceId">,
  due: Date,
) {
  return services.jobs.enqueue(
    db,
    RUN_JOB,
    { checkId: check.id, due: due.toISOString() },
    {
      workspaceId: check.workspaceId,
      runAt: due,
      maxAttempts: 1,
      singletonKey: runKey(check.id, due),
    },
  );
}

/** Probes a check now and records the outcome (the schedule and "run now" both land here). */
export async function runAndRecord(db: Db, services: Services, check: Check): Promise<Recorded> {
  const policy = await policyOf(db, check.workspaceId, services.config.blockPrivateNetworks);
  const outcome = await services.probes.run(probeSpecOf(check), policy);
  const recorded = await recordOutcome(db, check, outcome, new Date());
  services.events.publish(check.workspaceId, { type: "changed", operation: RUN_JOB });
  // The alert rules watching checks learn of the change now rather than at the next minute.
  if (recorded.changedFrom !== null) await requestEvaluation(services, db, check.workspaceId);
  return recorded;
}

/**
 * Each run schedules the next one (a job with run_at = next due time), so intervals below a
 * minute work; a cron dispatcher every minute restarts chains that were lost.
 */
export function registerUptimeJobs(db: Db, services: Services) {
  services.jobs.define({
    name: RUN_JOB,
    payload: z.object({ checkId: z.uuid(), due: z.iso.datetime() }),
    maxAttempts: 1,
    // The longest run a check may make (every attempt at the longest timeout, and the probe
    // worker's grace), and a minute to record it: a job cut short would record nothing.
    timeoutMs: answerDeadlineMs({ timeoutMs: MAX_TIMEOUT_MS, retries: MAX_RETRIES }) + 60_000,
    handler: async ({ checkId, due }) => {
      const claimed = await claimRun(db, checkId, new Date(due), new Date());
      if (!claimed) return { skipped: true };
      await enqueueRun(services, db, claimed.check, claimed.next);
      const recorded = await runAndRecord(db, services, claimed.check);
      return { isUp: recorded.outcome.isUp, latencyMs: recorded.outcome.latencyMs };
    },
  });
  services.jobs.define({
    name: DISPATCH_JOB,
    payload: z.object({}),
    handler: async () => {
      const lost = await db
        .select({
          id: healthChecks.id,
          workspaceId: healthChecks.workspaceId,
          due: healthChecks.nextRunAt,
        })
        .from(healthChecks)
        .where(
          and(
            eq(healthChecks.isEnabled, true),
            lt(healthChecks.nextRunAt, new Date(Date.now() - LOST_AFTER_MS)),
          ),
        )
        .limit(1_000);
      for (const check of lost) await enqueueRun(services, db, check, check.due);
      return { restarted: lost.length };
    },
  });
  services.jobs.define({
    name: PRUNE_JOB,
    payload: z.object({}),
    handler: async () => ({
      removed: await pruneResults(db, new Date(Date.now() - KEEP_RESULTS_DAYS * 86_400_000)),
    }),
  });
}

export async function scheduleUptimeJobs(db: Db, services: Services) {
  await services.jobs.schedule(db, { key: DISPATCH_JOB, cron: "* * * * *", jobName: DISPATCH_JOB });
  await services.jobs.schedule(db, { key: PRUNE_JOB, cron: "41 3 * * *", jobName: PRUNE_JOB });
}

import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
import type { Db } from "../db/database.ts";
import { retryDelayMs } from "./backoff.ts";
import { jobs } from "./jobs.schema.ts";
import type { Job, RegisteredJob } from "./jobs.types.ts";

const MAX_ERROR_CHARS = 4_000;

export interface WorkerDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  instanceId: string;
  pollMs: number;
  concurrency: number;
  registry: ReadonlyMap<string, RegisteredJob>;
}

interface Run {
  job: Job;
  controller: AbortController;
  /** Set by stop() once the row is handed back: a late outcome must not be written. */
  isAbandoned: boolean;
  done: Promise<void>;
}

export type Worker = ReturnType<typeof createWorker>;

// PostgreSQL text cannot hold NUL; a message that fails to save would leave the job running.
const errorMessage = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .replaceAll("\0", "")
    .slice(0, MAX_ERROR_CHARS);

/** The work is done: a result JSON cannot hold must not turn the success into a retry. */
function storable(result: unknown, log: Logger): unknown {
  try {
    JSON.stringify(result);
    return result ?? null;
  } catch (error) {
    log.warn({ err: error }, "job result is not JSON; it was not stored");
    return null;
  }
}

/** Settles with the work, or rejects as soon as the signal aborts even if the handler ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Claims due jobs with SKIP LOCKED so any number of instances can share one queue. */
export function createWorker(deps: WorkerDeps) {
  const { db, log, clock, instanceId, registry } = deps;
  const inFlight = new Map<string, Run>();
  let isAccepting = false;
  let timer: NodeJS.Timeout | undefined;
  let claiming: Promise<void> | undefined;
  let isPokedWhileClaiming = false;

  // Fencing: only the claim that started this attempt may record its outcome, so a run the
  // sweeper or stop() already handed back cannot overwrite the next attempt.
  const isOwned = (job: Job) =>
    and(
      eq(jobs.id, job.id),
      eq(jobs.status, "running"),
      eq(jobs.lockedBy, instanceId),
      eq(jobs.attempts, job.attempts),
    );

  async function claim(limit: number): Promise<Job[]> {
    const now = clock();
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, "queued"), lte(jobs.runAt, now)))
      .orderBy(asc(jobs.runAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    return db
      .update(jobs)
      .set({
        status: "running",
        lockedBy: instanceId,
        lockedAt: now,
        attempts: sql`${jobs.attempts} + 1`,
      })
      .where(inArray(jobs.id, due))
      .returning();
  }

  async function record(run: Run, values: PgUpdateSetSource<typeof jobs>) {
    const rows = await db
      .update(jobs)
      .set(values)
      .where(isOwned(run.job))
      .returning({ id: jobs.id, status: jobs.status, rerunRequested: jobs.rerunRequested });
    const row = rows[0];
    if (!row) {
      log.warn({ jobId: run.job.id }, "job was taken back; outcome discarded");
      return;
    }
    // Asked for again while it ran: the fresh copy takes the key now that this one let go.
    if (row.rerunRequested && row.status !== "running" && row.status !== "queued") {
      const { job } = run;
      const now = clock();
      await db
        .insert(jobs)
        .values({
          name: job.name,
          payload: job.payload,
          workspaceId: job.workspaceId,
          maxAttempts: job.maxAttempts,
          singletonKey: job.singletonKey,
          runAt: now,
          createdAt: now,
        })
        .onConflictDoNothing();
      poke();
    }
  }

  function fail(run: Run, message: string, isFinal: boolean) {
    const { job } = run;
    const now = clock();
    if (isFinal || job.attempts >= job.maxAttempts) {
      log.warn(
        { jobId: job.id, job: job.name, attempt: job.attempts, error: message },
        "job failed",
      );
      return record(run, { status: "failed", lastError: message, finishedAt: now });
    }
    const runAt = new Date(now.getTime() + retryDelayMs(job.attempts));
    return record(run, {
      status: "queued",
      lastError: message,
      runAt,
      lockedBy: null,
      lockedAt: null,
    });
  }

  async function execute(run: Run) {
    const { job, controller } = run;
    const definition = registry.get(job.name);
    if (!definition) {
      const reason = "it was renamed or removed, or this instance runs an older version";
      return fail(run, `No handler for job "${job.name}" on ${instanceId}: ${reason}`, true);
    }
    const prepared = definition.prepare(job.payload);
    if (!prepared.ok) return fail(run, `Invalid ${prepared.field}: ${prepared.message}`, true);
    const limit = definition.timeoutMs;
    const timeout = setTimeout(
      () => controller.abort(new Error(`Timed out after ${limit} ms`)),
      limit,
    );
    const ctx = {
      jobId: job.id,
      workspaceId: job.workspaceId,
      attempt: job.attempts,
      signal: controller.signal,
      log: log.child({ jobId: job.id, job: job.name, attempt: job.attempts }),
    };
    let result: unknown;
    try {
      result = await untilAborted(prepared.run(ctx), controller.signal);
    } catch (error) {
      if (!run.isAbandoned) await fail(run, errorMessage(error), false);
      return;
    } finally {
      clearTimeout(timeout);
    }
    if (run.isAbandoned) return;
    await record(run, {
      status: "succeeded",
      result: storable(result, ctx.log),
      finishedAt: clock(),
    });
  }

  function begin(job: Job) {
    const run: Run = {
      job,
      controller: new AbortController(),
      isAbandoned: false,
      done: Promise.resolve(),
    };
    inFlight.set(job.id, run);
    run.done = execute(run)
      .catch((error: unknown) =>
        log.error(
          { err: error, jobId: job.id },
          "job outcome not recorded; the sweeper will requeue it",
        ),
      )
      .finally(() => {
        inFlight.delete(job.id);
        poke();
      });
  }

  async function claimAndRun() {
    const free = deps.concurrency - inFlight.size;
    if (!isAccepting || free <= 0) return;
    try {
      const claimed = await claim(free);
      // stop() may have begun while the claim was in flight (a pool can run it after a later
      // insert): hand those jobs straight back instead of starting them.
      if (!isAccepting) {
        const returned = claimed.map((job) => ({
          job,
          controller: new AbortController(),
          isAbandoned: true,
          done: Promise.resolve(),
        }));
        await Promise.all(returned.map(release));
        return;
      }
      for (const job of claimed) begin(job);
    } catch (error) {
      log.error({ err: error }, "claiming jobs failed");
    }
  }

  /** Runs a claim round now instead of at the next poll; a round already under way runs again. */
  function poke() {
    if (!isAccepting) return;
    if (claiming) {
      isPokedWhileClaiming = true;
      return;
    }
    claiming = claimAndRun().finally(() => {
      claiming = undefined;
      if (isPokedWhileClaiming) {
        isPokedWhileClaiming = false;
        poke();
      }
    });
  }

  async function release(run: Run) {
    try {
      // Shutdown is not the job's fault: the interrupted attempt is given back.
      await record(run, {
        status: "queued",
        attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
        lastError: `Interrupted: ${instanceId} shut down`,
        runAt: clock(),
        lockedBy: null,
        lockedAt: null,
      });
    } catch (error) {
      log.error({ err: error, jobId: run.job.id }, "could not requeue job; the sweeper will");
    }
  }

  return {
    poke,

    /** Polls every pollMs; enqueue and finished jobs poke it sooner. */
    start() {
      if (isAccepting) return;
      isAccepting = true;
      timer = setInterval(poke, deps.pollMs);
      timer.unref();
      poke();
    },

    /** Stops claiming, lets running jobs finish for graceMs, then aborts and requeues the rest. */
    async stop(graceMs: number) {
      isAccepting = false;
      clearInterval(timer);
      await claiming;
      if (inFlight.size === 0) return;
      let graceTimer: NodeJS.Timeout | undefined;
      const isDrained = await Promise.race([
        Promise.allSettled([...inFlight.values()].map((run) => run.done)).then(() => true),
        new Promise<boolean>((resolve) => {
          graceTimer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(graceTimer);
      if (isDrained) return;
      const unfinished = [...inFlight.values()];
      for (const run of unfinished) {
        run.isAbandoned = true;
        run.controller.abort(new Error(`${instanceId} is shutting down`));
      }
      await Promise.all(unfinished.map(release));
    },
  };
}

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { ZodType, z } from "zod";
import type { Db } from "../db/database.ts";
import { AppError, conflict, invalid } from "../errors.ts";
import { createJobAdmin } from "./jobs.admin.ts";
import { jobs } from "./jobs.schema.ts";
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  type EnqueueOptions,
  type InsertJob,
  type Job,
  type JobDefinition,
  type RegisteredJob,
} from "./jobs.types.ts";
import { createScheduler } from "./scheduler.ts";
import { sweepOrphanedJobs } from "./sweeper.ts";
import { createWorker } from "./worker.ts";

export interface JobServiceDeps {
  db: Db;
  log: Logger;
  clock?: () => Date;
  /** Shown as locked_by; unique per process so a restarted instance never owns old claims. */
  instanceId?: string;
  /** Worker poll interval; schedules and the sweeper run every five polls. */
  pollMs?: number;
  /** Jobs this instance runs at once. */
  concurrency?: number;
}

/** What define() returns: enqueue with the payload type checked at compile time too. */
export interface JobHandle<S extends ZodType> {
  name: string;
  enqueue(db: Db, payload: z.input<S>, opts?: EnqueueOptions): Promise<Job>;
}

export type JobService = ReturnType<typeof createJobService>;

const isPositiveInteger = (n: number) => Number.isInteger(n) && n > 0;

/** Durable jobs and cron schedules in the database, shared by every instance on it. */
export function createJobService(deps: JobServiceDeps) {
  const { db, log, clock = () => new Date(), pollMs = 1_000, concurrency = 2 } = deps;
  const instanceId = deps.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const registry = new Map<string, RegisteredJob>();
  const worker = createWorker({ db, log, clock, instanceId, pollMs, concurrency, registry });
  const admin = createJobAdmin({ clock });

  const insertJob: InsertJob = async (tx, name, payload, opts = {}) => {
    const definition = registry.get(name);
    if (!definition) throw invalid("name", `no job named "${name}" is defined`);
    const prepared = definition.prepare(payload);
    if (!prepared.ok) throw invalid(prepared.field, prepared.message);
    if (opts.maxAttempts !== undefined && !isPositiveInteger(opts.maxAttempts)) {
      throw invalid("maxAttempts", "must be a whole number of at least 1");
    }
    const now = clock();
    const values = {
      name,
      payload: prepared.value,
      workspaceId: opts.workspaceId ?? null,
      runAt: opts.runAt ?? now,
      maxAttempts: opts.maxAttempts ?? definition.maxAttempts,
      singletonKey: opts.singletonKey ?? null,
      createdAt: now,
    };
    const key = opts.singletonKey;
    if (key === undefined) {
      const [job] = await tx.insert(jobs).values(values).returning();
      return job!;
    }
    // The holder of the key can finish between the two statements; the next try then inserts.
    for (let tries = 0; tries < 3; tries++) {
      const [job] = await tx
        .insert(jobs)
        .values(values)
        .onConflictDoNothing({
          target: jobs.singletonKey,
          where: sql`status in ('queued', 'running')`,
        })
        .returning();
      if (job) return job;
      const [existing] = await tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.singletonKey, key), inArray(jobs.status, ["queued", "running"])));
      if (existing) {
        if (opts.rerunIfRunning && existing.status === "running" && !existing.rerunRequested) {
          await tx.update(jobs).set({ rerunRequested: true }).where(eq(jobs.id, existing.id));
        }
        return existing;
      }
    }
    throw conflict(`The job holding key ${key} keeps changing; try again`);
  };

  const scheduler = createScheduler({ db, log, clock, registry, insertJob });
  let maintenanceTimer: NodeJS.Timeout | undefined;
  let maintaining: Promise<void> | undefined;

  async function maintain() {
    try {
      await sweepOrphanedJobs({ db, log, clock, registry });
    } catch (error) {
      log.error({ err: error }, "job sweep failed");
    }
    try {
      // The scheduler's transaction has committed now, so its jobs are visible to the claim.
      if ((await scheduler.runDue()) > 0) worker.poke();
    } catch (error) {
      log.error({ err: error }, "schedule run failed");
    }
  }

  function runMaintenance() {
    maintaining ??= maintain().finally(() => {
      maintaining = undefined;
    });
  }

  /** Adds a job in the caller's transaction; with a singletonKey already held, returns that job. */
  async function enqueue(tx: Db, name: string, payload: unknown, opts?: EnqueueOptions) {
    const job = await insertJob(tx, name, payload, opts);
    // Inside an uncommitted transaction the claim cannot see it yet; the next poll will.
    if (job.status === "queued" && job.runAt <= clock()) worker.poke();
    return job;
  }

  return {
    instanceId,

    /** Registers a handler; define every job before start() or schedule() refer to it. */
    define<S extends ZodType>(job: JobDefinition<S>): JobHandle<S> {
      if (registry.has(job.name))
        throw new AppError("internal", `job "${job.name}" is defined twice`);
      const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const timeoutMs = job.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      if (!isPositiveInteger(maxAttempts) || !isPositiveInteger(timeoutMs)) {
        throw new AppError("internal", `job "${job.name}": maxAttempts and timeoutMs must be > 0`);
      }
      registry.set(job.name, {
        name: job.name,
        maxAttempts,
        timeoutMs,
        prepare(payload) {
          const parsed = job.payload.safeParse(payload);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const field = ["payload", ...(issue?.path ?? []).map(String)].join(".");
            return { ok: false, field, message: issue?.message ?? "is invalid" };
          }
          const value = parsed.data;
          return { ok: true, value, run: (ctx) => job.handler(value, ctx) };
        },
      });
      return {
        name: job.name,
        enqueue: (tx, payload, opts) => enqueue(tx, job.name, payload, opts),
      };
    },

    enqueue,

    /** Starts the worker, the scheduler and the sweeper in this process. */
    start() {
      worker.start();
      clearInterval(maintenanceTimer);
      maintenanceTimer = setInterval(runMaintenance, pollMs * 5);
      maintenanceTimer.unref();
      runMaintenance();
    },

    /** Graceful shutdown: unfinished jobs go back to the queue for another instance. */
    async stop(graceMs = 25_000) {
      clearInterval(maintenanceTimer);
      maintenanceTimer = undefined;
      await maintaining;
      await worker.stop(graceMs);
    },

    schedule: scheduler.schedule,
    unschedule: scheduler.unschedule,
    list: admin.list,
    cancel: admin.cancel,
    listSchedules: admin.listSchedules,
    prune: admin.prune,

    /** Like the admin retry, and wakes the worker so the job starts now. */
    async retry(tx: Db, id: string, workspaceId?: string | null): Promise<Job> {
      const job = await admin.retry(tx, id, workspaceId);
      worker.poke();
      return job;
    },
  };
}

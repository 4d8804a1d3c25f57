import type { Logger } from "pino";
import type { ZodType, z } from "zod";
import type { Db } from "../db/database.ts";
import type { jobs, schedules } from "./jobs.schema.ts";

export type Job = typeof jobs.$inferSelect;
export type Schedule = typeof schedules.$inferSelect;
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export interface JobContext {
  jobId: string;
  workspaceId: string | null;
  /** 1 on the first run. */
  attempt: number;
  /** Aborted on timeout and when the instance shuts down: long handlers should pass it on. */
  signal: AbortSignal;
  log: Logger;
}

export interface JobDefinition<S extends ZodType = ZodType> {
  name: string;
  payload: S;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
  maxAttempts?: number;
  timeoutMs?: number;
}

export interface EnqueueOptions {
  workspaceId?: string | null;
  runAt?: Date;
  maxAttempts?: number;
  /** While a job with this key is queued or running, enqueue returns that job instead. */
  singletonKey?: string;
  /**
   * With singletonKey: when the job holding the key is already running, it runs once more after
   * it ends (its run may have read what this enqueue is about before the caller commits it).
   */
  rerunIfRunning?: boolean;
}

/** A payload checked against the job's schema, bound to its handler. */
export type PreparedJob =
  | { ok: true; value: unknown; run: (ctx: JobContext) => Promise<unknown> }
  | { ok: false; field: string; message: string };

/** A definition with its payload type erased, as the worker and scheduler hold it. */
export interface RegisteredJob {
  name: string;
  maxAttempts: number;
  timeoutMs: number;
  prepare(payload: unknown): PreparedJob;
}

/** Inserts a validated job without waking the worker (the caller may still be in a transaction). */
export type InsertJob = (
  db: Db,
  name: string,
  payload: unknown,
  opts?: EnqueueOptions,
) => Promise<Job>;

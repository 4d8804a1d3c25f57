import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { isUniqueViolation } from "../db/sql-state.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { jobs, schedules } from "./jobs.schema.ts";
import type { Job, JobStatus, Schedule } from "./jobs.types.ts";

export interface JobFilter {
  /** A workspace, null for instance-wide jobs only, or absent for all. */
  workspaceId?: string | null;
  status?: JobStatus;
  name?: string;
  limit: number;
  /** Id of the last job of the previous page (keyset paging, newest first). */
  before?: string;
}

const MAX_PAGE = 500;
const FINISHED: JobStatus[] = ["succeeded", "failed", "cancelled"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const inWorkspace = (workspaceId: string | null | undefined) => {
  if (workspaceId === undefined) return undefined;
  return workspaceId === null ? isNull(jobs.workspaceId) : eq(jobs.workspaceId, workspaceId);
};

/** Explains why a job id matched no row: it does not exist (here), or it is in the wrong state. */
async function refuse(db: Db, id: string, workspaceId: string | null | undefined, rule: string) {
  const [job] = await db
    .select({ status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, id), inWorkspace(workspaceId)));
  return job ? conflict(`The job is ${job.status}; ${rule}`) : notFound("Job");
}

/** Reads and manual actions for the admin page; no handler or running worker needed. */
export function createJobAdmin({ clock }: { clock: () => Date }) {
  return {
    /** Newest first, with keyset paging on (created_at, id). */
    async list(db: Db, filter: JobFilter): Promise<Job[]> {
      const where: (SQL | undefined)[] = [inWorkspace(filter.workspaceId)];
      if (filter.status) where.push(eq(jobs.status, filter.status));
      if (filter.name) where.push(eq(jobs.name, filter.name));
      if (filter.before !== undefined) {
        if (!UUID.test(filter.before)) throw invalid("before", "is not a job id");
        where.push(
          sql`(${jobs.createdAt}, ${jobs.id}) < (select p.created_at, p.id from jobs p where p.id = ${filter.before})`,
        );
      }
      return db
        .select()
        .from(jobs)
        .where(and(...where))
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(Math.min(Math.max(filter.limit, 1), MAX_PAGE));
    },

    /** Runs a failed or cancelled job again from its first attempt; pass workspaceId to scope. */
    async retry(db: Db, id: string, workspaceId?: string | null): Promise<Job> {
      if (!UUID.test(id)) throw notFound("Job");
      try {
        const [job] = await db
          .update(jobs)
          .set({
            status: "queued",
            attempts: 0,
            runAt: clock(),
            lockedBy: null,
            lockedAt: null,
            result: null,
            finishedAt: null,
          })
          .where(
            and(
              eq(jobs.id, id),
              inArray(jobs.status, ["failed", "cancelled"]),
              inWorkspace(workspaceId),
            ),
          )
          .returning();
        if (job) return job;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw conflict("Another job with the same singleton key is queued or running");
      }
      throw await refuse(db, id, workspaceId, "only failed or cancelled jobs can be retried");
    },

    /** Cancels a job that has not started; a running job finishes or times out instead. */
    async cancel(db: Db, id: string, workspaceId?: string | null): Promise<Job> {
      if (!UUID.test(id)) throw notFound("Job");
      const [job] = await db
        .update(jobs)
        .set({ status: "cancelled", finishedAt: clock() })
        .where(and(eq(jobs.id, id), eq(jobs.status, "queued"), inWorkspace(workspaceId)))
        .returning();
      if (job) return job;
      throw await refuse(db, id, workspaceId, "only queued jobs can be cancelled");
    },

    /** All schedules, or those of one workspace (null: instance-wide only), by key. */
    async listSchedules(db: Db, workspaceId?: string | null): Promise<Schedule[]> {
      const scope =
        workspaceId === undefined
          ? undefined
          : workspaceId === null
            ? isNull(schedules.workspaceId)
            : eq(schedules.workspaceId, workspaceId);
      return db.select().from(schedules).where(scope).orderBy(asc(schedules.key));
    },

    /** Deletes finished jobs older than the cut-off; returns how many. */
    async prune(db: Db, olderThan: Date): Promise<number> {
      const rows = await db
        .delete(jobs)
        .where(and(inArray(jobs.status, FINISHED), lt(jobs.finishedAt, olderThan)))
        .returning({ id: jobs.id });
      return rows.length;
    },
  };
}

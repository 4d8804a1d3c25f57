import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../db/database.ts";
import { invalid } from "../errors.ts";
import { nextCronRun } from "./cron.ts";
import { schedules } from "./jobs.schema.ts";
import type { InsertJob, RegisteredJob, Schedule } from "./jobs.types.ts";

/** Due schedules handled per tick; the rest wait for the next one. */
const BATCH = 100;

export interface ScheduleInput {
  /** Unique across the instance: include the workspace id in keys of per-workspace schedules. */
  key: string;
  cron: string;
  jobName: string;
  payload?: unknown;
  workspaceId?: string | null;
  /** IANA zone the cron fields are read in; UTC by default. */
  timezone?: string;
}

export interface SchedulerDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  registry: ReadonlyMap<string, RegisteredJob>;
  insertJob: InsertJob;
}

export type Scheduler = ReturnType<typeof createScheduler>;

/** Cron schedules stored in the database, fired by whichever instance locks them first. */
export function createScheduler({ db, log, clock, registry, insertJob }: SchedulerDeps) {
  return {
    /** Creates or updates a schedule by key; re-declaring the same cron at start-up keeps a due run. */
    async schedule(tx: Db, input: ScheduleInput): Promise<Schedule> {
      if (input.key.trim() === "") throw invalid("key", "is empty");
      const definition = registry.get(input.jobName);
      if (!definition) throw invalid("jobName", `no job named "${input.jobName}" is defined`);
      const prepared = definition.prepare(input.payload ?? {});
      if (!prepared.ok) throw invalid(prepared.field, prepared.message);
      const timezone = input.timezone ?? "UTC";
      const values = {
        key: input.key,
        cron: input.cron,
        timezone,
        jobName: input.jobName,
        payload: prepared.value,
        workspaceId: input.workspaceId ?? null,
        nextRunAt: nextCronRun(input.cron, timezone, clock()),
      };
      const [row] = await tx
        .insert(schedules)
        .values(values)
        .onConflictDoUpdate({
          target: schedules.key,
          set: {
            ...values,
            nextRunAt: sql`case when ${schedules.cron} = excluded.cron
              and ${schedules.timezone} = excluded.timezone
              then ${schedules.nextRunAt} else excluded.next_run_at end`,
          },
        })
        .returning();
      return row!;
    },

    /** Removes a schedule; jobs it already enqueued are left alone. */
    async unschedule(tx: Db, key: string): Promise<boolean> {
      const rows = await tx
        .delete(schedules)
        .where(eq(schedules.key, key))
        .returning({ id: schedules.id });
      return rows.length > 0;
    },

    /**
     * Enqueues one job per due schedule and moves it to its next time after now: runs missed
     * while every instance was down collapse into one catch-up run. Returns the jobs enqueued.
     */
    async runDue(): Promise<number> {
      const names = [...registry.keys()];
      if (names.length === 0) return 0;
      const now = clock();
      let count = 0;
      await db.transaction(async (tx) => {
        // Only schedules whose job this instance can validate; another version may know the rest.
        const due = await tx
          .select()
          .from(schedules)
          .where(
            and(
              eq(schedules.enabled, true),
              lte(schedules.nextRunAt, now),
              inArray(schedules.jobName, names),
            ),
          )
          .orderBy(asc(schedules.nextRunAt))
          .limit(BATCH)
          .for("update", { skipLocked: true });
        for (const schedule of due) {
          let nextRunAt: Date;
          try {
            nextRunAt = nextCronRun(schedule.cron, schedule.timezone, now);
          } catch (error) {
            log.error({ err: error, schedule: schedule.key }, "schedule disabled: bad cron");
            await tx.update(schedules).set({ enabled: false }).where(eq(schedules.id, schedule.id));
            continue;
          }
          try {
            // A savepoint, so one bad payload does not roll back the other schedules.
            await tx.transaction((sp) =>
              insertJob(sp, schedule.jobName, schedule.payload, {
                workspaceId: schedule.workspaceId,
                singletonKey: `schedule:${schedule.key}`,
              }),
            );
            count++;
          } catch (error) {
            log.error({ err: error, schedule: schedule.key }, "scheduled job not enqueued");
          }
          await tx
            .update(schedules)
            .set({ nextRunAt, lastRunAt: now })
            .where(eq(schedules.id, schedule.id));
        }
      });
      return count;
    },
  };
}

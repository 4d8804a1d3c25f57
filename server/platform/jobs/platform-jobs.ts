import { and, isNotNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { sessions } from "../auth/auth.schema.ts";
import type { Db } from "../db/database.ts";
import type { Services } from "../services.ts";

const DAY_MS = 86_400_000;
/** Finished jobs and dead sessions are kept this long for the admin pages, then removed. */
const KEEP_DAYS = 14;

/** Housekeeping jobs every instance knows how to run. */
export function registerPlatformJobs(db: Db, services: Services) {
  const { jobs } = services;
  jobs.define({
    name: "platform.pruneSessions",
    payload: z.object({}),
    handler: async () => {
      const cutoff = new Date(Date.now() - KEEP_DAYS * DAY_MS);
      const removed = await db
        .delete(sessions)
        .where(
          or(
            lt(sessions.expiresAt, cutoff),
            and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, cutoff)),
          ),
        )
        .returning({ id: sessions.id });
      return { removed: removed.length };
    },
  });
  jobs.define({
    name: "platform.pruneJobs",
    payload: z.object({}),
    handler: async () => ({
      removed: await jobs.prune(db, new Date(Date.now() - KEEP_DAYS * DAY_MS)),
    }),
  });
}

/** Declares the housekeeping schedules (idempotent: safe at every start of every instance). */
export async function schedulePlatformJobs(db: Db, services: Services) {
  await services.jobs.schedule(db, {
    key: "platform.pruneSessions",
    cron: "17 3 * * *",
    jobName: "platform.pruneSessions",
  });
  await services.jobs.schedule(db, {
    key: "platform.pruneJobs",
    cron: "27 3 * * *",
    jobName: "platform.pruneJobs",
  });
}

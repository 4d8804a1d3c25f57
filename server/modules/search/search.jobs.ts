import { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import type { Services } from "../../platform/services.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";
import { EMBEDDING_KINDS } from "./search.schema.ts";

const INDEX_JOB = "search.index";

/** Queues one workspace's incremental reindex, once however often it is asked for. */
export function enqueueIndex(db: Db, services: Services, workspaceId: string) {
  return services.jobs.enqueue(
    db,
    INDEX_JOB,
    { workspaceId },
    { workspaceId, singletonKey: `${INDEX_JOB}:${workspaceId}`, rerunIfRunning: true },
  );
}

/**
 * The index follows its sources: a sweep every few minutes queues each workspace's
 * incremental reindex (unchanged items cost a hash, not a model call), and a newly mined log
 * pattern queues its workspace at once.
 */
export function registerSearchJobs(db: Db, services: Services) {
  services.jobs.define({
    name: INDEX_JOB,
    payload: z.object({
      workspaceId: z.uuid(),
      kinds: z.array(z.enum(EMBEDDING_KINDS)).optional(),
    }),
    // Model calls of a large first index take minutes; the job resumes by hash if cut short.
    timeoutMs: 30 * 60_000,
    handler: (payload, ctx) =>
      services.search.reindex(db, payload.workspaceId, {
        kinds: payload.kinds,
        signal: ctx.signal,
      }),
  });
  services.jobs.define({
    name: "search.sweep",
    payload: z.object({}),
    handler: async () => {
      const all = await db.select({ id: workspaces.id }).from(workspaces);
      for (const w of all) await enqueueIndex(db, services, w.id);
      return { queued: all.length };
    },
  });
  services.domainEvents.on("logs.newPattern", async (tx, workspaceId) => {
    await enqueueIndex(tx, services, workspaceId);
  });
}

export async function scheduleSearchJobs(db: Db, services: Services) {
  await services.jobs.schedule(db, {
    key: "search.sweep",
    cron: "*/5 * * * *",
    jobName: "search.sweep",
  });
}

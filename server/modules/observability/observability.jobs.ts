import { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import type { Services } from "../../platform/services.ts";
import { reindexLogWords } from "./logs/log-reindex.ts";
import { enforceLogRetention } from "./logs/log-retention.ts";
import { ensureLogStorage } from "./logs/log-store.ts";
import { closeHours } from "./metrics/metric-hours.ts";
import { closeMinutes } from "./metrics/metric-minutes.ts";
import { enforceMetricRetention } from "./metrics/metric-retention.ts";
import { ensureMetricStorage } from "./metrics/metric-store.ts";
import { MINE_WORKSPACE_JOB, minePatternsOfAllWorkspaces } from "./patterns/store/pattern-job.ts";
import { mineWorkspacePatterns } from "./patterns/store/pattern-mining.ts";
import { registerScrapeJobs, scheduleScrapeJobs } from "./scrape/scrape.jobs.ts";

/**
 * Retention of logs and metrics: an hourly job any instance may run. Log lines stored before
 * 2026-11-28 get their words rewritten every minute until none is left (log-reindex.ts). Log patterns: mined every
 * minute; each batch holds its workspace's miner row lock, so overlapping runs are safe. Metric
 * minutes: closed into the minute roll-up every minute, and hours into the hourly roll-up once
 * an hour, each after its grace (closing takes the roll-up lock, so overlapping runs wait for
 * each other).
 */
export function registerObservabilityJobs(db: Db, services: Services) {
  services.jobs.define({
    name: "observability.logRetention",
    payload: z.object({}),
    handler: () => enforceLogRetention(db),
  });
  services.jobs.define({
    name: "observability.reindexLogWords",
    payload: z.object({}),
    handler: async () => {
      await ensureLogStorage(db);
      await reindexLogWords(db);
    },
  });
  services.jobs.define({
    name: "observability.metricRetention",
    payload: z.object({}),
    handler: () => enforceMetricRetention(db),
  });
  services.jobs.define({
    name: "observability.closeMetricHours",
    payload: z.object({}),
    handler: async () => {
      await ensureMetricStorage(db);
      await closeHours(db);
    },
  });
  services.jobs.define({
    name: "observability.closeMetricMinutes",
    payload: z.object({}),
    handler: async () => {
      await ensureMetricStorage(db);
      await closeMinutes(db);
    },
  });
  services.jobs.define({
    name: "observability.minePatterns",
    payload: z.object({}),
    timeoutMs: 10 * 60_000,
    handler: () => minePatternsOfAllWorkspaces(db, services.domainEvents),
  });
  // Asked for from the Patterns view: the whole backlog of one workspace, not the minute's share.
  services.jobs.define({
    name: MINE_WORKSPACE_JOB,
    payload: z.object({ workspaceId: z.uuid() }),
    timeoutMs: 10 * 60_000,
    handler: ({ workspaceId }) =>
      mineWorkspacePatterns(db, services.domainEvents, workspaceId, { maxBatches: 200 }),
  });
  registerScrapeJobs(db, services);
}

/**
 * Creates the partitioned log and sample tables at start-up (idempotent), so they exist before
 * the first request rather than appearing during one.
 */
export async function prepareObservabilityStorage(db: Db) {
  await ensureLogStorage(db);
  await ensureMetricStorage(db);
}

export async function scheduleObservabilityJobs(db: Db, services: Services) {
  await services.jobs.schedule(db, {
    key: "observability.logRetention",
    cron: "37 * * * *",
    jobName: "observability.logRetention",
  });
  // Lines stored before 2026-11-28 get the words search now uses (log-reindex.ts); a look at an
  // empty queue when there are none.
  await services.jobs.schedule(db, {
    key: "observability.reindexLogWords",
    cron: "* * * * *",
    jobName: "observability.reindexLogWords",
  });
  await services.jobs.schedule(db, {
    key: "observability.metricRetention",
    cron: "47 * * * *",
    jobName: "observability.metricRetention",
  });
  await services.jobs.schedule(db, {
    key: "observability.closeMetricHours",
    cron: "7 * * * *",
    jobName: "observability.closeMetricHours",
  });
  await services.jobs.schedule(db, {
    key: "observability.closeMetricMinutes",
    cron: "* * * * *",
    jobName: "observability.closeMetricMinutes",
  });
  await services.jobs.schedule(db, {
    key: "observability.minePatterns",
    cron: "* * * * *",
    jobName: "observability.minePatterns",
  });
  await scheduleScrapeJobs(db, services);
}

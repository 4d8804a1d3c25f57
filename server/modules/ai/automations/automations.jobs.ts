import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import type { Execute } from "../../../platform/operations/execute.ts";
import type { Services } from "../../../platform/services.ts";
import { LEVELS } from "../../observability/logs/log-line.ts";
import { automationOf, automationsTriggeredBy, FIRE_JOB } from "./automations.service.ts";
import type { Trigger } from "./automations.zod.ts";
import { advanceRun } from "./run-engine.ts";
import { enqueueRun, RUN_JOB, runOf, startRun, waitingRuns } from "./runs.service.ts";

const SWEEP_JOB = "automations.sweep";
const SEVERITY_RANK: Record<string, number> = { low: 0, medium: 1, high: 2 };
const ALERT_SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };
const levelRank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]);
/** Unattended agent prompts on a slow local model take a while. */
const RUN_TIMEOUT_MS = 30 * 60_000;

/**
 * The jobs that fire and advance automation runs, and the listeners that start runs when a
 * cost anomaly, budget threshold or new log pattern is recorded or an alert fires, and resume
 * them when a person decides.
 * Takes the registry's executor: every step runs through it.
 */
export function registerAutomationJobs(db: Db, services: Services, execute: Execute): void {
  const { jobs, domainEvents } = services;

  jobs.define({
    name: FIRE_JOB,
    payload: z.object({ automationId: z.uuid() }),
    handler: async ({ automationId }, ctx) => {
      if (!ctx.workspaceId) throw new Error("a scheduled automation needs its workspace");
      const automation = await automationOf(db, ctx.workspaceId, automationId);
      if (!automation.enabled || (automation.trigger as Trigger).kind !== "schedule")
        return { skipped: true };
      const run = await db.transaction((tx) =>
        startRun(tx as Db, jobs, automation, {
          kind: "schedule",
          payload: { firedAt: new Date().toISOString() },
        }),
      );
      return { runId: run?.id ?? null };
    },
  });

  jobs.define({
    name: RUN_JOB,
    payload: z.object({ runId: z.uuid() }),
    timeoutMs: RUN_TIMEOUT_MS,
    handler: async ({ runId }, ctx) =>
      advanceRun({ db, services, execute, log: ctx.log }, runId, ctx.jobId),
  });

  jobs.define({
    name: SWEEP_JOB,
    payload: z.object({}),
    handler: async () => {
      // Decisions are heard through approval.decided; this catches one that went unheard (a
      // decision while the run was still being advanced) and requests that expired.
      const runs = await waitingRuns(db);
      for (const run of runs) await enqueueRun(db, jobs, run);
      return { resumed: runs.length };
    },
  });

  domainEvents.on("approval.decided", async (tx, workspaceId, event) => {
    if (event.source !== "automation" || !event.sourceRef) return;
    const run = await runOf(tx, workspaceId, event.sourceRef).catch(() => undefined);
    if (run?.status === "waiting") await enqueueRun(tx, jobs, run);
  });

  domainEvents.on("cost.anomaly", async (tx, workspaceId, event) => {
    for (const automation of await automationsTriggeredBy(tx, workspaceId, "costAnomaly")) {
      const trigger = automation.trigger as Extract<Trigger, { kind: "costAnomaly" }>;
      const floor = SEVERITY_RANK[trigger.minSeverity] ?? 1;
      const anomalies = event.anomalies
        .filter((a) => (SEVERITY_RANK[a.severity] ?? 0) >= floor)
        .sort((a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0));
      if (anomalies.length === 0) continue;
      await startRun(tx, jobs, automation, {
        kind: "costAnomaly",
        payload: { anomalies, lead: anomalies[0] },
      });
    }
  });

  domainEvents.on("alert.firing", async (tx, workspaceId, event) => {
    for (const automation of await automationsTriggeredBy(tx, workspaceId, "alertFired")) {
      const trigger = automation.trigger as Extract<Trigger, { kind: "alertFired" }>;
      if (trigger.ruleId && trigger.ruleId !== event.ruleId) continue;
      const floor = ALERT_SEVERITY_RANK[trigger.minSeverity] ?? 1;
      if ((ALERT_SEVERITY_RANK[event.severity] ?? 0) < floor) continue;
      // One run per firing, however often the event is heard.
      await startRun(
        tx,
        jobs,
        automation,
        { kind: "alertFired", payload: { ...event } },
        { dedupeKey: `alert:${event.alertId}:${event.firedAt}` },
      );
    }
  });

  domainEvents.on("budget.threshold", async (tx, workspaceId, event) => {
    for (const automation of await automationsTriggeredBy(tx, workspaceId, "budgetThreshold")) {
      const trigger = automation.trigger as Extract<Trigger, { kind: "budgetThreshold" }>;
      if (trigger.budgetId && trigger.budgetId !== event.budgetId) continue;
      if (trigger.minPercent !== undefined && event.percent < trigger.minPercent) continue;
      await startRun(tx, jobs, automation, { kind: "budgetThreshold", payload: { ...event } });
    }
  });

  domainEvents.on("logs.newPattern", async (tx, workspaceId, event) => {
    for (const automation of await automationsTriggeredBy(tx, workspaceId, "newLogPattern")) {
      const trigger = automation.trigger as Extract<Trigger, { kind: "newLogPattern" }>;
      if (trigger.service && trigger.service !== event.service) continue;
      if (trigger.minLevel && levelRank(event.level) < levelRank(trigger.minLevel)) continue;
      await startRun(tx, jobs, automation, { kind: "newLogPattern", payload: { ...event } });
    }
  });
}

/** The hourly sweep of waiting runs (idempotent: safe at every start of every instance). */
export async function scheduleAutomationJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, { key: SWEEP_JOB, cron: "41 * * * *", jobName: SWEEP_JOB });
}

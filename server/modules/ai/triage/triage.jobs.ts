import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";
import { settingsRowOf } from "../settings/ai-settings.service.ts";
import { claimTriage, finish, writeTriageNote } from "./triage.service.ts";

export const TRIAGE_JOB = "ai.triage.incident";

const zFiring = z.object({
  alertId: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  ruleKind: z.string(),
  severity: z.string(),
  summary: z.string(),
  labels: z.record(z.string(), z.string()),
  // Jobs queued before alerts had annotations carry none.
  annotations: z.record(z.string(), z.string()).default({}),
  incidentId: z.string(),
  firedAt: z.string(),
});

/**
 * When an alert opens an incident, a job asks the workspace's model for a triage note. Without
 * a configured model nothing is queued (the incident page says how to get notes).
 */
export function registerTriageJobs(db: Db, services: Services) {
  services.jobs.define({
    name: TRIAGE_JOB,
    payload: z.object({ event: zFiring }),
    // A model that fails is recorded on the note; retrying would spend tokens again.
    maxAttempts: 1,
    timeoutMs: 3 * 60_000,
    handler: async ({ event }, ctx) => {
      if (!ctx.workspaceId) throw new Error("a triage belongs to a workspace");
      let status: string;
      try {
        status = await writeTriageNote(
          { db, models: services.agent, now: () => new Date() },
          ctx.workspaceId,
          event,
        );
      } catch (error) {
        // The note must not stay "pending" for ever: the page would wait on it.
        await finish(db, ctx.workspaceId, event.incidentId, {
          status: "failed",
          error:
            `The triage could not be written: ${error instanceof Error ? error.message : String(error)}`.slice(
              0,
              1000,
            ),
        });
        throw error;
      }
      services.events.publish(ctx.workspaceId, { type: "changed", operation: "incidents.triage" });
      return { status };
    },
  });

  services.domainEvents.on("alert.firing", async (tx, workspaceId, event) => {
    if (!(await settingsRowOf(tx, workspaceId))) return;
    if (!(await claimTriage(tx, workspaceId, event))) return;
    await services.jobs.enqueue(tx, TRIAGE_JOB, { event }, { workspaceId, maxAttempts: 1 });
  });
}

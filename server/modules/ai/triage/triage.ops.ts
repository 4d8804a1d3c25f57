import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { getIncident } from "../../observability/alerts/incidents.service.ts";
import { settingsRowOf } from "../settings/ai-settings.service.ts";
import { triageOf } from "./triage.service.ts";

export const incidentsTriage = defineOperation({
  name: "incidents.triage",
  summary: "The AI triage note of an incident: summary, likely cause, related changes, runbook",
  input: z.object({ id: zId.describe("The incident") }),
  output: z.object({
    modelConfigured: z.boolean(),
    note: z
      .object({
        status: z.enum(["pending", "done", "failed"]),
        summary: z.string().nullable(),
        likelyCause: z.string().nullable(),
        nextSteps: z.array(z.string()),
        relatedChanges: z.array(
          z.object({ at: z.string(), kind: z.string(), resource: z.string(), detail: z.string() }),
        ),
        runbook: z.object({ id: zId, title: z.string() }).nullable(),
        model: z.string().nullable(),
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        error: z.string().nullable(),
        updatedAt: zTimestamp,
      })
      .nullable()
      .describe("null: the incident opened while no model was configured"),
  }),
  permission: "alerts:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const workspaceId = workspaceOf(ctx);
    await getIncident(ctx.db, workspaceId, id);
    const row = await triageOf(ctx.db, workspaceId, id);
    return {
      modelConfigured: Boolean(await settingsRowOf(ctx.db, workspaceId)),
      note: row
        ? {
            status: row.status as "pending" | "done" | "failed",
            summary: row.summary,
            likelyCause: row.likelyCause,
            nextSteps: row.nextSteps,
            relatedChanges: row.relatedChanges,
            runbook:
              row.runbookPageId && row.runbookTitle
                ? { id: row.runbookPageId, title: row.runbookTitle }
                : null,
            model: row.model,
            inputTokens: row.inputTokens,
            outputTokens: row.outputTokens,
            error: row.error,
            updatedAt: row.updatedAt,
          }
        : null,
    };
  },
});

export const triageOperations = [incidentsTriage] as const;

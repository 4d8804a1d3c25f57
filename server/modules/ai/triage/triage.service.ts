import { and, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { ModelAccess } from "../assist/structured-call.ts";
import { callForStructuredAnswer } from "../assist/structured-call.ts";
import { type FiringEvent, gatherEvidence } from "./triage.evidence.ts";
import {
  evidenceMessage,
  TRIAGE_SYSTEM_PROMPT,
  TRIAGE_TOOL,
  zTriageAnswer,
} from "./triage.prompt.ts";
import { incidentTriage } from "./triage.schema.ts";

export type TriageRow = typeof incidentTriage.$inferSelect;

/** Claims the incident's one triage note; false when another firing already did. */
export async function claimTriage(db: Db, workspaceId: string, event: FiringEvent) {
  const [row] = await db
    .insert(incidentTriage)
    .values({
      workspaceId,
      incidentId: event.incidentId,
      alertId: event.alertId,
      status: "pending",
    })
    .onConflictDoNothing()
    .returning({ id: incidentTriage.id });
  return Boolean(row);
}

export async function triageOf(db: Db, workspaceId: string, incidentId: string) {
  const [row] = await db
    .select()
    .from(incidentTriage)
    .where(
      and(eq(incidentTriage.workspaceId, workspaceId), eq(incidentTriage.incidentId, incidentId)),
    );
  return row;
}

/** Records the outcome of the incident's triage (the note, or why there is none). */
export async function finish(
  db: Db,
  workspaceId: string,
  incidentId: string,
  values: Partial<TriageRow>,
) {
  await db
    .update(incidentTriage)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(eq(incidentTriage.workspaceId, workspaceId), eq(incidentTriage.incidentId, incidentId)),
    );
}

/**
 * Writes the triage note of an incident: gathers evidence read-only on the server, asks the
 * model for a note through one tool that changes nothing, validates it and stores it. Any
 * failure (no model, budget spent, an answer that is not a note) is stored as the reason.
 */
export async function writeTriageNote(
  deps: { db: Db; models: ModelAccess; now: () => Date },
  workspaceId: string,
  event: FiringEvent,
) {
  const { db } = deps;
  const evidence = await gatherEvidence(db, workspaceId, event);
  const runbook = {
    runbookPageId: evidence.runbook?.id ?? null,
    runbookTitle: evidence.runbook?.title ?? null,
    relatedChanges: evidence.changes,
  };
  try {
    const { HumanMessage, SystemMessage } = await import("@langchain/core/messages");
    const answer = await callForStructuredAnswer(
      { db, models: deps.models, now: deps.now() },
      {
        workspaceId,
        userId: null,
        tool: {
          name: TRIAGE_TOOL,
          description: "Stores the triage note shown on the incident page",
          schema: zTriageAnswer,
        },
        messages: [
          new SystemMessage(TRIAGE_SYSTEM_PROMPT),
          new HumanMessage(evidenceMessage(evidence)),
        ],
      },
    );
    const tokens = {
      model: `${answer.settings.provider}:${answer.settings.model}`,
      inputTokens: answer.usage.inputTokens,
      outputTokens: answer.usage.outputTokens,
    };
    const parsed = zTriageAnswer.safeParse(answer.args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason =
        answer.args === undefined
          ? `the model did not call ${TRIAGE_TOOL}`
          : `${issue?.path.join(".") || "(note)"}: ${issue?.message ?? "invalid"}`;
      await finish(db, workspaceId, event.incidentId, {
        ...runbook,
        ...tokens,
        status: "failed",
        error: `The model's answer was not a triage note (${reason}); nothing was stored from it.`,
      });
      return "failed" as const;
    }
    await finish(db, workspaceId, event.incidentId, {
      ...runbook,
      ...tokens,
      status: "done",
      summary: parsed.data.summary,
      likelyCause: parsed.data.likelyCause,
      nextSteps: parsed.data.nextSteps,
      error: null,
    });
    return "done" as const;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await finish(db, workspaceId, event.incidentId, {
      ...runbook,
      status: "failed",
      error: error.message,
    });
    return "failed" as const;
  }
}

import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import type { Services } from "../../../platform/services.ts";
import { automationRunSteps, automationRuns, type RunStatus } from "./automations.schema.ts";
import { type AutomationRow, currentPreapprovals } from "./automations.service.ts";
import type { Step } from "./automations.zod.ts";

export type RunRow = typeof automationRuns.$inferSelect;
export type RunStepRow = typeof automationRunSteps.$inferSelect;

/** The job that advances a run: from its start, and again after each approval decision. */
export const RUN_JOB = "automations.run";

/** What a run executes: frozen when it starts, so editing the automation changes no run. */
export interface RunDefinition {
  name: string;
  steps: Step[];
  /** Keys of the steps an admin pre-approved, as they stood when the run began. */
  preapproved: { stepKey: string; approvedByLabel: string }[];
}

export interface RunTrigger {
  kind: string;
  payload: Record<string, unknown>;
}

/**
 * Records a run and queues its job, in the caller's transaction: a trigger that rolls back
 * starts nothing. A webhook delivery passes its signature as dedupeKey; a replay returns null.
 */
export async function startRun(
  db: Db,
  jobs: Services["jobs"],
  automation: AutomationRow,
  trigger: RunTrigger,
  options: { dedupeKey?: string; withoutPreapprovals?: boolean } = {},
): Promise<RunRow | null> {
  const definition: RunDefinition = {
    name: automation.name,
    steps: automation.steps as Step[],
    preapproved: options.withoutPreapprovals
      ? []
      : currentPreapprovals(automation).map((p) => ({
          stepKey: p.stepKey,
          approvedByLabel: p.approvedByLabel,
        })),
  };
  const [run] = await db
    .insert(automationRuns)
    .values({
      workspaceId: automation.workspaceId,
      automationId: automation.id,
      trigger,
      definition,
      runAsUserId: automation.runAsUserId,
      status: "queued",
      dedupeKey: options.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!run) return null;
  await enqueueRun(db, jobs, run);
  return run;
}

export async function enqueueRun(
  db: Db,
  jobs: Services["jobs"],
  run: Pick<RunRow, "id" | "workspaceId">,
) {
  await jobs.enqueue(db, RUN_JOB, { runId: run.id }, { workspaceId: run.workspaceId });
}

export async function runOf(db: Db, workspaceId: string, id: string): Promise<RunRow> {
  const [row] = await db
    .select()
    .from(automationRuns)
    .where(and(eq(automationRuns.workspaceId, workspaceId), eq(automationRuns.id, id)));
  if (!row) throw notFound("Run");
  return row;
}

export async function stepsOf(db: Db, runId: string): Promise<RunStepRow[]> {
  return db
    .select()
    .from(automationRunSteps)
    .where(eq(automationRunSteps.runId, runId))
    .orderBy(asc(automationRunSteps.position));
}

export async function listRuns(
  db: Db,
  workspaceId: string,
  filter: { automationId?: string; status?: RunStatus; limit: number },
) {
  const conditions: (SQL | undefined)[] = [eq(automationRuns.workspaceId, workspaceId)];
  if (filter.automationId) conditions.push(eq(automationRuns.automationId, filter.automationId));
  if (filter.status) conditions.push(eq(automationRuns.status, filter.status));
  return db
    .select()
    .from(automationRuns)
    .where(and(...conditions))
    .orderBy(desc(automationRuns.createdAt), desc(automationRuns.id))
    .limit(filter.limit);
}

/** Runs waiting on an approval: re-checked by the sweep in case a decision went unheard. */
export async function waitingRuns(db: Db) {
  return db
    .select({ id: automationRuns.id, workspaceId: automationRuns.workspaceId })
    .from(automationRuns)
    .where(eq(automationRuns.status, "waiting"));
}

/** The run whose agent step waits, in the approvals inbox, on a change proposed in this thread. */
export async function runWaitingOnThread(db: Db, workspaceId: string, threadId: string) {
  const [step] = await db
    .select({ runId: automationRunSteps.runId })
    .from(automationRunSteps)
    .where(
      and(
        eq(automationRunSteps.workspaceId, workspaceId),
        eq(automationRunSteps.status, "waiting"),
        eq(automationRunSteps.kind, "agent"),
        sql`${automationRunSteps.output}->>'threadId' = ${threadId}`,
      ),
    )
    .limit(1);
  return step?.runId;
}

/**
 * Takes the run for this job: a queued or waiting run, or one this very job was advancing when
 * it was interrupted (its retry keeps the same job id). Another job's running run is not taken.
 */
export async function claimRun(db: Db, runId: string, jobId: string, now: Date) {
  const [row] = await db
    .update(automationRuns)
    .set({ status: "running", jobId })
    .where(
      and(
        eq(automationRuns.id, runId),
        or(
          inArray(automationRuns.status, ["queued", "waiting"]),
          and(eq(automationRuns.status, "running"), eq(automationRuns.jobId, jobId)),
        ),
      ),
    )
    .returning();
  if (!row) return undefined;
  const isFirstClaim = !row.startedAt;
  if (isFirstClaim) {
    await db.update(automationRuns).set({ startedAt: now }).where(eq(automationRuns.id, runId));
    row.startedAt = now;
  }
  return { run: row, isFirstClaim };
}

export async function findRun(db: Db, runId: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(automationRuns).where(eq(automationRuns.id, runId));
  return row;
}

export async function setRunStatus(
  db: Db,
  runId: string,
  status: RunStatus,
  fields: { error?: string | null; finishedAt?: Date | null } = {},
) {
  await db
    .update(automationRuns)
    .set({ status, ...fields })
    .where(eq(automationRuns.id, runId));
}

export async function insertStep(
  db: Db,
  run: RunRow,
  position: number,
  step: Step,
  fields: Partial<typeof automationRunSteps.$inferInsert>,
): Promise<RunStepRow> {
  const [row] = await db
    .insert(automationRunSteps)
    .values({
      workspaceId: run.workspaceId,
      runId: run.id,
      position,
      key: step.key,
      kind: step.kind,
      ...fields,
    })
    .returning();
  return row!;
}

export async function updateStep(
  db: Db,
  id: string,
  fields: Partial<typeof automationRunSteps.$inferInsert>,
) {
  await db.update(automationRunSteps).set(fields).where(eq(automationRunSteps.id, id));
}

export function viewOfRun(row: RunRow) {
  return {
    id: row.id,
    automationId: row.automationId,
    status: row.status,
    triggerKind: (row.trigger as RunTrigger).kind,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

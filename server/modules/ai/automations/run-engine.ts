// Advances an automation run step by step, as a job. Every operation runs through the
// registry as the person the automation acts as, so their current role is checked at each
// step and each call is audited as usual. A mutation stops the run at an approvals-inbox
// request unless an admin pre-approved that very step; the decision's event resumes it.

import type { Logger } from "pino";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller, Execute } from "../../../platform/operations/execute.ts";
import { summarizeInput } from "../../../platform/operations/redact.ts";
import type { Services } from "../../../platform/services.ts";
import { approvalOf, emailOf, viewOf } from "../approvals/approvals.service.ts";
import { resumeAgentPrompt } from "./agent-step.ts";
import type { StepStatus } from "./automations.schema.ts";
import { isTruthy } from "./expression.ts";
import {
  claimRun,
  findRun,
  insertStep,
  type RunDefinition,
  type RunRow,
  type RunStepRow,
  type RunTrigger,
  setRunStatus,
  stepsOf,
  updateStep,
} from "./runs.service.ts";
import { executeStep, type StepContext, type StepResult } from "./step-runners.ts";

export interface EngineDeps {
  db: Db;
  services: Pick<Services, "auth" | "audit" | "notifications" | "agent" | "workspaces">;
  execute: Execute;
  log: Logger;
  now?: () => Date;
}

/** A run found busy with another job: the job system retries this one a little later. */
export class RunBusy extends Error {}

const DONE: StepStatus[] = ["succeeded", "skipped"];
/** Outputs kept per step for later templates and the history page. */
const MAX_OUTPUT_CHARS = 200_000;

function storableOutput(output: unknown): unknown {
  const json = JSON.stringify(output ?? null);
  if (json.length <= MAX_OUTPUT_CHARS) return output ?? null;
  return { truncated: true, characters: json.length, preview: json.slice(0, 2_000) };
}

const messageOf = (error: unknown) =>
  error instanceof AppError
    ? error.message
    : error instanceof Error
      ? error.message
      : String(error);

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Calendar days (UTC) around the run's start, for inputs such as a cost query's period. */
export function datesAround(now: Date) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  // ISO weeks start on Monday: getUTCDay() is 0 on Sunday.
  const thisMonday = plusDays(today, -((today.getUTCDay() + 6) % 7));
  return {
    today: dayOf(today),
    yesterday: dayOf(plusDays(today, -1)),
    tomorrow: dayOf(plusDays(today, 1)),
    sevenDaysAgo: dayOf(plusDays(today, -7)),
    lastWeekStart: dayOf(plusDays(thisMonday, -7)),
    lastWeekEnd: dayOf(plusDays(thisMonday, -1)),
    monthStart: dayOf(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1))),
  };
}

/** What expressions and templates see: the trigger, earlier steps, the run, dates. */
function scopeOf(run: RunRow, definition: RunDefinition, rows: RunStepRow[]) {
  const trigger = run.trigger as RunTrigger;
  const steps: Record<string, { status: string; output: unknown }> = {};
  for (const row of rows) steps[row.key] = { status: row.status, output: row.output };
  return {
    trigger: { kind: trigger.kind, ...trigger.payload },
    steps,
    run: { id: run.id, startedAt: run.startedAt?.toISOString() ?? null },
    dates: datesAround(run.startedAt ?? new Date()),
    automation: { id: run.automationId, name: definition.name },
  };
}

/** Advances the run as far as it can go; returns its status afterwards. */
export async function advanceRun(deps: EngineDeps, runId: string, jobId: string) {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const claimed = await claimRun(db, runId, jobId, now());
  if (!claimed) {
    const row = await findRun(db, runId);
    if (row?.status === "running") throw new RunBusy("The run is being advanced by another job");
    return { status: row?.status ?? "missing" };
  }
  const { run, isFirstClaim } = claimed;
  const definition = run.definition as RunDefinition;
  const finish = async (status: "succeeded" | "failed" | "stopped", error: string | null) => {
    await setRunStatus(db, run.id, status, { error, finishedAt: now() });
    await auditRun(deps, run, definition, `automations.run.${status}`, error);
    if (status !== "succeeded") await tellRunAs(deps, run, definition, status, error);
    return { status };
  };

  if (!run.runAsUserId) return finish("failed", "The person this automation acts as was removed");
  const membership = await deps.services.auth.membershipOf(db, run.runAsUserId, run.workspaceId);
  if (!membership)
    return finish("failed", "The person this automation acts as is no longer a member");
  if (isFirstClaim) await auditRun(deps, run, definition, "automations.run.started", null);

  const email = await emailOf(db, run.runAsUserId);
  const caller: Caller = {
    actor: {
      type: "user",
      userId: run.runAsUserId,
      sessionId: `automation-run:${run.id}`,
      label: `Automation “${definition.name}” as ${email}`.slice(0, 300),
    },
    workspaceId: run.workspaceId,
  };

  const rows = await stepsOf(db, run.id);
  for (const [position, step] of definition.steps.entries()) {
    let row = rows.find((r) => r.position === position);
    if (row && DONE.includes(row.status)) continue;
    if (row?.status === "running") {
      await updateStep(db, row.id, {
        status: "failed",
        error: "Interrupted by a restart while running; it may or may not have finished",
        finishedAt: now(),
      });
      return finish("failed", `Step “${step.key}” was interrupted`);
    }
    const isResumed = row?.status === "waiting";
    if (!row || !isResumed) {
      row = await insertStep(db, run, position, step, { status: "running", startedAt: now() });
      rows.push(row);
    }
    const context: StepContext = {
      db,
      run,
      step,
      definition,
      caller,
      membership,
      scope: scopeOf(run, definition, rows),
      execute: deps.execute,
      services: deps.services,
      log,
    };
    let result: StepResult;
    try {
      if (!isResumed) result = await executeStep(context);
      else if (step.kind === "agent") result = await resumeAgentPrompt(context, row);
      else result = await outcomeOfApproval(db, run, row);
    } catch (error) {
      if (!(error instanceof AppError))
        log.error({ err: error, runId, step: step.key }, "automation step failed");
      result = { status: "failed", error: messageOf(error) };
    }
    const fields = {
      status: result.status,
      ...("input" in result ? { input: summarizeInput(result.input) ?? null } : {}),
      ...("output" in result ? { output: storableOutput(result.output) } : {}),
      error: "error" in result ? (result.error ?? null) : null,
      ...(result.status === "waiting" ? { approvalId: result.approvalId } : { finishedAt: now() }),
    };
    await updateStep(db, row.id, fields);
    Object.assign(row, fields);
    if (result.status === "waiting") {
      await setRunStatus(db, run.id, "waiting");
      return { status: "waiting" as const };
    }
    if (result.status === "failed") return finish("failed", `Step “${step.key}”: ${result.error}`);
    if (result.status === "denied") return finish("stopped", `Step “${step.key}”: ${result.error}`);
    if (step.kind === "condition" && !isTruthy((result.output as { value?: unknown }).value)) {
      for (const [rest, later] of definition.steps.entries())
        if (rest > position)
          await insertStep(db, run, rest, later, {
            status: "skipped",
            error: `Condition “${step.key}” was false`,
            finishedAt: now(),
          });
      return finish("succeeded", null);
    }
  }
  return finish("succeeded", null);
}

/** The decision on a waiting step's request, once made; "waiting" while it is not. */
async function outcomeOfApproval(db: Db, run: RunRow, row: RunStepRow): Promise<StepResult> {
  if (!row.approvalId) return { status: "failed", error: "The approval request is missing" };
  const approval = viewOf(await approvalOf(db, run.workspaceId, row.approvalId));
  switch (approval.status) {
    case "pending":
    case "approved":
      return { status: "waiting", approvalId: row.approvalId };
    case "executed":
      return { status: "succeeded", output: approval.result };
    case "failed":
      return { status: "failed", error: approval.error?.message ?? "The approved call failed" };
    case "denied":
      return {
        status: "denied",
        error: `Denied${approval.reason ? `: ${approval.reason}` : ""}; nothing was changed`,
      };
    case "expired":
      return { status: "denied", error: "Nobody decided within 7 days; the request expired" };
  }
}

async function auditRun(
  deps: EngineDeps,
  run: RunRow,
  definition: RunDefinition,
  action: string,
  error: string | null,
) {
  await deps.services.audit.record(deps.db, {
    workspaceId: run.workspaceId,
    actorType: "system",
    actorUserId: run.runAsUserId,
    actorTokenId: null,
    actorLabel: `Automation “${definition.name}”`.slice(0, 300),
    action,
    outcome: error ? "failed" : "ok",
    inputSummary: summarizeInput({
      runId: run.id,
      trigger: (run.trigger as RunTrigger).kind,
      error,
    }),
    targetId: run.id,
    ip: null,
    userAgent: null,
  });
}

/** The person the automation acts as hears when a run fails or stops. */
async function tellRunAs(
  deps: EngineDeps,
  run: RunRow,
  definition: RunDefinition,
  status: string,
  error: string | null,
) {
  if (!run.runAsUserId) return;
  await deps.services.notifications.notify(deps.db, {
    workspaceId: run.workspaceId,
    userIds: [run.runAsUserId],
    kind: "automation.run",
    title: `Automation “${definition.name}” ${status}`,
    body: error ?? "",
    link: `/automations/${run.automationId}/runs/${run.id}`,
    data: { runId: run.id, automationId: run.automationId, status },
  });
}

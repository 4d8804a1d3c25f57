import { createHash } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { canonicalJson } from "../../../platform/canonical-json.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import { generateWebhookSecret } from "../../../platform/http/outbound.ts";
import { nextCronRun } from "../../../platform/jobs/cron.ts";
import type { Services } from "../../../platform/services.ts";
import { emailOf } from "../approvals/approvals.service.ts";
import { automationRuns, automations } from "./automations.schema.ts";
import type { Step, Trigger } from "./automations.zod.ts";
import { checkTemplate, compileExpression } from "./expression.ts";

export type AutomationRow = typeof automations.$inferSelect;

export interface StoredPreapproval {
  stepKey: string;
  operation: string;
  fingerprint: string;
  approvedBy: string | null;
  approvedByLabel: string;
  approvedAt: string;
}

/** The job that fires a schedule trigger; its schedule key is per automation. */
export const FIRE_JOB = "automations.fire";
export const scheduleKeyOf = (automationId: string) => `automation:${automationId}`;
export const webhookPathOf = (automationId: string) => `/hooks/automations/${automationId}`;
const secretNameOf = (automationId: string) => `automation-webhook-${automationId}`;

/**
 * What a pre-approval is bound to: the whole definition (trigger and every step), not just the
 * step. An earlier step's output can feed the approved step's input, so editing anything that
 * runs makes the admin look again.
 */
export function fingerprintOf(row: Pick<AutomationRow, "trigger" | "steps">, stepKey: string) {
  return createHash("sha256")
    .update(canonicalJson({ trigger: row.trigger, steps: row.steps, stepKey }))
    .digest("hex");
}

/** The pre-approvals that still match the definition as it stands. */
export function currentPreapprovals(
  row: Pick<AutomationRow, "trigger" | "steps" | "preapprovals">,
) {
  return (row.preapprovals as StoredPreapproval[]).filter(
    (p) => fingerprintOf(row, p.stepKey) === p.fingerprint,
  );
}

/** Operations a step may run: the tool catalog's (never identity, tokens, secrets or approvals). */
export async function stepOperation(name: string) {
  // Loaded on use: the catalog reads the registry, which lists this module's operations.
  const { allOperationTools } = await import("../tools/catalog.ts");
  return allOperationTools().find((tool) => tool.operation.name === name)?.operation;
}

/** Refuses a definition that could never run, naming the field. */
export async function checkDefinition(trigger: Trigger, steps: Step[]): Promise<void> {
  if (trigger.kind === "schedule") {
    try {
      nextCronRun(trigger.cron, trigger.timezone, new Date());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw invalid("trigger.cron", message.replace(/^(cron|timezone): /, ""));
    }
  }
  const seen = new Set<string>();
  for (const [i, step] of steps.entries()) {
    const field = `steps.${i}`;
    if (seen.has(step.key)) throw invalid(`${field}.key`, `"${step.key}" is used by another step`);
    seen.add(step.key);
    if ("when" in step && step.when) compileExpression(step.when, `${field}.when`);
    if (step.kind === "condition") compileExpression(step.expression, `${field}.expression`);
    if (step.kind === "operation") {
      if (!(await stepOperation(step.operation)))
        throw invalid(
          `${field}.operation`,
          `${step.operation} is not an operation automations may run`,
        );
      checkTemplate(step.input, `${field}.input`);
    }
    if (step.kind === "agent") checkTemplate(step.prompt, `${field}.prompt`);
    if (step.kind === "notify") {
      checkTemplate(step.title, `${field}.title`);
      checkTemplate(step.body, `${field}.body`);
    }
  }
}

export async function automationOf(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(automations)
    .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)));
  if (!row) throw notFound("Automation");
  return row;
}

export async function listAutomations(db: Db, workspaceId: string) {
  return db
    .select()
    .from(automations)
    .where(eq(automations.workspaceId, workspaceId))
    .orderBy(automations.name, automations.id);
}

/** Enabled automations of a workspace with this trigger kind. */
export async function automationsTriggeredBy(db: Db, workspaceId: string, kind: string) {
  return db
    .select()
    .from(automations)
    .where(
      and(
        eq(automations.workspaceId, workspaceId),
        eq(automations.enabled, true),
        sql`${automations.trigger}->>'kind' = ${kind}`,
      ),
    );
}

/** The latest run of each automation, for the list. */
export async function lastRunsOf(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, typeof automationRuns.$inferSelect>();
  const rows = await db
    .selectDistinctOn([automationRuns.automationId])
    .from(automationRuns)
    .where(
      and(eq(automationRuns.workspaceId, workspaceId), inArray(automationRuns.automationId, ids)),
    )
    .orderBy(automationRuns.automationId, desc(automationRuns.createdAt));
  return new Map(rows.map((r) => [r.automationId, r]));
}

/** The automation as shown: pre-approvals marked stale when their step changed since. */
export async function viewOfAutomation(
  db: Db,
  row: AutomationRow,
  lastRun?: typeof automationRuns.$inferSelect,
) {
  const current = new Set(currentPreapprovals(row).map((p) => p.stepKey));
  const trigger = row.trigger as Trigger;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    trigger,
    steps: row.steps as Step[],
    preapprovals: (row.preapprovals as StoredPreapproval[]).map((p) => ({
      stepKey: p.stepKey,
      operation: p.operation,
      approvedBy: p.approvedBy,
      approvedByLabel: p.approvedByLabel,
      approvedAt: p.approvedAt,
      isCurrent: current.has(p.stepKey),
    })),
    webhookUrl: trigger.kind === "webhook" ? webhookPathOf(row.id) : null,
    runAsUserId: row.runAsUserId,
    runAsLabel: row.runAsUserId ? await emailOf(db, row.runAsUserId) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastRun: lastRun
      ? { id: lastRun.id, status: lastRun.status, createdAt: lastRun.createdAt }
      : null,
  };
}

type Deps = Pick<Services, "jobs" | "secrets">;

/**
 * Keeps the side effects of a definition in step with it: the cron schedule of a schedule
 * trigger, the signing secret of a webhook trigger. Returns a secret made now (shown once).
 */
export async function syncTriggerResources(
  db: Db,
  deps: Deps,
  row: AutomationRow,
): Promise<string | null> {
  const trigger = row.trigger as Trigger;
  if (row.enabled && trigger.kind === "schedule") {
    await deps.jobs.schedule(db, {
      key: scheduleKeyOf(row.id),
      cron: trigger.cron,
      timezone: trigger.timezone,
      jobName: FIRE_JOB,
      payload: { automationId: row.id },
      workspaceId: row.workspaceId,
    });
  } else {
    await deps.jobs.unschedule(db, scheduleKeyOf(row.id));
  }
  if (trigger.kind === "webhook" && !row.webhookSecretName)
    return rotateWebhookSecret(db, deps, row);
  if (trigger.kind !== "webhook" && row.webhookSecretName) await dropWebhookSecret(db, deps, row);
  return null;
}

/** A new signing secret in the vault; the old one stops working at once. */
export async function rotateWebhookSecret(db: Db, deps: Deps, row: AutomationRow) {
  const secret = generateWebhookSecret("gpw_");
  const name = secretNameOf(row.id);
  await deps.secrets.set(db, row.workspaceId, {
    name,
    value: secret,
    description: `Signs webhook calls of the automation “${row.name}”`.slice(0, 300),
  });
  await db
    .update(automations)
    .set({ webhookSecretName: name })
    .where(and(eq(automations.workspaceId, row.workspaceId), eq(automations.id, row.id)));
  return secret;
}

export async function dropWebhookSecret(db: Db, deps: Deps, row: AutomationRow) {
  if (!row.webhookSecretName) return;
  const stored = (await deps.secrets.list(db, row.workspaceId)).find(
    (s) => s.name === row.webhookSecretName,
  );
  if (stored) await deps.secrets.remove(db, row.workspaceId, stored.id);
  await db
    .update(automations)
    .set({ webhookSecretName: null })
    .where(and(eq(automations.workspaceId, row.workspaceId), eq(automations.id, row.id)));
}

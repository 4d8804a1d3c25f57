import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { alertRules, alertSilences, alerts } from "./alerts.schema.ts";
import { destinationOperations } from "./destinations.ops.ts";
import { closeRuleAlerts } from "./engine.ts";
import { requestEvaluation } from "./evaluation-request.ts";
import { EVALUATORS, RULE_KINDS } from "./evaluators.ts";
import { checkedFields, getRule, historyOf, listAlerts, type Rule } from "./rules.service.ts";
import { silenceOpenAlerts } from "./silences.ts";

const SEVERITIES = ["info", "warning", "critical"] as const;
const STATES = ["pending", "firing", "resolved"] as const;
/** High enough that every open alert of a bad day is listed, not only the newest few hundred. */
const LIST_MAX = 5000;

const zRule = z.object({
  id: zId,
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  params: z.record(z.string(), z.unknown()),
  forSeconds: z.number(),
  severity: z.enum(SEVERITIES),
  isEnabled: z.boolean(),
  notifyInApp: z.boolean(),
  destinationIds: z.array(zId),
  createdAt: zTimestamp,
});
const ruleView = (r: Rule) => ({
  ...r,
  kind: r.kind as (typeof RULE_KINDS)[number],
  severity: r.severity as (typeof SEVERITIES)[number],
  params: r.params as Record<string, unknown>,
});

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Depends on kind, see alerts.kinds"),
  forSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(0)
    .describe("How long a condition holds before it fires"),
  severity: z.enum(SEVERITIES).default("warning"),
  isEnabled: z.boolean().default(true),
  notifyInApp: z.boolean().default(true),
  destinationIds: z.array(zId).max(20).default([]),
};

const touched = async (ctx: OperationContext, operation: string) => {
  ctx.services.events.publish(workspaceOf(ctx), { type: "changed", operation });
  await requestEvaluation(ctx.services, ctx.db, workspaceOf(ctx));
};

export const alertKinds = defineOperation({
  name: "alerts.kinds",
  summary: "The kinds of alert rule and the JSON schema of their params",
  input: z.object({}),
  output: z.array(z.object({ kind: z.string(), title: z.string(), params: z.unknown() })),
  permission: "alerts:read",
  mutates: false,
  handler: async () =>
    EVALUATORS.map((e) => ({
      kind: e.kind,
      title: e.title,
      params: z.toJSONSchema(e.params, { io: "input" }),
    })),
});

export const rulesList = defineOperation({
  name: "alerts.rules.list",
  summary: "Alert rules of the workspace",
  input: z.object({}),
  output: z.array(zRule),
  permission: "alerts:read",
  mutates: false,
  handler: async (_input, ctx) =>
    (
      await ctx.db
        .select()
        .from(alertRules)
        .where(eq(alertRules.workspaceId, workspaceOf(ctx)))
        .orderBy(alertRules.name)
    ).map(ruleView),
});

export const rulesCreate = defineOperation({
  name: "alerts.rules.create",
  summary: "Add an alert rule (health check failing, cost anomaly detected)",
  input: z.strictObject({ ...ruleFields, kind: z.enum(RULE_KINDS) }),
  output: zRule,
  permission: "alerts:manage",
  mutates: true,
  example: {
    name: "Site down",
    kind: "health_check_failing",
    params: { checkIds: [] },
    forSeconds: 60,
  },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const fields = await checkedFields(ctx.db, workspaceId, input);
    const [row] = await ctx.db
      .insert(alertRules)
      .values({ workspaceId, ...fields })
      .returning();
    ctx.audit.targetId = row!.id;
    await touched(ctx, "alerts.rules.create");
    return ruleView(row!);
  },
});

export const rulesUpdate = defineOperation({
  name: "alerts.rules.update",
  summary: "Change an alert rule (its kind stays)",
  input: z.strictObject({
    id: zId,
    name: ruleFields.name.optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    forSeconds: z.number().int().min(0).max(86_400).optional(),
    severity: z.enum(SEVERITIES).optional(),
    isEnabled: z.boolean().optional(),
    notifyInApp: z.boolean().optional(),
    destinationIds: z.array(zId).max(20).optional(),
  }),
  output: zRule,
  permission: "alerts:manage",
  mutates: true,
  handler: async ({ id, ...changes }, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const current = await getRule(ctx.db, workspaceId, id);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const fields = await checkedFields(ctx.db, workspaceId, { ...current, ...defined });
    const [row] = await ctx.db
      .update(alertRules)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.id, id)))
      .returning();
    if (current.isEnabled && !row!.isEnabled)
      await closeRuleAlerts(ctx.db, ctx.services, row!, "The rule was turned off");
    ctx.audit.targetId = id;
    await touched(ctx, "alerts.rules.update");
    return ruleView(row!);
  },
});

export const rulesDelete = defineOperation({
  name: "alerts.rules.delete",
  summary: "Delete an alert rule and its alerts' history",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "alerts:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    // Firing alerts resolve first, so their incidents' timelines say so (and close when none is
    // left); the alerts then go with the rule.
    const rule = await getRule(ctx.db, workspaceOf(ctx), id);
    await closeRuleAlerts(ctx.db, ctx.services, rule, "The rule was deleted");
    const rows = await ctx.db
      .delete(alertRules)
      .where(and(eq(alertRules.workspaceId, workspaceOf(ctx)), eq(alertRules.id, id)))
      .returning({ id: alertRules.id });
    if (rows.length === 0) throw notFound("Alert rule");
    ctx.audit.targetId = id;
    ctx.services.events.publish(workspaceOf(ctx), {
      type: "changed",
      operation: "alerts.rules.delete",
    });
    return { ok: true as const };
  },
});

const zAlert = z.object({
  id: zId,
  ruleId: zId,
  ruleName: z.string(),
  severity: z.enum(SEVERITIES),
  key: z.string(),
  state: z.enum(STATES),
  labels: z.record(z.string(), z.string()),
  annotations: z
    .record(z.string(), z.string())
    .describe("What was measured (value, count, expected, score); silences match labels only"),
  summary: z.string(),
  activeSince: zTimestamp,
  firedAt: zTimestamp.nullable(),
  resolvedAt: zTimestamp.nullable(),
  isSilenced: z.boolean(),
  incidentId: zId.nullable(),
});
type AlertRow = Awaited<ReturnType<typeof listAlerts>>[number];
const alertView = ({ alert, ruleName, severity }: AlertRow) => ({
  ...alert,
  ruleName,
  severity: severity as (typeof SEVERITIES)[number],
  state: alert.state as (typeof STATES)[number],
});

export const alertsList = defineOperation({
  name: "alerts.list",
  summary: "Alerts, newest first: pending and firing now, or resolved history",
  input: z.object({
    state: z
      .enum([...STATES, "open"])
      .optional()
      .describe("open: pending and firing (list them apart from the resolved history)"),
    incidentId: zId.optional().describe("Only the alerts grouped into this incident"),
    limit: z.coerce.number().int().min(1).max(LIST_MAX).default(100),
  }),
  output: z.array(zAlert),
  permission: "alerts:read",
  mutates: false,
  handler: async (input, ctx) => (await listAlerts(ctx.db, workspaceOf(ctx), input)).map(alertView),
});

export const alertsHistory = defineOperation({
  name: "alerts.history",
  summary: "The state changes of one alert",
  input: z.object({ id: zId }),
  output: z.array(z.object({ at: zTimestamp, state: z.string(), note: z.string().nullable() })),
  permission: "alerts:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const [alert] = await ctx.db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.workspaceId, workspaceOf(ctx)), eq(alerts.id, id)));
    if (!alert) throw notFound("Alert");
    return historyOf(ctx.db, workspaceOf(ctx), id);
  },
});

const zMatcher = z.strictObject({
  label: z.string().trim().min(1).max(100),
  value: z.string().max(300),
  isEqual: z.boolean().default(true).describe("false: the label must differ from value"),
});
const zSilence = z.object({
  id: zId,
  matchers: z.array(z.object({ label: z.string(), value: z.string(), isEqual: z.boolean() })),
  startsAt: zTimestamp,
  endsAt: zTimestamp,
  comment: z.string(),
  createdAt: zTimestamp,
});

export const silencesList = defineOperation({
  name: "alerts.silences.list",
  summary: "Silences, latest ending first",
  input: z.object({}),
  output: z.array(zSilence),
  permission: "alerts:read",
  mutates: false,
  handler: async (_input, ctx) =>
    ctx.db
      .select()
      .from(alertSilences)
      .where(eq(alertSilences.workspaceId, workspaceOf(ctx)))
      .orderBy(desc(alertSilences.endsAt)),
});

export const silencesCreate = defineOperation({
  name: "alerts.silences.create",
  summary: "Mute notifications of alerts whose labels match, for a time window",
  input: z.strictObject({
    matchers: z.array(zMatcher).min(1).max(20),
    startsAt: z.iso.datetime().optional().describe("Default: now"),
    endsAt: z.iso.datetime(),
    comment: z.string().trim().min(1).max(500),
    replaces: zId
      .optional()
      .describe("A silence this one takes over from, which ends now (how a silence is edited)"),
  }),
  output: zSilence,
  permission: "alerts:manage",
  mutates: true,
  handler: async (input, ctx) => {
    // Edited as Alertmanager does: the old one ends, so the record shows what was muted when.
    if (input.replaces) await endSilence(ctx.db, workspaceOf(ctx), input.replaces, new Date());
    const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw invalid("endsAt", "must be after startsAt");
    const [row] = await ctx.db
      .insert(alertSilences)
      .values({
        workspaceId: workspaceOf(ctx),
        matchers: input.matchers,
        startsAt,
        endsAt,
        comment: input.comment,
        createdBy: userOf(ctx) ?? null,
      })
      .returning();
    if (startsAt <= new Date()) await silenceOpenAlerts(ctx.db, workspaceOf(ctx), input.matchers);
    // Later starts and ends are followed by every evaluation (engine.ts followSilences).
    await requestEvaluation(ctx.services, ctx.db, workspaceOf(ctx));
    ctx.audit.targetId = row!.id;
    return row!;
  },
});

export const silencesExpire = defineOperation({
  name: "alerts.silences.expire",
  summary: "End a silence now",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "alerts:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    ctx.audit.targetId = id;
    await endSilence(ctx.db, workspaceOf(ctx), id, new Date());
    // The alerts it covered are let go, and those still firing announced, by an evaluation.
    await requestEvaluation(ctx.services, ctx.db, workspaceOf(ctx));
    return { ok: true as const };
  },
});

/**
 * Ends a silence at `now`. One that has ended keeps its end (the record of what was muted
 * when); one that has not started ends where it would have begun, never before.
 */
async function endSilence(db: Db, workspaceId: string, id: string, now: Date): Promise<void> {
  const [silence] = await db
    .select()
    .from(alertSilences)
    .where(and(eq(alertSilences.workspaceId, workspaceId), eq(alertSilences.id, id)));
  if (!silence) throw notFound("Silence");
  if (silence.endsAt <= now) return;
  const endsAt = silence.startsAt > now ? silence.startsAt : now;
  await db.update(alertSilences).set({ endsAt }).where(eq(alertSilences.id, id));
}

export const alertOperations = [
  alertKinds,
  rulesList,
  rulesCreate,
  rulesUpdate,
  rulesDelete,
  alertsList,
  alertsHistory,
  silencesList,
  silencesCreate,
  silencesExpire,
  ...destinationOperations,
] as const;

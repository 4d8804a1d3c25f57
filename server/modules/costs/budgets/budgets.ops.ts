import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { maskWebhookUrl } from "../../../platform/http/outbound.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { fireCrossedNow } from "./budget-alerts.ts";
import { burnDown, measureBudget } from "./budget-status.ts";
import { EVALUATE_BUDGETS } from "./budgets.jobs.ts";
import {
  type Budget,
  type BudgetService,
  createBudgetService,
  scopeOf,
} from "./budgets.service.ts";
import { zBudget, zBudgetAlert, zBudgetFields, zBudgetStatus, zBurnDown } from "./budgets.zod.ts";
import { dayOf } from "./periods.ts";

const serviceOf = (ctx: OperationContext) => createBudgetService({ secrets: ctx.services.secrets });
const todayOf = () => dayOf(new Date());

/** The stored row as the API shows it: never the vault name of its secret. */
function viewOf(row: Budget) {
  const scope = scopeOf(row);
  return {
    id: row.id,
    name: row.name,
    period: scope.period,
    amount: row.amount,
    currency: row.currency,
    metric: scope.metric as z.infer<typeof zBudget>["metric"],
    filters: scope.filters,
    thresholds: scope.thresholds,
    webhookUrl: maskWebhookUrl(row.webhookUrl),
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Spend, forecast and thresholds of the current period, with the alerts already fired. */
async function statusOf(db: Db, service: BudgetService, row: Budget, today: string) {
  const measured = await measureBudget(db, scopeOf(row), today);
  const alerts = await service.alertsOf(db, row.workspaceId, row.id);
  const { crossed, ...status } = measured.status;
  const thresholds = scopeOf(row).thresholds.map((t) => {
    const same = (x: { percent: number | string; basis: string }) =>
      Number(x.percent) === t.percent && x.basis === t.basis;
    const alert = alerts.find((a) => a.periodStart === status.periodStart && same(a));
    return {
      ...t,
      crossed: crossed.some(same),
      firedAt: alert?.firedAt ?? null,
      webhookStatus: alert?.webhookStatus ?? null,
    };
  });
  return { measured, alerts, status: { ...status, thresholds } };
}

/**
 * A new or changed budget is measured at once: thresholds it already crossed fire now (alert
 * and notification in this operation's transaction, audited with it), not at the next hourly
 * run; their webhooks go out with the budgets job, queued here.
 */
async function evaluateNow(ctx: OperationContext, budget: Budget) {
  const { webhookPending } = await fireCrossedNow(
    ctx.db,
    { notifications: ctx.services.notifications, domainEvents: ctx.services.domainEvents },
    budget,
    todayOf(),
  );
  if (!webhookPending) return;
  const workspaceId = budget.workspaceId;
  await ctx.services.jobs.enqueue(
    ctx.db,
    EVALUATE_BUDGETS,
    { workspaceId },
    // A run already under way may have passed this budget before the alert existed.
    { workspaceId, singletonKey: `${EVALUATE_BUDGETS}:${workspaceId}`, rerunIfRunning: true },
  );
}

export const budgetsList = defineOperation({
  name: "budgets.list",
  summary: "Budgets with their current period: spend to date, forecast, thresholds crossed",
  input: z.object({}),
  output: z.array(zBudget.extend({ status: zBudgetStatus })),
  permission: "costs:read",
  mutates: false,
  handler: async (_input, ctx) => {
    const service = serviceOf(ctx);
    const today = todayOf();
    const rows = await service.list(ctx.db, workspaceOf(ctx));
    const out = [];
    for (const row of rows) {
      const { status } = await statusOf(ctx.db, service, row, today);
      out.push({ ...viewOf(row), status });
    }
    return out;
  },
});

export const budgetsGet = defineOperation({
  name: "budgets.get",
  summary: "One budget with its current period and a daily burn-down: actual, pace, forecast",
  input: z.object({ id: zId }),
  output: zBudget.extend({
    status: zBudgetStatus,
    burnDown: zBurnDown,
    alerts: z.array(zBudgetAlert).describe("Thresholds fired, newest first"),
  }),
  permission: "costs:read",
  mutates: false,
  handler: async (input, ctx) => {
    const service = serviceOf(ctx);
    const row = await service.get(ctx.db, workspaceOf(ctx), input.id);
    const { measured, alerts, status } = await statusOf(ctx.db, service, row, todayOf());
    return {
      ...viewOf(row),
      status,
      burnDown: await burnDown(ctx.db, scopeOf(row), measured),
      alerts: alerts.map((a) => ({
        id: a.id,
        periodStart: a.periodStart,
        percent: Number(a.percent),
        basis: a.basis as "actual" | "forecast",
        spend: a.spend,
        webhookStatus: a.webhookStatus as "pending" | "delivered" | "failed" | "none",
        webhookError: a.webhookError,
        firedAt: a.firedAt,
      })),
    };
  },
});

const zSecretOnce = z
  .string()
  .nullable()
  .describe("The webhook signing secret: only in this response, never again. Store it now.");

export const budgetsCreate = defineOperation({
  name: "budgets.create",
  summary: "Create a budget; with a webhookUrl, its signing secret is returned once",
  input: z.strictObject({
    ...zBudgetFields,
    metric: zBudgetFields.metric.default("BilledCost"),
    filters: zBudgetFields.filters.default({}),
    webhookUrl: zBudgetFields.webhookUrl.optional(),
  }),
  output: zBudget.extend({ webhookSecret: zSecretOnce }),
  permission: "costs:manage",
  mutates: true,
  example: {
    name: "AWS production",
    period: "monthly",
    amount: "1500",
    currency: "USD",
    filters: { tags: { env: ["prod"] } },
    thresholds: [
      { percent: 80, basis: "actual" },
      { percent: 100, basis: "forecast" },
    ],
  },
  handler: async (input, ctx) => {
    const { budget, webhookSecret } = await serviceOf(ctx).create(ctx.db, {
      workspaceId: workspaceOf(ctx),
      createdBy: userOf(ctx) ?? null,
      fields: input,
    });
    ctx.audit.targetId = budget.id;
    await evaluateNow(ctx, budget);
    return { ...viewOf(budget), webhookSecret };
  },
});

export const budgetsUpdate = defineOperation({
  name: "budgets.update",
  summary: "Change a budget; a newly set webhook (or a rotation) returns its new secret once",
  description:
    "Changing the amount, period, currency, metric or filters lets this period's thresholds fire again.",
  input: z.strictObject({
    id: zId,
    name: zBudgetFields.name.optional(),
    period: zBudgetFields.period.optional(),
    amount: zBudgetFields.amount.optional(),
    currency: zBudgetFields.currency.optional(),
    metric: zBudgetFields.metric.optional(),
    filters: zBudgetFields.filters.optional(),
    thresholds: zBudgetFields.thresholds.optional(),
    webhookUrl: zBudgetFields.webhookUrl.nullable().optional().describe("null removes it"),
    enabled: z.boolean().optional(),
    rotateWebhookSecret: z.literal(true).optional(),
  }),
  output: zBudget.extend({ webhookSecret: zSecretOnce }),
  permission: "costs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const { id, rotateWebhookSecret, ...patch } = input;
    ctx.audit.targetId = id;
    const { budget, webhookSecret } = await serviceOf(ctx).update(ctx.db, {
      workspaceId: workspaceOf(ctx),
      id,
      today: todayOf(),
      patch,
      rotateWebhookSecret,
    });
    await evaluateNow(ctx, budget);
    return { ...viewOf(budget), webhookSecret };
  },
});

export const budgetsDelete = defineOperation({
  name: "budgets.delete",
  summary: "Delete a budget, its alerts and its webhook secret",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "costs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await serviceOf(ctx).remove(ctx.db, workspaceOf(ctx), input.id);
    return { ok: true as const };
  },
});

/** The budgets operations. */
export const budgetOperations = [
  budgetsList,
  budgetsGet,
  budgetsCreate,
  budgetsUpdate,
  budgetsDelete,
] as const;

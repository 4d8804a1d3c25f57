import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { and, asc, desc, eq, gte } from "drizzle-orm";
import { canonicalJson } from "../../../platform/canonical-json.ts";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import { generateWebhookSecret } from "../../../platform/http/outbound.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import type { Filters, Metric } from "../explorer/query.ts";
import type { BudgetScope, Threshold } from "./budget-status.ts";
import { budgetAlerts, budgets } from "./budgets.schema.ts";
import { type BudgetPeriod, periodOf } from "./periods.ts";

export type Budget = typeof budgets.$inferSelect;
export type BudgetAlert = typeof budgetAlerts.$inferSelect;

/** A recognisable prefix, so a leaked signing secret is easy to spot and to search for. */

export interface BudgetFields {
  name: string;
  period: BudgetPeriod;
  amount: string;
  currency: string;
  metric: Metric;
  filters: Filters;
  thresholds: Threshold[];
  webhookUrl?: string | null;
  enabled?: boolean;
}

/** What the budget measures, typed from its stored row. */
export function scopeOf(row: Budget): BudgetScope {
  return {
    workspaceId: row.workspaceId,
    period: row.period as BudgetPeriod,
    amount: row.amount,
    currency: row.currency,
    metric: row.metric as Metric,
    filters: row.filters as Filters,
    thresholds: row.thresholds as Threshold[],
  };
}

const secretNameOf = (budgetId: string) => `budget-webhook:${budgetId}`;

function isSame(field: (typeof MEASURE_FIELDS)[number], before: Budget, after: unknown): boolean {
  if (field === "amount") return new Decimal(before.amount).eq(after as string);
  return canonicalJson(before[field]) === canonicalJson(after);
}
/** Changing these changes what the thresholds mean: the current period's alerts may fire again. */
const MEASURE_FIELDS = ["period", "amount", "currency", "metric", "filters"] as const;

export type BudgetService = ReturnType<typeof createBudgetService>;

/** Budgets of a workspace; their webhook signing secrets live in the vault. */
export function createBudgetService(deps: {
  secrets: Pick<SecretsService, "set" | "removeNamed">;
}) {
  async function issueSecret(db: Db, budget: { id: string; workspaceId: string; name: string }) {
    const value = generateWebhookSecret();
    const name = secretNameOf(budget.id);
    await deps.secrets.set(db, budget.workspaceId, {
      name,
      value,
      description: `Signs the webhooks of budget “${budget.name}”`,
    });
    return { name, value };
  }

  async function dropSecret(db: Db, workspaceId: string, name: string | null) {
    if (name) await deps.secrets.removeNamed(db, workspaceId, name);
  }

  async function get(db: Db, workspaceId: string, id: string): Promise<Budget> {
    const [row] = await db
      .select()
      .from(budgets)
      .where(and(eq(budgets.workspaceId, workspaceId), eq(budgets.id, id)));
    if (!row) throw notFound("Budget");
    return row;
  }

  return {
    get,

    /** Every budget of the workspace, by name. */
    async list(db: Db, workspaceId: string): Promise<Budget[]> {
      return db
        .select()
        .from(budgets)
        .where(eq(budgets.workspaceId, workspaceId))
        .orderBy(asc(budgets.name), asc(budgets.id));
    },

    /** Creates a budget; with a webhook, also its signing secret, returned this once only. */
    async create(
      db: Db,
      input: { workspaceId: string; createdBy: string | null; fields: BudgetFields },
    ): Promise<{ budget: Budget; webhookSecret: string | null }> {
      const id = randomUUID();
      const { fields, workspaceId } = input;
      const secret = fields.webhookUrl
        ? await issueSecret(db, { id, workspaceId, name: fields.name })
        : undefined;
      const [budget] = await db
        .insert(budgets)
        .values({
          ...fields,
          id,
          workspaceId,
          webhookUrl: fields.webhookUrl ?? null,
          webhookSecretName: secret?.name ?? null,
          createdBy: input.createdBy,
        })
        .returning();
      return { budget: budget!, webhookSecret: secret?.value ?? null };
    },

    /**
     * Changes a budget. Setting a first webhook (or asking to rotate) issues a new secret,
     * returned this once; removing the webhook removes its secret from the vault.
     */
    async update(
      db: Db,
      input: {
        workspaceId: string;
        id: string;
        today: string;
        patch: Partial<BudgetFields>;
        rotateWebhookSecret?: boolean;
      },
    ): Promise<{ budget: Budget; webhookSecret: string | null }> {
      const before = await get(db, input.workspaceId, input.id);
      const { patch } = input;
      const webhookUrl = patch.webhookUrl === undefined ? before.webhookUrl : patch.webhookUrl;
      let secretName = before.webhookSecretName;
      let secret: string | null = null;
      if (!webhookUrl) {
        await dropSecret(db, input.workspaceId, secretName);
        secretName = null;
      } else if (!secretName || input.rotateWebhookSecret) {
        const issued = await issueSecret(db, { ...before, name: patch.name ?? before.name });
        secretName = issued.name;
        secret = issued.value;
      }
      const [budget] = await db
        .update(budgets)
        .set({ ...patch, webhookUrl, webhookSecretName: secretName, updatedAt: new Date() })
        .where(and(eq(budgets.workspaceId, input.workspaceId), eq(budgets.id, input.id)))
        .returning();
      const remeasured = MEASURE_FIELDS.some(
        (field) => patch[field] !== undefined && !isSame(field, before, patch[field]),
      );
      if (remeasured) {
        const { start } = periodOf(budget!.period as BudgetPeriod, input.today);
        await db
          .delete(budgetAlerts)
          .where(and(eq(budgetAlerts.budgetId, input.id), gte(budgetAlerts.periodStart, start)));
      }
      return { budget: budget!, webhookSecret: secret };
    },

    /** Deletes a budget, its alerts and its webhook secret. */
    async remove(db: Db, workspaceId: string, id: string): Promise<void> {
      const budget = await get(db, workspaceId, id);
      await dropSecret(db, workspaceId, budget.webhookSecretName);
      await db.delete(budgets).where(and(eq(budgets.workspaceId, workspaceId), eq(budgets.id, id)));
    },

    /** The budget's alerts, newest first. */
    async alertsOf(db: Db, workspaceId: string, budgetId: string, limit = 50) {
      return db
        .select()
        .from(budgetAlerts)
        .where(and(eq(budgetAlerts.workspaceId, workspaceId), eq(budgetAlerts.budgetId, budgetId)))
        .orderBy(desc(budgetAlerts.firedAt))
        .limit(limit);
    },
  };
}

import Decimal from "decimal.js";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../../../platform/db/database.ts";
import type { DomainEvents } from "../../../platform/events/domain-events.ts";
import { type OutboundHttp, webhookHeaders } from "../../../platform/http/outbound.ts";
import type { NotificationService } from "../../../platform/notifications/notifications.service.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import { addDays } from "../analysis/daily-series.ts";
import { type BudgetStatus, measureBudget, type Threshold } from "./budget-status.ts";
import { budgetAlerts, budgets } from "./budgets.schema.ts";
import { type Budget, type BudgetAlert, scopeOf } from "./budgets.service.ts";

export interface EvaluationDeps {
  notifications: Pick<NotificationService, "notify">;
  secrets: Pick<SecretsService, "reveal">;
  outbound: OutboundHttp;
  log: Logger;
  /** Tells automations about each newly fired threshold, in the same transaction. */
  domainEvents?: Pick<DomainEvents, "emit">;
}

export interface EvaluationResult {
  budgets: number;
  fired: number;
  delivered: number;
  failed: number;
  errors: number;
}

const WEBHOOK_TIMEOUT_MS = 10_000;
/** What a receiver may answer; anything longer is a failed delivery. */
const WEBHOOK_MAX_RESPONSE = 64 * 1024;
const MAX_ERROR = 500;

const money = (currency: string, value: Decimal.Value) =>
  `${currency} ${new Decimal(value).toDecimalPlaces(2).toFixed(2)}`;

const PERIOD_WORD: Record<string, string> = {
  monthly: "month",
  quarterly: "quarter",
  annual: "year",
};

function messageOf(budget: Budget, threshold: Threshold, status: BudgetStatus) {
  const spent = money(budget.currency, status.actual);
  const of = money(budget.currency, budget.amount);
  const title =
    threshold.basis === "actual"
      ? `Budget “${budget.name}” reached ${threshold.percent}%`
      : `Budget “${budget.name}” is forecast to reach ${threshold.percent}%`;
  const body =
    threshold.basis === "actual"
      ? `${spent} of ${of} spent this ${PERIOD_WORD[budget.period] ?? "period"} (${status.percentUsed}%).`
      : `Forecast ${money(budget.currency, status.forecast)} of ${of} by ${addDays(status.periodEnd, -1)} (${status.forecastPercent}%); ${spent} spent so far.`;
  return { title, body };
}

/** The webhook body: built from stored rows only, so a retry sends the same event. */
export function webhookPayload(budget: Budget, alert: BudgetAlert) {
  return {
    type: "budget.threshold",
    id: alert.id,
    firedAt: alert.firedAt.toISOString(),
    workspaceId: budget.workspaceId,
    budget: {
      id: budget.id,
      name: budget.name,
      period: budget.period,
      amount: budget.amount,
      currency: budget.currency,
      metric: budget.metric,
    },
    threshold: { percent: Number(alert.percent), basis: alert.basis },
    periodStart: alert.periodStart,
    spend: alert.spend,
  };
}

/** Fires each newly crossed threshold once: an alert row and a notification, together. */
export async function fireCrossed(
  db: Db,
  deps: Pick<EvaluationDeps, "notifications" | "domainEvents">,
  budget: Budget,
  status: BudgetStatus,
) {
  let fired = 0;
  for (const crossed of status.crossed) {
    const threshold = { percent: crossed.percent, basis: crossed.basis };
    await db.transaction(async (tx) => {
      const [alert] = await tx
        .insert(budgetAlerts)
        .values({
          workspaceId: budget.workspaceId,
          budgetId: budget.id,
          periodStart: status.periodStart,
          percent: String(crossed.percent),
          basis: crossed.basis,
          spend: crossed.spend,
          webhookStatus: budget.webhookUrl ? "pending" : "none",
        })
        // The unique index on (budget, period, percent, basis) makes firing exactly-once.
        .onConflictDoNothing()
        .returning();
      if (!alert) return;
      fired++;
      await deps.notifications.notify(tx as Db, {
        workspaceId: budget.workspaceId,
        kind: "budget.threshold",
        ...messageOf(budget, threshold, status),
        link: `/costs/budgets/${budget.id}`,
        data: { budgetId: budget.id, alertId: alert.id, ...threshold, spend: crossed.spend },
      });
      await deps.domainEvents?.emit(tx as Db, budget.workspaceId, "budget.threshold", {
        budgetId: budget.id,
        budgetName: budget.name,
        alertId: alert.id,
        percent: crossed.percent,
        basis: crossed.basis,
        spend: crossed.spend,
        amount: budget.amount,
        currency: budget.currency,
        periodStart: status.periodStart,
      });
    });
  }
  return fired;
}

/**
 * Fires the thresholds one budget has already crossed, right after it is created or changed,
 * so a budget born over its 50 % does not wait for the hourly run to say so. The same
 * exactly-once insert as the hourly run: whichever comes first fires, the other finds it done.
 * Returns whether a fired alert waits for its webhook (delivered by the queued job, not here:
 * a receiver may take 10 s).
 */
export async function fireCrossedNow(
  db: Db,
  deps: Pick<EvaluationDeps, "notifications" | "domainEvents">,
  budget: Budget,
  today: string,
): Promise<{ fired: number; webhookPending: boolean }> {
  if (!budget.enabled) return { fired: 0, webhookPending: false };
  const { status } = await measureBudget(db, scopeOf(budget), today);
  const fired = await fireCrossed(db, deps, budget, status);
  return { fired, webhookPending: fired > 0 && budget.webhookUrl !== null };
}

/** Sends the period's undelivered alerts; a failure is recorded and tried again next run. */
async function deliverPending(db: Db, deps: EvaluationDeps, budget: Budget, periodStart: string) {
  const result = { delivered: 0, failed: 0 };
  if (!budget.webhookUrl || !budget.webhookSecretName) return result;
  const pending = await db
    .select()
    .from(budgetAlerts)
    .where(
      and(
        eq(budgetAlerts.budgetId, budget.id),
        eq(budgetAlerts.periodStart, periodStart),
        inArray(budgetAlerts.webhookStatus, ["pending", "failed"]),
      ),
    )
    .orderBy(asc(budgetAlerts.firedAt));
  for (const alert of pending) {
    let error: string | null = null;
    try {
      const secret = await deps.secrets.reveal(db, budget.workspaceId, budget.webhookSecretName);
      const body = JSON.stringify(webhookPayload(budget, alert));
      const response = await deps.outbound.request(budget.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-glasspane-event": "budget.threshold",
          "x-glasspane-delivery": alert.id,
          ...webhookHeaders(secret, body),
        },
        body,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        maxResponseBytes: WEBHOOK_MAX_RESPONSE,
      });
      if (response.status < 200 || response.status >= 300)
        error = `The receiver answered HTTP ${response.status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    await db
      .update(budgetAlerts)
      .set({
        webhookStatus: error ? "failed" : "delivered",
        webhookError: error?.slice(0, MAX_ERROR) ?? null,
      })
      .where(eq(budgetAlerts.id, alert.id));
    if (error) result.failed++;
    else result.delivered++;
  }
  return result;
}

/**
 * Evaluates every enabled budget (of one workspace, or all): fires newly crossed thresholds
 * and delivers their webhooks. One budget's failure is logged and does not stop the others.
 */
export async function evaluateBudgets(
  db: Db,
  deps: EvaluationDeps,
  options: { workspaceId?: string; today: string },
): Promise<EvaluationResult> {
  const rows = await db
    .select()
    .from(budgets)
    .where(
      and(
        eq(budgets.enabled, true),
        options.workspaceId ? eq(budgets.workspaceId, options.workspaceId) : undefined,
      ),
    )
    .orderBy(asc(budgets.workspaceId), asc(budgets.id));
  const result: EvaluationResult = {
    budgets: rows.length,
    fired: 0,
    delivered: 0,
    failed: 0,
    errors: 0,
  };
  for (const budget of rows) {
    try {
      const { status } = await measureBudget(db, scopeOf(budget), options.today);
      result.fired += await fireCrossed(db, deps, budget, status);
      const sent = await deliverPending(db, deps, budget, status.periodStart);
      result.delivered += sent.delivered;
      result.failed += sent.failed;
    } catch (error) {
      result.errors++;
      deps.log.error({ err: error, budgetId: budget.id }, "budget evaluation failed");
    }
  }
  return result;
}

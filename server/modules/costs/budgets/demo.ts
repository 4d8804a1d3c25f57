import type { Db } from "../../../platform/db/database.ts";
import type { NotificationService } from "../../../platform/notifications/notifications.service.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import type { DemoSeeder } from "../../demo/demo.service.ts";
import { type EvaluationDeps, fireCrossed } from "./budget-alerts.ts";
import { measureBudget } from "./budget-status.ts";
import { type BudgetFields, createBudgetService, scopeOf } from "./budgets.service.ts";
import { dayOf } from "./periods.ts";

/**
 * Budgets over the demo cost ledger (costs/demo.ts, so it runs after that seeder): the agency's
 * monthly total, one client and one project. Acme costs about USD 70 a day, more than USD 1,900
 * in any month, so its forecast threshold has fired whatever the day. Thresholds fire as the
 * scheduled evaluation fires them (alert row and in-app notification); none has a webhook, so
 * nothing is sent anywhere.
 */
const BUDGETS: BudgetFields[] = [
  {
    name: "Agency monthly",
    period: "monthly",
    amount: "5000",
    currency: "USD",
    metric: "BilledCost",
    filters: {},
    thresholds: [
      { percent: 50, basis: "actual" },
      { percent: 90, basis: "actual" },
      { percent: 100, basis: "forecast" },
    ],
  },
  {
    name: "Acme storefront (client)",
    period: "monthly",
    amount: "1900",
    currency: "USD",
    metric: "BilledCost",
    filters: { tags: { client: ["acme"] } },
    thresholds: [
      { percent: 80, basis: "actual" },
      { percent: 100, basis: "forecast" },
    ],
  },
  {
    name: "Globex data pipeline (project)",
    period: "monthly",
    amount: "750",
    currency: "USD",
    metric: "BilledCost",
    filters: { tags: { project: ["data-pipeline"] } },
    thresholds: [
      { percent: 90, basis: "actual" },
      { percent: 100, basis: "forecast" },
    ],
  },
];

/** The budgets seeder; crossed thresholds notify the workspace as evaluation would. */
export function createBudgetsDemoSeeder(deps: {
  secrets: Pick<SecretsService, "set" | "removeNamed">;
  notifications: Pick<NotificationService, "notify">;
  domainEvents?: EvaluationDeps["domainEvents"];
}): DemoSeeder {
  const service = createBudgetService({ secrets: deps.secrets });
  return async (db: Db, ctx) => {
    const today = dayOf(new Date());
    for (const fields of BUDGETS) {
      const { budget } = await service.create(db, {
        workspaceId: ctx.workspaceId,
        createdBy: ctx.ownerUserId,
        fields,
      });
      const { status } = await measureBudget(db, scopeOf(budget), today);
      await fireCrossed(db, deps, budget, status);
    }
  };
}

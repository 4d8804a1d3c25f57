import {
  boolean,
  date,
  index,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/**
 * A spending limit over a scope of the ledger (explorer filters: provider, account, service,
 * tags…) per month, quarter or year, with thresholds on actual and forecast spend.
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** monthly | quarterly | annual */
    period: text("period").notNull(),
    amount: numeric("amount").notNull(),
    currency: text("currency").notNull(),
    /** BilledCost | EffectiveCost */
    metric: text("metric").notNull(),
    /** The explorer's filters: { ServiceName: [...], tags: { client: [...] } }. */
    filters: jsonb("filters").notNull(),
    /** [{ percent: 80, basis: "actual" | "forecast" }] */
    thresholds: jsonb("thresholds").notNull(),
    /** Optional signed webhook; its signing secret lives in the vault under webhookSecretName. */
    webhookUrl: text("webhook_url"),
    webhookSecretName: text("webhook_secret_name"),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId)],
);

/** A threshold crossed in one budget period: fires once, however often budgets are evaluated. */
export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    budgetId: uuid("budget_id")
      .notNull()
      .references(() => budgets.id, { onDelete: "cascade" }),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    percent: numeric("percent").notNull(),
    basis: text("basis").notNull(),
    /** Actual or forecast spend when it fired. */
    spend: numeric("spend").notNull(),
    /** pending | delivered | failed | none (no webhook) */
    webhookStatus: text("webhook_status").notNull(),
    webhookError: text("webhook_error"),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.budgetId, t.periodStart, t.percent, t.basis),
    index().on(t.workspaceId, t.firedAt),
  ],
);

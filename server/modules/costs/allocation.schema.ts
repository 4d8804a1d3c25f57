import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";

/**
 * Maps costs to whoever pays for them: a rule matches ledger lines (by tag, account, resource,
 * service…) and gives a share of them to a client or project. Rules are applied in priority
 * order; a line takes the first rule that matches; what no rule matches is "unallocated".
 */
export const costAllocationRules = pgTable(
  "cost_allocation_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Lower runs first. */
    priority: integer("priority").notNull(),
    /** The explorer's filter shape: { BillingAccountId: [...], tags: { client: ["acme"] } }. */
    match: jsonb("match").notNull(),
    /** [{ kind: "client" | "project", key: string, percent: "60" }]: shares adding up to 100. */
    targets: jsonb("targets").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.priority)],
);

export type AllocationShare = { kind: "client" | "project"; key: string; percent: string };

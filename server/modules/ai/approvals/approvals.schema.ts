import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiTokens, users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

export const APPROVAL_SOURCES = ["mcp", "automation", "agent", "toolsource", "api"] as const;
export type ApprovalSource = (typeof APPROVAL_SOURCES)[number];
export const APPROVAL_STATUSES = ["pending", "approved", "denied", "executed", "failed"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * Operation calls asked for by something that is not a person at the keyboard (an MCP client,
 * the agent, an automation) and held until a person decides. The row keeps the exact
 * operation and input that will run, who asked, who decided and what came of it.
 */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    source: text("source").$type<ApprovalSource>().notNull(),
    /** What asked, within its source: a token id, an agent thread, an automation run. */
    sourceRef: text("source_ref"),
    /** The person the request acts for; the operation runs with their role at decision time. */
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "cascade" }),
    /** The API token that asked, if one did: it must still be valid when the call runs. */
    requestedByToken: uuid("requested_by_token").references(() => apiTokens.id, {
      onDelete: "set null",
    }),
    requesterLabel: text("requester_label").notNull(),
    operation: text("operation").notNull(),
    /**
     * The exact input that will run. Once decided it is replaced by its redacted summary: the
     * full input is kept only as long as it may still be executed.
     */
    input: jsonb("input").notNull(),
    /** Why the caller wants it (free text from the agent or automation), shown to deciders. */
    note: text("note"),
    status: text("status").$type<ApprovalStatus>().notNull().default("pending"),
    /** True when a standing grant approved it without asking anyone. */
    autoApproved: boolean("auto_approved").notNull().default(false),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
    result: jsonb("result"),
    error: jsonb("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index().on(t.workspaceId, t.status, t.createdAt),
    index().on(t.workspaceId, t.requestedBy),
  ],
);

/**
 * Standing decisions by an admin about an API token used as an MCP client: with autoApprove,
 * its mutating tool calls run at once (still recorded as approvals and audited). Kept apart
 * from api_tokens so the auth schema stays the foundation's.
 */
export const mcpTokenGrants = pgTable(
  "mcp_token_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    tokenId: uuid("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    autoApprove: boolean("auto_approve").notNull(),
    grantedBy: uuid("granted_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex().on(t.tokenId)],
);

import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/** A health check: what to probe, how often, and where it stands now. */
export const healthChecks = pgTable(
  "health_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** http | tcp | dns */
    kind: text("kind").notNull(),
    /** A URL (http), host:port (tcp) or a host name (dns). */
    target: text("target").notNull(),
    /** Kind-specific settings (expected status, keyword, record type…), see checks.zod.ts. */
    settings: jsonb("settings").notNull(),
    /** Groups the check's alerts into incidents with other alerts of the same service. */
    service: text("service"),
    intervalSeconds: integer("interval_seconds").notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    /** Extra attempts within one run before the run counts as failed. */
    retries: integer("retries").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    /** unknown | up | down */
    status: text("status").notNull().default("unknown"),
    statusSince: timestamp("status_since", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    /** When the next run is due; a run claims it by moving it forward (compare-and-set). */
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.name), index().on(t.isEnabled, t.nextRunAt)],
);

/**
 * One row per run, kept 35 days (the 24-hour figures and the history read them). Errors are
 * stored only for failed runs, so a healthy run costs a timestamp, a flag and two small ints.
 */
export const healthResults = pgTable(
  "health_results",
  {
    checkId: uuid("check_id")
      .notNull()
      .references(() => healthChecks.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    isUp: boolean("is_up").notNull(),
    latencyMs: integer("latency_ms"),
    /** HTTP status, when there was one. */
    statusCode: smallint("status_code"),
    error: text("error"),
    /** Days left on the TLS certificate (HTTPS). */
    certificateDays: smallint("certificate_days"),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.at] }), index().on(t.workspaceId, t.at)],
);

/** Per check and UTC day: kept for good, so 90-day bars and 30/90-day uptime stay cheap. */
export const healthDaily = pgTable(
  "health_daily",
  {
    checkId: uuid("check_id")
      .notNull()
      .references(() => healthChecks.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    upCount: integer("up_count").notNull(),
    totalCount: integer("total_count").notNull(),
    latencySumMs: bigint("latency_sum_ms", { mode: "number" }).notNull(),
    latencyCount: integer("latency_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.day] })],
);

/** Per workspace: the network policy for checks and the public status page. */
export const healthSettings = pgTable(
  "health_settings",
  {
    workspaceId: uuid("workspace_id")
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Loopback and private ranges may be probed (an admin's decision; metadata never). */
    allowPrivateTargets: boolean("allow_private_targets").notNull().default(false),
    statusPageEnabled: boolean("status_page_enabled").notNull().default(false),
    /** The page lives at /status/<slug>. */
    statusPageSlug: text("status_page_slug"),
    statusPageTitle: text("status_page_title"),
    /** Check ids shown as components, in order. */
    statusPageCheckIds: jsonb("status_page_check_ids").$type<string[]>().notNull().default([]),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.statusPageSlug)],
);

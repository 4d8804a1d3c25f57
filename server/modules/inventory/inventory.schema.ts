import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";

/**
 * A cloud account (or API token) Glass Pane discovers resources in. The credentials themselves
 * are a vault secret named by `secretName`; this row keeps only their method and a masked hint.
 */
export const connectors = pgTable(
  "connectors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    name: text("name").notNull(),
    /** Regions to scan; empty: every region the account has enabled. */
    regions: jsonb("regions").$type<string[]>().notNull().default([]),
    endpoint: text("endpoint"),
    secretName: text("secret_name").notNull(),
    credentialsMethod: text("credentials_method").notNull(),
    credentialsHint: text("credentials_hint").notNull(),
    /** The provider's account id, learnt from the last successful test or scan. */
    account: text("account"),
    /** Daily discovery on the schedule. */
    isScheduled: boolean("is_scheduled").notNull().default(true),
    lastScanId: uuid("last_scan_id"),
    /** Pull the metrics of discovered resources on the schedule (hourly). */
    pullsMetrics: boolean("pulls_metrics").notNull().default(false),
    /** Pull daily costs into the ledger on the schedule (daily). */
    pullsCosts: boolean("pulls_costs").notNull().default(false),
    /** End of the last metrics window pulled: the next pull starts here (no overlap, no gap). */
    metricsPulledUntil: timestamp("metrics_pulled_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.workspaceId, t.name)],
);

export type ScopeStatus = "pending" | "running" | "succeeded" | "failed";
export interface ScanScopeState {
  region: string;
  service: string;
  status: ScopeStatus;
  resources: number;
  error?: string;
}

/**
 * One discovery run of one connector. `status`: queued → running → succeeded | partial (some
 * scopes failed: nothing deleted) | failed (nothing listed: nothing changed).
 */
export const scans = pgTable(
  "inventory_scans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectorId: uuid("connector_id")
      .notNull()
      .references(() => connectors.id, { onDelete: "cascade" }),
    jobId: uuid("job_id"),
    trigger: text("trigger").notNull(),
    status: text("status").notNull(),
    scopes: jsonb("scopes").$type<ScanScopeState[]>().notNull().default([]),
    resourcesSeen: integer("resources_seen").notNull().default(0),
    created: integer("created").notNull().default(0),
    modified: integer("modified").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.connectorId, t.createdAt)],
);

/** The unified resource model: one row per resource per connector, kept after deletion. */
export const resources = pgTable(
  "resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectorId: uuid("connector_id").references(() => connectors.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    account: text("account").notNull(),
    region: text("region").notNull(),
    /** `<service>@<region>` of the scan scope that reports it: deletion is judged per scope. */
    scope: text("scope").notNull(),
    type: text("type").notNull(),
    nativeType: text("native_type").notNull(),
    nativeId: text("native_id").notNull(),
    name: text("name").notNull(),
    state: text("state"),
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    nativeCreatedAt: timestamp("native_created_at", { withTimezone: true }),
    /** The FOCUS ResourceId its costs are billed under. */
    costResourceId: text("cost_resource_id"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.workspaceId, t.connectorId, t.nativeId),
    // Search pages by name (keyset on name, id).
    index().on(t.workspaceId, t.name, t.id),
    index().on(t.workspaceId, t.type),
    index().on(t.workspaceId, t.provider),
    index().on(t.workspaceId, t.costResourceId),
    index().on(t.connectorId, t.scope),
    // Filtered pages walk (name, id) within the filter's value.
    index().on(t.workspaceId, t.type, t.name, t.id),
    index().on(t.workspaceId, t.provider, t.name, t.id),
    // `tag` filters: `tags @> '{"k":"v"}'` (key=value) and `tags ? k` (has the key).
    index("resources_tags_gin").using("gin", t.tags),
  ],
);

/**
 * Per-workspace roll-up of resource counts by the facet dimensions, kept by statement-level
 * triggers on `resources` (migration 0021): a search filtered only by these dimensions reads its
 * total and facets here instead of counting every match. `tag_key` '' is the resource itself;
 * any other value counts the resources carrying that tag key. Rows at zero are deleted.
 */
export const resourceFacetCounts = pgTable(
  "resource_facet_counts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    connectorId: uuid("connector_id"),
    provider: text("provider").notNull(),
    type: text("type").notNull(),
    region: text("region").notNull(),
    state: text("state"),
    isDeleted: boolean("is_deleted").notNull(),
    tagKey: text("tag_key").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [
    unique("resource_facet_counts_key")
      .on(
        t.workspaceId,
        t.tagKey,
        t.connectorId,
        t.provider,
        t.type,
        t.region,
        t.state,
        t.isDeleted,
      )
      .nullsNotDistinct(),
  ],
);

export const resourceRelations = pgTable(
  "resource_relations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id").notNull(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    /** Native id of the other end, as the provider named it (it may not be discovered). */
    targetNativeId: text("target_native_id").notNull(),
  },
  (t) => [index().on(t.resourceId), index().on(t.workspaceId, t.targetNativeId)],
);

export interface ValueChange {
  before: unknown;
  after: unknown;
}
export interface ResourceDiff {
  fields: Record<string, ValueChange>;
  attributes: Record<string, ValueChange>;
  tags: Record<string, ValueChange>;
}

export const resourceChanges = pgTable(
  "resource_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id").notNull(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    scanId: uuid("scan_id"),
    /** Who made the change through Glass Pane (the tag editor); null for what a scan found. */
    actorUserId: uuid("actor_user_id"),
    kind: text("kind").notNull(),
    diff: jsonb("diff").$type<ResourceDiff | null>(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.workspaceId, t.at), index().on(t.resourceId, t.at)],
);

/** A workspace's tag policy for the "missing-tags" compliance rule (one per workspace). */
export const tagPolicies = pgTable("inventory_tag_policies", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  requiredTags: jsonb("required_tags").$type<string[]>().notNull().default([]),
  /** Resource types it applies to; empty: all. */
  types: jsonb("types").$type<string[]>().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Findings per compliance rule on one day, as counted by the day's last snapshot (after a scan,
 * a tag policy change, and daily): the Compliance tab's trend. Findings themselves are computed
 * on read; only these counts are kept.
 */
export const complianceDaily = pgTable(
  "inventory_compliance_daily",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    rule: text("rule").notNull(),
    findings: integer("findings").notNull(),
    /** Live resources evaluated that day (the same for every rule of the day). */
    resources: integer("resources").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.rule] })],
);

/**
 * Each FOCUS ResourceId's cost over the ledger's last 30 days (derived from cost_daily_resource,
 * rebuilt by a job when the workspace's imports change): what the inventory table shows and
 * sorts by.
 */
export const resourceCosts = pgTable(
  "inventory_resource_costs",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    costResourceId: text("cost_resource_id").notNull(),
    currency: text("currency").notNull(),
    effectiveCost: numeric("effective_cost").notNull(),
    billedCost: numeric("billed_cost").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.costResourceId] }),
    // Pages by cost walk this from the top.
    index().on(t.workspaceId, t.effectiveCost),
  ],
);

/** Which state of the ledger inventory_resource_costs was built from, and its window. */
export const resourceCostWindows = pgTable("inventory_resource_cost_windows", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  ledgerVersion: text("ledger_version").notNull(),
  fromDay: date("from_day", { mode: "string" }),
  toDay: date("to_day", { mode: "string" }),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
});

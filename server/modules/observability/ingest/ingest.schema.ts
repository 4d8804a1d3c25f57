import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/**
 * A per-source ingest key: what an OpenTelemetry exporter, a Loki client, a syslog sender or a
 * script presents to push logs and metrics. Stored as a SHA-256 hash like API tokens; the key
 * itself is shown once at creation.
 */
export const ingestKeys = pgTable(
  "ingest_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the key, so people can tell keys apart in lists. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    /** Lines that name no service of their own are attributed to this one. */
    defaultService: text("default_service").notNull(),
    /**
     * Inventory resource the source runs on (no foreign key: modules do not reference other
     * modules' tables; a removed resource simply stops matching).
     */
    resourceId: uuid("resource_id"),
    /** Syslog senders are authenticated by the port they send to: one listener per key. */
    syslogPort: integer("syslog_port"),
    /** Why its syslog listener (TCP, UDP or both) could not open, as the server last found. */
    syslogError: text("syslog_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("ingest_keys_hash_idx").on(t.keyHash),
    uniqueIndex("ingest_keys_syslog_port_idx")
      .on(t.syslogPort)
      .where(sql`${t.revokedAt} IS NULL AND ${t.syslogPort} IS NOT NULL`),
    index().on(t.workspaceId),
  ],
);

/** Per-workspace observability settings: how long raw logs and metric samples are kept. */
export const observabilitySettings = pgTable("observability_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  logRetentionDays: integer("log_retention_days").notNull().default(14),
  metricRetentionDays: integer("metric_retention_days").notNull().default(30),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { connectors } from "../../inventory/inventory.schema.ts";

/**
 * A Prometheus endpoint Glass Pane scrapes on an interval: one a person added, or the
 * node_exporter of a host resource (then `connectorId`/`resourceId` are set and the row follows
 * the host connector: it goes when the connector goes). Scrape health is kept on the row.
 */
export const scrapeTargets = pgTable(
  "scrape_targets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    /** The `job` label of every sample. */
    job: text("job").notNull(),
    intervalSeconds: integer("interval_seconds").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    connectorId: uuid("connector_id").references(() => connectors.id, { onDelete: "cascade" }),
    /** Inventory resource the samples belong to (no FK: resources are soft-deleted, not removed). */
    resourceId: uuid("resource_id"),
    nextScrapeAt: timestamp("next_scrape_at", { withTimezone: true }).notNull().defaultNow(),
    lastScrapeAt: timestamp("last_scrape_at", { withTimezone: true }),
    lastDurationMs: integer("last_duration_ms"),
    lastError: text("last_error"),
    lastSamples: integer("last_samples"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("scrape_targets_url_idx").on(t.workspaceId, t.url),
    uniqueIndex("scrape_targets_connector_idx").on(t.connectorId),
    index().on(t.isEnabled, t.nextScrapeAt),
  ],
);

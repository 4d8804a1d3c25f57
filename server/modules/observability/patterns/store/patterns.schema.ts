import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "../../../../platform/workspaces/workspaces.schema.ts";

const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/**
 * One workspace's pattern miner: how far into log_lines it has mined (the bigserial id of the
 * last line it read) and the miner's state, so a restart or another instance continues with the
 * same template ids. The row is locked (FOR UPDATE) while a batch is mined.
 */
export const logPatternMiners = pgTable("log_pattern_miners", {
  workspaceId: workspaceId().primaryKey(),
  /** log_lines.id of the last line mined; lines with a greater id are still to do. */
  cursor: bigint("cursor", { mode: "number" }).notNull().default(sql`0`),
  /** Whole batches mined so far; the in-process miner cache is valid while it matches. */
  batches: integer("batches").notNull().default(0),
  linesMined: bigint("lines_mined", { mode: "number" }).notNull().default(0),
  /** Set once the first catch-up is done: templates found after it are "new". */
  baselineAt: timestamp("baseline_at", { withTimezone: true }),
  /**
   * The miner's snapshot as JSON text: its keys hold NUL separators, which JSON text keeps as
   * the escape `\u0000` but jsonb refuses.
   */
  snapshot: text("snapshot"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One template of one service: what the Patterns view lists. */
export const logPatterns = pgTable(
  "log_patterns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    service: text("service").notNull(),
    /** The miner's stable id (fnv1a of the first masked message; `root.variant` for variants). */
    templateId: text("template_id").notNull(),
    /** The latest text of the template, `<*>` at variable positions. */
    template: text("template").notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    /** Line times (not mining times) of the first and last line seen. */
    firstSeen: timestamp("first_seen", { withTimezone: true }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull(),
    /** The most severe level a line of this template was logged at. */
    level: text("level").notNull(),
    example: text("example").notNull(),
    /** Found after the workspace's mining baseline (its first catch-up): a new log pattern. */
    isNew: boolean("is_new").notNull().default(false),
    discoveredAt: timestamp("discovered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.workspaceId, t.service, t.templateId),
    index().on(t.workspaceId, t.discoveredAt),
  ],
);

/** Lines per template and hour of line time: trends and counts over any range of hours. */
export const logPatternHours = pgTable(
  "log_pattern_hours",
  {
    workspaceId: workspaceId(),
    patternId: uuid("pattern_id")
      .notNull()
      .references(() => logPatterns.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.patternId, t.hour] }), index().on(t.workspaceId, t.hour)],
);

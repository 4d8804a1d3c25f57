import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import type { SilenceMatcher } from "./silence-match.ts";

const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/** A rule: an evaluator kind with its parameters, how long a condition must hold, where to tell. */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    /** health_check_failing | cost_anomaly (see evaluators.ts) */
    kind: text("kind").notNull(),
    params: jsonb("params").notNull(),
    /** Seconds a condition stays pending before it fires (Prometheus `for`). */
    forSeconds: integer("for_seconds").notNull().default(0),
    /** info | warning | critical */
    severity: text("severity").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    /** Staff of the workspace get an in-app notification when an alert fires or resolves. */
    notifyInApp: boolean("notify_in_app").notNull().default(true),
    /** Webhook destination ids notified when an alert fires or resolves. */
    destinationIds: jsonb("destination_ids").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId)],
);

/**
 * One alert: a rule's condition for one key (a check, an anomaly). pending → firing → resolved;
 * a resolved row is history and the next breach opens a new one.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** pending | firing | resolved */
    state: text("state").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    /** What was measured (value, count, expected, score): shown and sent, never matched by silences. */
    annotations: jsonb("annotations").$type<Record<string, string>>().notNull().default({}),
    summary: text("summary").notNull(),
    activeSince: timestamp("active_since", { withTimezone: true }).notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /**
     * Whether a silence in force covers it (judged at every evaluation): a firing alert that is
     * silenced was not announced, and is announced when its silence ends while it still fires.
     */
    isSilenced: boolean("is_silenced").notNull().default(false),
    incidentId: uuid("incident_id"),
  },
  (t) => [
    uniqueIndex("alerts_open_key_idx")
      .on(t.ruleId, t.key)
      .where(sql`state in ('pending', 'firing')`),
    index().on(t.workspaceId, t.state),
  ],
);

/** Every state change of an alert, for its history. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** pending | firing | resolved | cancelled (pending that cleared before firing) */
    state: text("state").notNull(),
    note: text("note"),
  },
  (t) => [index().on(t.alertId, t.at)],
);

/** Mutes notifications of alerts whose labels match, between two times. */
export const alertSilences = pgTable(
  "alert_silences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    /** [{ label, value, isEqual }]: all must hold. */
    matchers: jsonb("matchers").$type<SilenceMatcher[]>().notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    comment: text("comment").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.endsAt)],
);

/** Where notifications go besides the app: a signed webhook (secret in the vault) for now. */
export const alertDestinations = pgTable(
  "alert_destinations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    /** webhook (more channels later) */
    kind: text("kind").notNull(),
    url: text("url"),
    /** The vault entry holding the webhook's signing secret. */
    secretName: text("secret_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The last delivery attempt, and why it failed (null when it succeeded). */
    lastDeliveryAt: timestamp("last_delivery_at", { withTimezone: true }),
    lastDeliveryError: text("last_delivery_error"),
  },
  (t) => [index().on(t.workspaceId)],
);

/** Related firing alerts (same service or resource, close in time) under one incident. */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    title: text("title").notNull(),
    /** open | acknowledged | resolved */
    status: text("status").notNull(),
    /** What its alerts have in common, e.g. "service:checkout" or "check:<id>". */
    groupKey: text("group_key").notNull(),
    severity: text("severity").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    lastAlertAt: timestamp("last_alert_at", { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** Who is on it: set by a routing rule (or a person). */
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index().on(t.workspaceId, t.status), index().on(t.workspaceId, t.groupKey)],
);

/** The timeline: opened, alert joined or resolved, acknowledged, comment, resolved. */
export const incidentEvents = pgTable(
  "incident_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: workspaceId(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    kind: text("kind").notNull(),
    body: text("body").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    alertId: uuid("alert_id"),
  },
  (t) => [index().on(t.incidentId, t.at)],
);

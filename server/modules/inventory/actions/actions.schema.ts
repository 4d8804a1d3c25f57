import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { resources } from "../inventory.schema.ts";

/**
 * What Glass Pane did to a resource through its provider (stop, start, snapshot, delete), one
 * row per resource per request, failed attempts included. The delete of a volume looks here for
 * the snapshot taken before it.
 */
export const resourceActions = pgTable(
  "resource_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    /** succeeded | failed | refused (not sent: wrong type or state, no snapshot first). */
    status: text("status").notNull(),
    detail: text("detail").notNull(),
    stateAfter: text("state_after"),
    /** Native id of what the action made (a snapshot). */
    createdNativeId: text("created_native_id"),
    actorUserId: uuid("actor_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.resourceId, t.createdAt), index().on(t.workspaceId, t.createdAt)],
);

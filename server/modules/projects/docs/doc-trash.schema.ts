import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/**
 * Deleted wiki pages, kept whole for a while: the page, its sub-pages, their versions and links
 * as they were, so a restore brings back exactly what was deleted. The live tables stay free of
 * deleted rows, so nothing that reads pages has to filter them out.
 */
export const docTrash = pgTable(
  "doc_trash",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The deleted page's own id, which a restore gives back. */
    pageId: uuid("page_id").notNull(),
    title: text("title").notNull(),
    kind: text("kind").notNull(),
    /** This page and its sub-pages. */
    pageCount: integer("page_count").notNull(),
    /** `TrashedTree`: pages (top first), versions and links, dates as ISO strings. */
    tree: jsonb("tree").notNull(),
    deletedBy: uuid("deleted_by").references(() => users.id, { onDelete: "set null" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.deletedAt)],
);

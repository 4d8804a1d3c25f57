import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { connectors } from "../inventory.schema.ts";

/**
 * The SSH host key a hosts connector saw on its first connection (trust on first use). Every
 * later connection must offer the same key; a changed one is refused until a person resets it.
 * Not a secret (the server shows it to anyone who connects), so it is kept in the open.
 */
export const hostKeys = pgTable("host_keys", {
  connectorId: uuid("connector_id")
    .primaryKey()
    .references(() => connectors.id, { onDelete: "cascade" }),
  workspaceId: uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  keyType: text("key_type").notNull(),
  /** `SHA256:<base64>`, as `ssh-keygen -l` prints it. */
  fingerprint: text("fingerprint").notNull(),
  firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
});

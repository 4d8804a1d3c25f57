import {
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
import type { McpSourceTool } from "./mcp-client.ts";
import type { GeneratedTool } from "./openapi-tools.ts";

export const TOOL_AUTH_KINDS = ["none", "bearer", "apiKeyHeader", "apiKeyQuery", "basic"] as const;
export type ToolAuthKind = (typeof TOOL_AUTH_KINDS)[number];

/** An imported OpenAPI document, or an external MCP server reached by URL or as a command. */
export const TOOL_SOURCE_KINDS = ["openapi", "mcp"] as const;
export type ToolSourceKind = (typeof TOOL_SOURCE_KINDS)[number];

/** How a command-run MCP server is started (stdio transport). */
export interface McpCommand {
  command: string;
  args: string[];
  /** Names of the environment variables whose values are sealed in the vault. */
  envNames: string[];
}

/**
 * A set of callable tools from outside: an imported OpenAPI document or an external MCP server.
 * The credential lives in the vault (secret `toolsource/<name>`; for a command-run MCP server,
 * its environment as JSON); this row only says how it is sent.
 */
export const toolSources = pgTable(
  "tool_sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Short name used in tool names (ext_<name>_<tool>). */
    name: text("name").notNull(),
    title: text("title").notNull(),
    kind: text("kind").$type<ToolSourceKind>().notNull().default("openapi"),
    /** The API's base URL, or the MCP server's endpoint; null for a command-run MCP server. */
    baseUrl: text("base_url"),
    command: jsonb("command").$type<McpCommand>(),
    authKind: text("auth_kind").$type<ToolAuthKind>().notNull(),
    /** The header or query parameter that carries an API key. */
    authParam: text("auth_param"),
    /** Vault name of the credential, when there is one. */
    secretName: text("secret_name"),
    tools: jsonb("tools").$type<GeneratedTool[] | McpSourceTool[]>().notNull(),
    toolCount: integer("tool_count").notNull(),
    skipped: jsonb("skipped").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.workspaceId, t.name), index().on(t.workspaceId)],
);

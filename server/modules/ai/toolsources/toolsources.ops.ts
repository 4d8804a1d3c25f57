import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { createOutboundHttp } from "../../../platform/http/outbound.ts";
import { createOutboundFetch } from "../../../platform/http/outbound-fetch.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import type { McpSourceTool } from "./mcp-client.ts";
import { addMcpSource, refreshMcpSource } from "./mcp-sources.service.ts";
import type { GeneratedTool } from "./openapi-tools.ts";
import { callSourceTool } from "./source-calls.ts";
import { TOOL_AUTH_KINDS, TOOL_SOURCE_KINDS } from "./toolsources.schema.ts";
import {
  deleteSource,
  importSource,
  listSources,
  sourceOf,
  type ToolSourceDeps,
  type ToolSourceRow,
  toolOf,
} from "./toolsources.service.ts";

function depsOf(ctx: OperationContext): ToolSourceDeps {
  const { blockPrivateNetworks, allowMcpCommands } = ctx.services.config;
  return {
    db: ctx.db,
    secrets: ctx.services.secrets,
    outbound: createOutboundHttp({ blockPrivateNetworks }),
    fetch: createOutboundFetch({
      blockPrivateNetworks,
      timeoutMs: 30_000,
      maxResponseBytes: 4 * 1024 * 1024,
    }),
    allowCommands: allowMcpCommands,
    mcpSessions: ctx.services.mcpSessions,
  };
}

const zSourceName = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,19}$/, "must be 1–20 lowercase letters and digits, e.g. digitalocean")
  .describe("Short name used in tool names: ext_<name>_<tool>");

const zToolSource = z.object({
  id: zId,
  name: z.string(),
  title: z.string(),
  kind: z.enum(TOOL_SOURCE_KINDS),
  baseUrl: z.string().nullable().describe("The API's base URL or the MCP server's endpoint"),
  command: z
    .object({ command: z.string(), args: z.array(z.string()), envNames: z.array(z.string()) })
    .nullable()
    .describe("A command-run MCP server; the values of its environment stay in the vault"),
  auth: z.object({
    kind: z.enum(TOOL_AUTH_KINDS),
    param: z.string().nullable(),
    hasCredential: z.boolean().describe("The credential itself is in the vault, never shown"),
  }),
  toolCount: z.number().int(),
  createdAt: zTimestamp,
});

const zToolSummary = z.object({
  name: z.string(),
  method: z.string().nullable().describe("HTTP method of an OpenAPI tool; null for MCP"),
  path: z.string().nullable(),
  description: z.string(),
  readOnly: z.boolean(),
  destructive: z.boolean(),
  inputSchema: z.record(z.string(), z.unknown()).optional(),
});

const viewOf = (row: ToolSourceRow) => ({
  id: row.id,
  name: row.name,
  title: row.title,
  kind: row.kind,
  baseUrl: row.baseUrl,
  command: row.command ?? null,
  auth: { kind: row.authKind, param: row.authParam, hasCredential: row.secretName !== null },
  toolCount: row.toolCount,
  createdAt: row.createdAt,
});

const zCallInput = {
  source: z.string().min(1).max(100).describe("The tool source's name or id"),
  tool: z.string().min(1).max(100),
  arguments: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Path, query and header parameters by name; the JSON body as `body`"),
};

const zCallResult = z.object({
  status: z.number().int().nullable().describe("HTTP status of an OpenAPI call; null for MCP"),
  ok: z.boolean(),
  contentType: z.string().nullable(),
  truncated: z.boolean(),
  data: z.unknown(),
});

export const toolsourcesImport = defineOperation({
  name: "toolsources.import",
  summary: "Import an OpenAPI 3 document (text or URL) as tools; its credential goes to the vault",
  description:
    "GET and HEAD operations become read tools; all others need approval when an agent or MCP client calls them.",
  input: z.strictObject({
    name: zSourceName,
    document: z.string().max(16_000_000).optional().describe("The document, JSON or YAML"),
    url: z.string().max(2000).optional().describe("Where to fetch the document instead"),
    baseUrl: z.string().max(2000).optional().describe("Overrides the document's first server"),
    auth: z
      .strictObject({
        kind: z.enum(TOOL_AUTH_KINDS),
        param: z.string().max(100).optional().describe("Header or query name of an API key"),
        credential: z
          .string()
          .max(4000)
          .optional()
          .describe("Bearer token, API key or user:password; stored in the vault"),
      })
      .default({ kind: "none" }),
  }),
  output: zToolSource.extend({
    skipped: z.array(z.object({ method: z.string(), path: z.string(), reason: z.string() })),
  }),
  permission: "toolsources:manage",
  mutates: true,
  // The document may be fetched from a URL: no transaction is held open meanwhile (the
  // service writes the credential and the source in one transaction of its own).
  atomic: false,
  handler: async (input, ctx) => {
    const row = await importSource(depsOf(ctx), workspaceOf(ctx), input, userOf(ctx) ?? null);
    ctx.audit.targetId = row.id;
    return {
      ...viewOf(row),
      skipped: row.skipped as { method: string; path: string; reason: string }[],
    };
  },
});

export const toolsourcesAddMcp = defineOperation({
  name: "toolsources.addMcp",
  summary: "Add an external MCP server (by URL, or as a command where allowed) as tools",
  description:
    "Its tools are listed at once and stored. Only tools the server marks read-only run without approval when an agent or MCP client calls them. Command servers need GLASSPANE_ALLOW_MCP_COMMANDS=true on this instance.",
  input: z.strictObject({
    name: zSourceName,
    url: z.string().max(2000).optional().describe("Streamable HTTP endpoint of the server"),
    bearer: z.string().max(4000).optional().describe("Bearer token for a URL server; vault only"),
    command: z
      .string()
      .min(1)
      .max(500)
      .regex(/^[^\s]+$/, "the executable alone, without arguments (put those in args)")
      .optional(),
    args: z.array(z.string().max(1000)).max(50).optional(),
    env: z
      .record(
        z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name"),
        z.string().max(4000),
      )
      .optional()
      .describe("Environment of a command server (API keys…); values sealed in the vault"),
  }),
  output: zToolSource,
  permission: "toolsources:manage",
  mutates: true,
  // Connecting to the server may take seconds: the service writes in a transaction of its own.
  atomic: false,
  handler: async (input, ctx) => {
    const row = await addMcpSource(depsOf(ctx), workspaceOf(ctx), input, userOf(ctx) ?? null);
    ctx.audit.targetId = row.id;
    return viewOf(row);
  },
});

export const toolsourcesRefresh = defineOperation({
  name: "toolsources.refresh",
  summary: "List an MCP server's tools again",
  input: z.strictObject({ id: z.string().min(1).max(100) }),
  output: zToolSource,
  permission: "toolsources:manage",
  mutates: true,
  atomic: false,
  handler: async (input, ctx) => {
    const row = await sourceOf(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = row.id;
    return viewOf(await refreshMcpSource(depsOf(ctx), row));
  },
});

export const toolsourcesList = defineOperation({
  name: "toolsources.list",
  summary: "Imported OpenAPI tool sources",
  input: z.object({}),
  output: z.array(zToolSource),
  permission: "toolsources:read",
  mutates: false,
  handler: async (_input, ctx) => (await listSources(ctx.db, workspaceOf(ctx))).map(viewOf),
});

export const toolsourcesGet = defineOperation({
  name: "toolsources.get",
  summary: "One tool source with its tools (input schemas on request)",
  input: z.object({ id: z.string().min(1).max(100), withSchemas: z.boolean().default(false) }),
  output: zToolSource.extend({ tools: z.array(zToolSummary) }),
  permission: "toolsources:read",
  mutates: false,
  handler: async (input, ctx) => {
    const row = await sourceOf(ctx.db, workspaceOf(ctx), input.id);
    return {
      ...viewOf(row),
      tools: (row.tools as (GeneratedTool | McpSourceTool)[]).map((t) => ({
        name: t.name,
        method: "method" in t ? t.method.toUpperCase() : null,
        path: "path" in t ? t.path : null,
        description: t.description,
        readOnly: t.readOnly,
        destructive: "destructive" in t ? t.destructive : t.method === "delete",
        ...(input.withSchemas ? { inputSchema: t.inputSchema } : {}),
      })),
    };
  },
});

export const toolsourcesDelete = defineOperation({
  name: "toolsources.delete",
  summary: "Remove a tool source and its credential",
  input: z.strictObject({ id: z.string().min(1).max(100) }),
  output: zOk,
  permission: "toolsources:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const deps = depsOf(ctx);
    const row = await deleteSource(deps, workspaceOf(ctx), input.id);
    await deps.mcpSessions.close(row);
    ctx.audit.targetId = row.id;
    return { ok: true as const };
  },
});

export const toolsourcesRead = defineOperation({
  name: "toolsources.read",
  summary: "Call a read tool (GET or HEAD) of a tool source",
  input: z.object(zCallInput),
  output: zCallResult,
  permission: "toolsources:call",
  mutates: false,
  handler: async (input, ctx) => {
    const row = await sourceOf(ctx.db, workspaceOf(ctx), input.source);
    const tool = toolOf(row, input.tool);
    if (!tool.readOnly) {
      const how = "method" in tool ? `is ${tool.method.toUpperCase()}` : "is not marked read-only";
      throw invalid("tool", `${tool.name} ${how} and may change things: use toolsources.call`);
    }
    return callSourceTool(depsOf(ctx), row, tool, input.arguments);
  },
});

export const toolsourcesCall = defineOperation({
  name: "toolsources.call",
  summary: "Call any tool of a tool source (agents and MCP clients need approval for it)",
  input: z.strictObject(zCallInput),
  output: zCallResult,
  permission: "toolsources:call",
  mutates: true,
  // An outbound call of up to 30 s holds no database transaction; only the audit entry is written.
  atomic: false,
  handler: async (input, ctx) => {
    const row = await sourceOf(ctx.db, workspaceOf(ctx), input.source);
    ctx.audit.targetId = row.id;
    return callSourceTool(depsOf(ctx), row, toolOf(row, input.tool), input.arguments);
  },
});

export const toolsourceOperations = [
  toolsourcesImport,
  toolsourcesAddMcp,
  toolsourcesRefresh,
  toolsourcesList,
  toolsourcesGet,
  toolsourcesDelete,
  toolsourcesRead,
  toolsourcesCall,
] as const;

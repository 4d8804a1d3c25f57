import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { createOutboundHttp } from "../../../platform/http/outbound.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { TOOL_AUTH_KINDS } from "./toolsources.schema.ts";
import {
  callTool,
  deleteSource,
  importSource,
  listSources,
  sourceOf,
  type ToolSourceDeps,
  type ToolSourceRow,
  toolOf,
} from "./toolsources.service.ts";

function depsOf(ctx: OperationContext): ToolSourceDeps {
  return {
    db: ctx.db,
    secrets: ctx.services.secrets,
    outbound: createOutboundHttp({
      blockPrivateNetworks: ctx.services.config.blockPrivateNetworks,
    }),
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
  baseUrl: z.string(),
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
  method: z.string(),
  path: z.string(),
  description: z.string(),
  readOnly: z.boolean(),
  inputSchema: z.record(z.string(), z.unknown()).optional(),
});

const viewOf = (row: ToolSourceRow) => ({
  id: row.id,
  name: row.name,
  title: row.title,
  baseUrl: row.baseUrl,
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
  status: z.number().int(),
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
      tools: row.tools.map((t) => ({
        name: t.name,
        method: t.method.toUpperCase(),
        path: t.path,
        description: t.description,
        readOnly: t.readOnly,
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
    const row = await deleteSource(depsOf(ctx), workspaceOf(ctx), input.id);
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
      throw invalid(
        "tool",
        `${tool.name} is ${tool.method.toUpperCase()} and may change things: use toolsources.call`,
      );
    }
    return callTool(depsOf(ctx), row, tool, input.arguments);
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
    return callTool(depsOf(ctx), row, toolOf(row, input.tool), input.arguments);
  },
});

export const toolsourceOperations = [
  toolsourcesImport,
  toolsourcesList,
  toolsourcesGet,
  toolsourcesDelete,
  toolsourcesRead,
  toolsourcesCall,
] as const;

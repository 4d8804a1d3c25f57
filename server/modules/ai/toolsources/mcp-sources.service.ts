// External MCP servers as tool sources: added by URL (Streamable HTTP, under the outbound rules)
// or, where the operator allows it, as a command. Their tools are listed once when added (and on
// refresh) so the agent's tool list does not depend on every server answering at every turn.

import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, invalid } from "../../../platform/errors.ts";
import { OutboundError, parseTarget } from "../../../platform/http/outbound.ts";
import { callMcpTool, listMcpTools, type McpEndpoint, type McpListing } from "./mcp-client.ts";
import { type McpCommand, toolSources } from "./toolsources.schema.ts";
import {
  assertNameFree,
  secretNameOf,
  type ToolCallResult,
  type ToolSourceDeps,
  type ToolSourceRow,
} from "./toolsources.service.ts";

export interface AddMcpInput {
  name: string;
  url?: string;
  bearer?: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
}

/** Syntax and scheme now; private addresses are refused when connecting, after DNS. */
function checkUrl(raw: string): string {
  try {
    return parseTarget(raw, false).toString();
  } catch (error) {
    if (error instanceof OutboundError) throw invalid("url", error.message);
    throw error;
  }
}

function endpointFromInput(input: AddMcpInput, deps: ToolSourceDeps): McpEndpoint {
  if (!input.url === !input.command) throw invalid("url", "give either url or command");
  if (input.url) {
    if (input.args?.length || input.env)
      throw invalid("args", "args and env are for command servers; a URL server takes bearer");
    return {
      transport: "http",
      url: checkUrl(input.url),
      bearer: input.bearer ?? null,
      fetch: deps.fetch,
    };
  }
  if (!deps.allowCommands)
    throw invalid(
      "command",
      "this instance does not run MCP servers as commands: its operator can allow it with GLASSPANE_ALLOW_MCP_COMMANDS=true, or add the server by URL",
    );
  if (input.bearer) throw invalid("bearer", "a command server takes env, not bearer");
  return {
    transport: "stdio",
    command: {
      command: input.command!,
      args: input.args ?? [],
      envNames: Object.keys(input.env ?? {}),
    },
    env: input.env ?? {},
  };
}

/**
 * The source's tools: a command server is listed on its pooled process, which then stays up for
 * the calls that follow (starting one is the slow part); a URL server over a connection of its own.
 */
function listSourceTools(
  deps: ToolSourceDeps,
  source: { workspaceId: string; id: string },
  endpoint: McpEndpoint,
): Promise<McpListing> {
  return endpoint.transport === "stdio"
    ? deps.mcpSessions.list(source, endpoint)
    : listMcpTools(endpoint);
}

/** Connects, lists the tools, then stores the source with its credential sealed. */
export async function addMcpSource(
  deps: ToolSourceDeps,
  workspaceId: string,
  input: AddMcpInput,
  userId: string | null,
): Promise<ToolSourceRow> {
  const endpoint = endpointFromInput(input, deps);
  await assertNameFree(deps.db, workspaceId, input.name);
  // The id is chosen now so the listing's process is already the source's pooled one.
  const source = { workspaceId, id: randomUUID() };
  try {
    return await storeMcpSource(deps, source, input, endpoint, userId);
  } catch (error) {
    // Nothing was stored: the process started for the listing has no source to serve.
    await deps.mcpSessions.close(source);
    throw error;
  }
}

async function storeMcpSource(
  deps: ToolSourceDeps,
  source: { workspaceId: string; id: string },
  input: AddMcpInput,
  endpoint: McpEndpoint,
  userId: string | null,
): Promise<ToolSourceRow> {
  const { workspaceId } = source;
  const field = input.url ? "url" : "command";
  let listed: McpListing;
  try {
    listed = await listSourceTools(deps, source, endpoint);
  } catch (error) {
    if (error instanceof AppError) throw invalid(field, error.message);
    throw error;
  }
  if (listed.tools.length === 0) throw invalid(field, "the server lists no tools");
  const credential =
    endpoint.transport === "http"
      ? endpoint.bearer
      : Object.keys(endpoint.env).length > 0
        ? JSON.stringify(endpoint.env)
        : null;
  const secretName = credential ? secretNameOf(input.name) : null;
  return deps.db.transaction(async (tx) => {
    const db = tx as Db;
    if (secretName) {
      await deps.secrets.set(db, workspaceId, {
        name: secretName,
        value: credential!,
        description: `Credential of the ${input.name} MCP server`,
      });
    }
    const [row] = await db
      .insert(toolSources)
      .values({
        id: source.id,
        workspaceId,
        name: input.name,
        title: (listed.serverName ?? input.name).slice(0, 200),
        kind: "mcp",
        baseUrl: endpoint.transport === "http" ? endpoint.url : null,
        command: endpoint.transport === "stdio" ? endpoint.command : null,
        authKind: endpoint.transport === "http" && endpoint.bearer ? "bearer" : "none",
        authParam: null,
        secretName,
        tools: listed.tools,
        toolCount: listed.tools.length,
        skipped: [],
        createdBy: userId,
      })
      .returning();
    return row!;
  });
}

/** Where the stored source is, with its credential revealed for this one use. */
async function endpointOf(deps: ToolSourceDeps, row: ToolSourceRow): Promise<McpEndpoint> {
  const credential = row.secretName
    ? await deps.secrets.reveal(deps.db, row.workspaceId, row.secretName)
    : null;
  if (row.command) {
    // Checked again at every call: an operator who withdraws the permission stops the servers.
    if (!deps.allowCommands)
      throw new AppError(
        "forbidden",
        `${row.name} runs as a command, which this instance no longer allows (GLASSPANE_ALLOW_MCP_COMMANDS)`,
      );
    const env = credential ? (JSON.parse(credential) as Record<string, string>) : {};
    return { transport: "stdio", command: row.command as McpCommand, env };
  }
  return { transport: "http", url: row.baseUrl!, bearer: credential, fetch: deps.fetch };
}

/** Lists the server's tools again (after it gained or changed some). */
export async function refreshMcpSource(deps: ToolSourceDeps, row: ToolSourceRow) {
  if (row.kind !== "mcp") throw invalid("id", `${row.name} is an OpenAPI source: import it again`);
  // A server refreshed because it changed is started again: its new process lists the tools and
  // then serves the calls.
  await deps.mcpSessions.close(row);
  const listed = await listSourceTools(deps, row, await endpointOf(deps, row));
  const [updated] = await deps.db
    .update(toolSources)
    .set({ tools: listed.tools, toolCount: listed.tools.length })
    .where(and(eq(toolSources.workspaceId, row.workspaceId), eq(toolSources.id, row.id)))
    .returning();
  return updated!;
}

export async function callMcpSourceTool(
  deps: ToolSourceDeps,
  row: ToolSourceRow,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolCallResult> {
  const endpoint = await endpointOf(deps, row);
  const result =
    endpoint.transport === "stdio"
      ? await deps.mcpSessions.call(row, endpoint, name, args)
      : await callMcpTool(endpoint, name, args);
  return {
    status: null,
    ok: !result.isError,
    contentType: null,
    truncated: result.truncated,
    data: result.structuredContent ?? result.text,
  };
}

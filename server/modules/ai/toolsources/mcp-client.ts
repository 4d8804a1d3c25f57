// Glass Pane as an MCP client: an external MCP server (Streamable HTTP by URL, or a command
// speaking stdio) whose tools the agent and our own MCP server offer as ext_<source>_<tool>.
// Listings and calls to a URL server connect once and close (Streamable HTTP is cheap to open);
// listings and calls of a command server share one long-lived process per source
// (mcp-sessions.ts).

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { AppError } from "../../../platform/errors.ts";
import type { McpCommand } from "./toolsources.schema.ts";

/** A tool of an external MCP server, as listed when the server was added. */
export interface McpSourceTool {
  name: string;
  title: string | null;
  description: string;
  inputSchema: Record<string, unknown>;
  /**
   * Only a server's explicit readOnlyHint makes a tool a read: anything else may change
   * something, so the agent and MCP clients need a person's approval for it.
   */
  readOnly: boolean;
  destructive: boolean;
}

/** Where an MCP server is and how to authenticate to it (the credential already revealed). */
export type McpEndpoint =
  | { transport: "http"; url: string; bearer: string | null; fetch: typeof fetch }
  | StdioEndpoint;
export type StdioEndpoint = {
  transport: "stdio";
  command: McpCommand;
  env: Record<string, string>;
};

export interface McpCallResult {
  isError: boolean;
  /** Text parts joined; other parts (images, resources) named by type. */
  text: string;
  structuredContent: Record<string, unknown> | null;
  truncated: boolean;
}

const CALL_TIMEOUT_MS = 30_000;
const LIST_TIMEOUT_MS = 20_000;
/** Servers with more tools than this are cut: a model cannot choose among thousands anyway. */
const MAX_TOOLS = 500;
/** Answers handed to a model are cut to this many characters. */
const MAX_TEXT = 256 * 1024;

// The MCP SDK (~25 MiB resident) loads with the first MCP server contacted, not at start.
async function transportOf(endpoint: McpEndpoint): Promise<Transport> {
  if (endpoint.transport === "http") {
    const { StreamableHTTPClientTransport } = await import(
      "@modelcontextprotocol/sdk/client/streamableHttp.js"
    );
    return new StreamableHTTPClientTransport(new URL(endpoint.url), {
      fetch: endpoint.fetch,
      requestInit: endpoint.bearer
        ? { headers: { authorization: `Bearer ${endpoint.bearer}` } }
        : undefined,
    });
  }
  const { getDefaultEnvironment, StdioClientTransport } = await import(
    "@modelcontextprotocol/sdk/client/stdio.js"
  );
  return new StdioClientTransport({
    command: endpoint.command.command,
    args: endpoint.command.args,
    // The child gets a minimal environment (PATH, HOME…) and its own variables, never ours:
    // the server's secret key and database URL stay in this process.
    env: { ...getDefaultEnvironment(), ...endpoint.env },
    stderr: "ignore",
  });
}

export function unavailable(endpoint: McpEndpoint, error: unknown): AppError {
  const where = endpoint.transport === "http" ? endpoint.url : endpoint.command.command;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError("unavailable", `MCP server ${where}: ${reason}`.slice(0, 500));
}

/** A connected client and its transport (for a command, the running child process). */
export async function openClient(endpoint: McpEndpoint) {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const client = new Client({ name: "glasspane", version: "1.0.0" });
  const transport = await transportOf(endpoint);
  try {
    await client.connect(transport, { timeout: LIST_TIMEOUT_MS });
  } catch (error) {
    await client.close().catch(() => {});
    throw unavailable(endpoint, error);
  }
  return { client, transport };
}

/** Connects, runs `use`, and always closes (the child process too, for a command). */
async function withClient<T>(endpoint: McpEndpoint, use: (client: Client) => Promise<T>) {
  const { client } = await openClient(endpoint);
  try {
    return await use(client);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unavailable(endpoint, error);
  } finally {
    await client.close().catch(() => {});
  }
}

export interface McpListing {
  serverName: string | null;
  tools: McpSourceTool[];
}

/** The server's name and every tool it lists (all pages), on a connected client. */
export async function listToolsOn(client: Client): Promise<McpListing> {
  const tools: McpSourceTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {}, { timeout: LIST_TIMEOUT_MS });
    for (const tool of page.tools) {
      const hints = tool.annotations ?? {};
      const readOnly = hints.readOnlyHint === true;
      tools.push({
        name: tool.name,
        title: tool.title ?? hints.title ?? null,
        description: (tool.description ?? "").slice(0, 4000),
        inputSchema: tool.inputSchema as Record<string, unknown>,
        readOnly,
        // MCP's own default: a tool that is not read-only is presumed destructive.
        destructive: !readOnly && hints.destructiveHint !== false,
      });
    }
    cursor = page.nextCursor;
  } while (cursor && tools.length < MAX_TOOLS);
  return { serverName: client.getServerVersion()?.name ?? null, tools: tools.slice(0, MAX_TOOLS) };
}

/** Lists a URL server's tools over a connection of its own. */
export function listMcpTools(endpoint: McpEndpoint): Promise<McpListing> {
  return withClient(endpoint, listToolsOn);
}

/** Calls one tool on a URL server, over a connection of its own. */
export function callMcpTool(
  endpoint: McpEndpoint,
  name: string,
  args: Record<string, unknown>,
): Promise<McpCallResult> {
  return withClient(endpoint, (client) => callToolOn(client, name, args));
}

/** Calls one tool on a connected client; a tool's own failure (isError) is an answer. */
export async function callToolOn(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<McpCallResult> {
  const result = await client.callTool({ name, arguments: args }, undefined, {
    timeout: CALL_TIMEOUT_MS,
  });
  const parts = Array.isArray(result.content) ? result.content : [];
  const text = parts
    .map((part: { type: string; text?: string }) =>
      part.type === "text" ? (part.text ?? "") : `[${part.type}]`,
    )
    .join("\n");
  const structured = result.structuredContent;
  return {
    isError: result.isError === true,
    text: text.slice(0, MAX_TEXT),
    structuredContent:
      structured && typeof structured === "object" && JSON.stringify(structured).length <= MAX_TEXT
        ? (structured as Record<string, unknown>)
        : null,
    truncated: text.length > MAX_TEXT,
  };
}

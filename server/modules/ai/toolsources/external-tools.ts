// Every tool of every tool source as one flat list, named ext_<source>_<tool>: what the agent
// binds and what our MCP server re-exposes. Reads go through toolsources.read; anything else
// through toolsources.call, which agents and MCP clients may only run after a person approves.

import type { Db } from "../../../platform/db/database.ts";
import type { McpSourceTool } from "./mcp-client.ts";
import type { GeneratedTool } from "./openapi-tools.ts";
import { listSources } from "./toolsources.service.ts";

export interface ExternalTool {
  /** ext_<source>_<tool>, cut and cleaned to what model APIs accept (64 of [A-Za-z0-9_-]). */
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  /** The operation input that calls it, arguments aside. */
  target: { source: string; tool: string };
}

/** OpenAI-style function names: the strictest of the model APIs we speak. */
const MAX_NAME = 64;

function describe(sourceTitle: string, tool: GeneratedTool | McpSourceTool): string {
  const where = "method" in tool ? `${tool.method.toUpperCase()} ${tool.path}` : "MCP tool";
  const approval = tool.readOnly
    ? ""
    : "\n\nMay change things: runs only after a person approves it in Glass Pane.";
  return `${sourceTitle}: ${where}\n\n${tool.description}${approval}`.slice(0, 4000);
}

export async function externalToolsOf(db: Db, workspaceId: string): Promise<ExternalTool[]> {
  const tools: ExternalTool[] = [];
  const taken = new Set<string>();
  for (const source of await listSources(db, workspaceId)) {
    for (const tool of source.tools as (GeneratedTool | McpSourceTool)[]) {
      const name = `ext_${source.name}_${tool.name}`
        .replace(/[^A-Za-z0-9_-]/g, "_")
        .slice(0, MAX_NAME);
      // Two long names cut to the same prefix: the first keeps it, the second is not offered.
      if (taken.has(name)) continue;
      taken.add(name);
      const isHttp = "method" in tool;
      tools.push({
        name,
        title: `${source.title}: ${("title" in tool && tool.title) || tool.name}`,
        description: describe(source.title, tool),
        inputSchema: tool.inputSchema,
        readOnly: tool.readOnly,
        destructive: isHttp ? tool.method === "delete" : tool.destructive,
        idempotent: isHttp
          ? tool.readOnly || tool.method === "put" || tool.method === "delete"
          : tool.readOnly,
        target: { source: source.id, tool: tool.name },
      });
    }
  }
  return tools;
}

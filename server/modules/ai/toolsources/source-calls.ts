// One door for calling a tool of any tool source: the operations, the agent and our MCP server
// do not care whether the tool is an OpenAPI operation or an external MCP server's tool.

import type { McpSourceTool } from "./mcp-client.ts";
import { callMcpSourceTool } from "./mcp-sources.service.ts";
import type { GeneratedTool } from "./openapi-tools.ts";
import {
  callOpenApiTool,
  type ToolCallResult,
  type ToolSourceDeps,
  type ToolSourceRow,
} from "./toolsources.service.ts";

export function callSourceTool(
  deps: ToolSourceDeps,
  row: ToolSourceRow,
  tool: GeneratedTool | McpSourceTool,
  args: Record<string, unknown>,
): Promise<ToolCallResult> {
  if (row.kind === "mcp") return callMcpSourceTool(deps, row, tool.name, args);
  return callOpenApiTool(deps, row, tool as GeneratedTool, args);
}

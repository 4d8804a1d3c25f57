// Imported OpenAPI tools re-exposed through MCP as ext_<source>_<tool>. Reads (GET, HEAD) run
// as the token through toolsources.read; everything else becomes an approval request for
// toolsources.call (source "toolsource"), like every other mutation.

import { toolsourcesRead } from "../../modules/ai/toolsources/toolsources.ops.ts";
import { listSources } from "../../modules/ai/toolsources/toolsources.service.ts";
import type { Operation } from "../../platform/operations/define.ts";
import { roleHas } from "../../platform/operations/permissions.ts";
import { type McpTool, type McpToolProvider, requestThroughApproval } from "./mcp-tools.ts";

/** MCP allows tool names of up to 128 characters. */
const MAX_NAME = 128;

export const toolsourceTools: McpToolProvider = async (session) => {
  const { role } = session.membership;
  if (!roleHas(role, "toolsources:call")) return [];
  const mayRequest = roleHas(role, "approvals:request");
  const sources = await listSources(session.db, session.membership.workspaceId);
  const tools: McpTool[] = [];
  for (const source of sources) {
    for (const tool of source.tools) {
      if (!tool.readOnly && !mayRequest) continue;
      const input = { source: source.id, tool: tool.name };
      tools.push({
        name: `ext_${source.name}_${tool.name}`.slice(0, MAX_NAME),
        description: `${source.title}: ${tool.method.toUpperCase()} ${tool.path}\n\n${tool.description}${
          tool.readOnly ? "" : "\n\nMay change things: waits for a person's approval in Glass Pane."
        }`,
        inputSchema: tool.inputSchema,
        annotations: {
          title: `${source.title}: ${tool.name}`,
          readOnlyHint: tool.readOnly,
          destructiveHint: tool.method === "delete",
          idempotentHint: tool.readOnly || tool.method === "put" || tool.method === "delete",
          openWorldHint: true,
        },
        async call(args) {
          if (tool.readOnly) {
            const result = await session.execute(
              toolsourcesRead as unknown as Operation,
              { ...input, arguments: args },
              session.caller,
            );
            return { result };
          }
          return requestThroughApproval(session, {
            operation: "toolsources.call",
            input: { ...input, arguments: args },
            source: "toolsource",
            sourceRef: source.id,
          });
        },
      });
    }
  }
  return tools;
};

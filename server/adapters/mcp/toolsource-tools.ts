// Tool sources (imported OpenAPI documents, external MCP servers) re-exposed through MCP as
// ext_<source>_<tool>. Reads run as the token through toolsources.read; everything else becomes
// an approval request for toolsources.call (source "toolsource"), like every other mutation.

import { externalToolsOf } from "../../modules/ai/toolsources/external-tools.ts";
import { toolsourcesRead } from "../../modules/ai/toolsources/toolsources.ops.ts";
import type { Operation } from "../../platform/operations/define.ts";
import { roleHas } from "../../platform/operations/permissions.ts";
import { type McpTool, type McpToolProvider, requestThroughApproval } from "./mcp-tools.ts";

export const toolsourceTools: McpToolProvider = async (session) => {
  const { role } = session.membership;
  if (!roleHas(role, "toolsources:call")) return [];
  const mayRequest = roleHas(role, "approvals:request");
  const tools: McpTool[] = [];
  for (const tool of await externalToolsOf(session.db, session.membership.workspaceId)) {
    if (!tool.readOnly && !mayRequest) continue;
    tools.push({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: {
        title: tool.title,
        readOnlyHint: tool.readOnly,
        destructiveHint: tool.destructive,
        idempotentHint: tool.idempotent,
        openWorldHint: true,
      },
      async call(args) {
        const input = { ...tool.target, arguments: args };
        if (tool.readOnly) {
          const result = await session.execute(
            toolsourcesRead as unknown as Operation,
            input,
            session.caller,
          );
          return { result };
        }
        return requestThroughApproval(session, {
          operation: "toolsources.call",
          input,
          source: "toolsource",
          sourceRef: tool.target.source,
        });
      },
    });
  }
  return tools;
};

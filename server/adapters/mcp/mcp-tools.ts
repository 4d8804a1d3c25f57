// The tools an MCP client sees: the registry's tools allowed to its token's role, plus tools
// of other sources (imported OpenAPI documents). Reads run at once as the token; mutations
// become approval requests that a person decides in Glass Pane, unless an admin granted the
// token auto-approval.

import { approvalsRequest } from "../../modules/ai/approvals/approvals.ops.ts";
import type { ApprovalSource } from "../../modules/ai/approvals/approvals.schema.ts";
import { operationToolsFor } from "../../modules/ai/tools/catalog.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Membership, Operation } from "../../platform/operations/define.ts";
import type { Caller, Execute } from "../../platform/operations/execute.ts";
import { roleHas } from "../../platform/operations/permissions.ts";
import type { Services } from "../../platform/services.ts";

export interface McpSession {
  db: Db;
  services: Services;
  execute: Execute;
  /** The token's caller: every call goes through the registry as it. */
  caller: Caller;
  membership: Membership;
}

export interface McpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: {
    title?: string;
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
  /** Runs the tool; the result is a JSON object (structuredContent). */
  call(args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Other sources of tools (OpenAPI tool sources) plug in here. */
export type McpToolProvider = (session: McpSession) => Promise<McpTool[]>;

const APPROVAL_NOTE =
  "Changes data: the call waits for a person to approve it in Glass Pane (Approvals), unless an admin granted this token auto-approval.";

/** MCP wants an object schema at the top of every input. */
function objectSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return schema.type === "object" ? schema : { type: "object", properties: {} };
}

/**
 * Asks for a mutating call through approvals.request and shapes the answer for a model: a
 * pending request says plainly that a person must approve it, and how to check back.
 */
export async function requestThroughApproval(
  session: McpSession,
  request: { operation: string; input: unknown; source: ApprovalSource; sourceRef?: string },
): Promise<Record<string, unknown>> {
  const approval = (await session.execute(
    approvalsRequest as unknown as Operation,
    request,
    session.caller,
  )) as { id: string; status: string; result: unknown; error: unknown };
  if (approval.status === "pending") {
    return {
      status: "pending_approval",
      approvalId: approval.id,
      operation: request.operation,
      message: `Pending approval ${approval.id}: nothing has changed yet. Ask a person to approve it in Glass Pane (Approvals); it expires in 7 days.`,
    };
  }
  return {
    status: approval.status,
    approvalId: approval.id,
    operation: request.operation,
    autoApproved: true,
    result: approval.result,
    error: approval.error,
  };
}

/** The registry's tools for the session's role, each bound to the session's caller. */
export function operationTools(session: McpSession): McpTool[] {
  // A role that may not ask for approvals (viewers, guests) gets no mutating tools at all.
  const mayRequest = roleHas(session.membership.role, "approvals:request");
  const tools = operationToolsFor(session.membership.role).filter((t) => t.readOnly || mayRequest);
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.readOnly ? tool.description : `${tool.description}\n\n${APPROVAL_NOTE}`,
    inputSchema: objectSchema(tool.inputSchema),
    annotations: {
      title: tool.operation.summary,
      readOnlyHint: tool.readOnly,
      destructiveHint: tool.destructive,
      idempotentHint: tool.readOnly,
      openWorldHint: false,
    },
    async call(args) {
      if (tool.readOnly) {
        const result = await session.execute(tool.operation, args, session.caller);
        return { result: result ?? null };
      }
      return requestThroughApproval(session, {
        operation: tool.operation.name,
        input: args,
        source: "mcp",
        sourceRef: session.caller.actor.type === "token" ? session.caller.actor.tokenId : undefined,
      });
    },
  }));
}

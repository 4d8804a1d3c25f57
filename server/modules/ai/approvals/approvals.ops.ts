import { z } from "zod";
import { forbidden, notFound } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { roleHas } from "../../../platform/operations/permissions.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { deciderLabel, requestCall, runApproved } from "./approvals.run.ts";
import { APPROVAL_SOURCES, APPROVAL_STATUSES } from "./approvals.schema.ts";
import {
  type ApprovalRow,
  approvalOf,
  decide,
  listApprovals,
  setAutoApproval,
  viewOf,
} from "./approvals.service.ts";

export const zApproval = z.object({
  id: zId,
  source: z.enum(APPROVAL_SOURCES),
  sourceRef: z.string().nullable(),
  requestedBy: zId.nullable(),
  requesterLabel: z.string(),
  operation: z.string(),
  input: z.unknown().describe("The exact input, with secret-looking fields redacted"),
  note: z.string().nullable(),
  status: z.enum([...APPROVAL_STATUSES, "expired"]),
  autoApproved: z.boolean(),
  decidedBy: zId.nullable(),
  decidedAt: zTimestamp.nullable(),
  reason: z.string().nullable(),
  result: z.unknown(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: zTimestamp,
  expiresAt: zTimestamp,
});

/** Owners and admins see and decide every request; others only those made for themselves. */
const seesAll = (ctx: OperationContext) =>
  !!ctx.membership && roleHas(ctx.membership.role, "approvals:decideAll");

async function visibleApproval(ctx: OperationContext, id: string): Promise<ApprovalRow> {
  const row = await approvalOf(ctx.db, workspaceOf(ctx), id);
  // Someone else's request answers as if it did not exist, like another workspace's id.
  if (!seesAll(ctx) && row.requestedBy !== userOf(ctx)) throw notFound("Approval");
  return row;
}

/**
 * A decision is a person's: an API token (the very thing an MCP client or script holds) can
 * never approve its own requests. The local CLI counts as a person at the server.
 */
function assertPerson(ctx: OperationContext): string | null {
  if (ctx.actor.type === "token")
    throw forbidden("Requests are approved by a person signed in to Glass Pane, not by a token");
  return ctx.actor.type === "user" ? ctx.actor.userId : null;
}

/** Whoever asked (an automation run waiting on its step) hears of the decision and its outcome. */
const announceDecision = (ctx: OperationContext, row: ApprovalRow) =>
  ctx.services.domainEvents.emit(ctx.db, row.workspaceId, "approval.decided", {
    approvalId: row.id,
    source: row.source,
    sourceRef: row.sourceRef,
    status: row.status,
  });

export const approvalsList = defineOperation({
  name: "approvals.list",
  summary: "Operation calls asked for by MCP clients, the agent or automations, newest first",
  description:
    "Owners and admins see every request of the workspace; others see the requests made with their own tokens.",
  input: z.object({
    status: z.enum([...APPROVAL_STATUSES, "expired"]).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  output: z.array(zApproval),
  permission: "approvals:read",
  mutates: false,
  handler: async (input, ctx) => {
    const rows = await listApprovals(ctx.db, workspaceOf(ctx), {
      status: input.status,
      limit: input.limit,
      requestedBy: seesAll(ctx)
        ? undefined
        : (userOf(ctx) ?? "00000000-0000-0000-0000-000000000000"),
    });
    return rows.map((row) => viewOf(row));
  },
});

export const approvalsGet = defineOperation({
  name: "approvals.get",
  summary: "One request: the exact operation and input, who asked, the decision and outcome",
  input: z.object({ id: zId }),
  output: zApproval,
  permission: "approvals:read",
  mutates: false,
  handler: async (input, ctx) => viewOf(await visibleApproval(ctx, input.id)),
});

export const approvalsRequest = defineOperation({
  name: "approvals.request",
  summary: "Ask for a mutating operation to be run once a person approves it",
  description:
    "The input is checked now; owners and admins are notified. A token with a standing grant (mcp.tokens.grant) runs it at once.",
  input: z.strictObject({
    operation: z.string().min(1).max(120).describe("Operation name, e.g. tasks.create"),
    input: z.record(z.string(), z.unknown()).default({}),
    source: z.enum(APPROVAL_SOURCES).default("api"),
    sourceRef: z.string().max(200).optional(),
    note: z.string().max(2000).optional().describe("Why, in the caller's words"),
  }),
  output: zApproval,
  permission: "approvals:request",
  mutates: true,
  // A granted request runs its operation through the registry, in its own transaction.
  atomic: false,
  example: { operation: "projects.create", input: { key: "WEB", name: "Website" } },
  handler: (input, ctx) => requestCall(ctx, input),
});

export const approvalsApprove = defineOperation({
  name: "approvals.approve",
  summary: "Approve a pending request: its operation runs now as the requester, and is audited",
  input: z.strictObject({ id: zId }),
  output: zApproval,
  permission: "approvals:decide",
  mutates: true,
  // The approved operation runs through the registry with its own transaction and audit entry.
  atomic: false,
  handler: async (input, ctx) => {
    const deciderId = assertPerson(ctx);
    const row = await visibleApproval(ctx, input.id);
    ctx.audit.targetId = row.id;
    const approved = await decide(ctx.db, row, { status: "approved", decidedBy: deciderId });
    const outcome = await runApproved(ctx, approved, await deciderLabel(ctx));
    await announceDecision(ctx, outcome);
    return viewOf(outcome);
  },
});

export const approvalsDeny = defineOperation({
  name: "approvals.deny",
  summary: "Deny a pending request; it will never run",
  input: z.strictObject({ id: zId, reason: z.string().trim().max(1000).optional() }),
  output: zApproval,
  permission: "approvals:decide",
  mutates: true,
  handler: async (input, ctx) => {
    const deciderId = assertPerson(ctx);
    const row = await visibleApproval(ctx, input.id);
    ctx.audit.targetId = row.id;
    const denied = await decide(ctx.db, row, {
      status: "denied",
      decidedBy: deciderId,
      reason: input.reason,
    });
    await announceDecision(ctx, denied);
    return viewOf(denied);
  },
});

export const mcpTokensGrant = defineOperation({
  name: "mcp.tokens.grant",
  summary: "Let an API token's mutating MCP tool calls run without asking (or stop that)",
  description:
    "A standing pre-approval, for a trusted automation. Each call is still recorded as an approval and audited.",
  input: z.strictObject({ tokenId: zId, autoApprove: z.boolean() }),
  output: z.object({ tokenId: zId, tokenName: z.string(), autoApprove: z.boolean() }),
  permission: "mcp:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const grantedBy = assertPerson(ctx);
    ctx.audit.targetId = input.tokenId;
    return setAutoApproval(ctx.db, { ...input, workspaceId: workspaceOf(ctx), grantedBy });
  },
});

export const approvalOperations = [
  approvalsList,
  approvalsGet,
  approvalsRequest,
  approvalsApprove,
  approvalsDeny,
  mcpTokensGrant,
] as const;

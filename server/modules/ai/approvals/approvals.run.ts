// Asking for and running approved operation calls. Kept apart from the operations so the MCP
// adapter, tool sources and the agent share one path: what runs is exactly what was approved,
// as the person (or token) who asked, with their role checked again at that moment.

import { AppError, forbidden, invalid } from "../../../platform/errors.ts";
import type { Actor, Operation, OperationContext } from "../../../platform/operations/define.ts";
import { toInputError } from "../../../platform/operations/execute.ts";
import { inputIssueMessage } from "../../../platform/operations/input-messages.ts";
import { roleHas, type WorkspacePermission } from "../../../platform/operations/permissions.ts";
import type { ApprovalSource } from "./approvals.schema.ts";
import {
  type ApprovalRow,
  emailOf,
  hasAutoApproval,
  insertApproval,
  isTokenUsable,
  notifyDeciders,
  recordOutcome,
  viewOf,
} from "./approvals.service.ts";

/**
 * Operations that may be asked for: the tool catalog's mutations (never identity, tokens or
 * secrets), plus `toolsources.call`, the door to imported OpenAPI tools.
 */
export async function approvableOperation(name: string): Promise<Operation | undefined> {
  // Loaded on use: the registry lists this module's operations, so a static import would be a
  // cycle that breaks whenever this module happens to load first.
  const { allOperationTools } = await import("../tools/catalog.ts");
  const tool = allOperationTools().find((t) => t.operation.name === name);
  if (tool) return tool.operation;
  const { operationsByName } = await import("../../../registry.ts");
  return EXTERNAL_TOOL_CALLS.has(name) ? operationsByName.get(name) : undefined;
}

/** Calls into imported OpenAPI tools and external MCP servers: not catalog tools themselves. */
const EXTERNAL_TOOL_CALLS = new Set(["toolsources.call"]);

export interface CallRequest {
  source: ApprovalSource;
  sourceRef?: string;
  operation: string;
  input: unknown;
  note?: string;
}

function requesterOf(actor: Actor) {
  if (actor.type === "token")
    return { requestedBy: actor.userId, requestedByToken: actor.tokenId, label: actor.label };
  if (actor.type === "user")
    return { requestedBy: actor.userId, requestedByToken: null, label: actor.label };
  if (actor.type === "system")
    return { requestedBy: null, requestedByToken: null, label: actor.label };
  throw new AppError("unauthenticated", "Sign in or send an API token to continue");
}

/**
 * Records a request to run a mutating operation. The input is validated and the requester's
 * role checked now, so a request that could never run is refused at once. With a standing
 * grant for the asking token it runs immediately (still recorded and audited).
 */
export async function requestCall(ctx: OperationContext, request: CallRequest) {
  const workspaceId = ctx.membership!.workspaceId;
  const op = await approvableOperation(request.operation);
  if (!op) throw invalid("operation", `${request.operation} is not an operation tools may call`);
  if (!op.mutates)
    throw invalid("operation", `${op.name} changes nothing and needs no approval: call it`);
  if (!roleHas(ctx.membership!.role, op.permission as WorkspacePermission)) {
    throw forbidden(
      `Your role (${ctx.membership!.role}) does not allow ${op.name}: it needs ${op.permission}`,
    );
  }
  const parsed = op.input.safeParse(request.input ?? {}, { error: inputIssueMessage });
  if (!parsed.success) {
    const error = toInputError(parsed.error);
    const field = error.details.field ? `input.${error.details.field}` : "input";
    throw new AppError("invalid_input", `input.${error.message}`, { field });
  }
  const requester = requesterOf(ctx.actor);
  const isAuto =
    requester.requestedByToken !== null &&
    (await hasAutoApproval(ctx.db, workspaceId, requester.requestedByToken));
  const row = await insertApproval(
    ctx.db,
    {
      workspaceId,
      source: request.source,
      sourceRef: request.sourceRef ?? requester.requestedByToken,
      requestedBy: requester.requestedBy,
      requestedByToken: requester.requestedByToken,
      requesterLabel: requester.label,
      operation: op.name,
      input: request.input ?? {},
      note: request.note,
    },
    { autoApproved: isAuto },
  );
  ctx.audit.targetId = row.id;
  if (isAuto) return viewOf(await runApproved(ctx, row, "standing grant"));
  await notifyDeciders(ctx.db, ctx.services.notifications, row);
  return viewOf(row);
}

/**
 * Runs an approved request through the registry as its requester: a token that was revoked
 * or expired meanwhile acts no more, and the registry checks the requester's current role.
 * The executed mutation gets its own audit entry, labelled with who approved it.
 */
export async function runApproved(
  ctx: OperationContext,
  row: ApprovalRow,
  approvedBy: string,
): Promise<ApprovalRow> {
  const op = await approvableOperation(row.operation);
  const fail = (code: string, message: string) =>
    recordOutcome(ctx.db, row, { error: { code, message } });
  if (!op) return fail("not_found", `${row.operation} no longer exists`);
  const label = `${row.requesterLabel}, approved by ${approvedBy}`.slice(0, 300);
  let actor: Actor;
  if (row.requestedByToken) {
    if (!(await isTokenUsable(ctx.db, row.requestedByToken)))
      return fail("unauthenticated", "The API token that asked was revoked or has expired");
    actor = {
      type: "token",
      tokenId: row.requestedByToken,
      userId: row.requestedBy!,
      workspaceId: row.workspaceId,
      label,
    };
  } else if (row.requestedBy) {
    actor = { type: "user", userId: row.requestedBy, sessionId: `approval:${row.id}`, label };
  } else {
    actor = { type: "system", label };
  }
  try {
    const result = await ctx.execute(op, row.input, {
      actor,
      workspaceId: row.workspaceId,
      request: ctx.request,
    });
    return await recordOutcome(ctx.db, row, { result: result ?? null });
  } catch (error) {
    if (!(error instanceof AppError)) {
      ctx.log.error({ err: error, approval: row.id }, "approved call failed");
      return fail("internal", `${row.operation} failed on the server; the error is in its log`);
    }
    return fail(error.code, error.message);
  }
}

/** The decider's name for labels: their email, or the CLI's label. */
export async function deciderLabel(ctx: OperationContext): Promise<string> {
  if (ctx.actor.type === "user" || ctx.actor.type === "token")
    return emailOf(ctx.db, ctx.actor.userId);
  return ctx.actor.type === "system" ? ctx.actor.label : "anonymous";
}

import { and, desc, eq, gt, lt, or, type SQL } from "drizzle-orm";
import { apiTokens, users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, notFound } from "../../../platform/errors.ts";
import type { NotificationService } from "../../../platform/notifications/notifications.service.ts";
import { summarizeInput } from "../../../platform/operations/redact.ts";
import { memberships } from "../../../platform/workspaces/workspaces.schema.ts";
import {
  type ApprovalSource,
  type ApprovalStatus,
  approvals,
  mcpTokenGrants,
} from "./approvals.schema.ts";

export type ApprovalRow = typeof approvals.$inferSelect;

/** A request nobody decided on within a week is void: its context has gone stale. */
export const APPROVAL_TTL_MS = 7 * 24 * 3600 * 1000;

export interface NewApproval {
  workspaceId: string;
  source: ApprovalSource;
  sourceRef?: string | null;
  requestedBy: string | null;
  requestedByToken?: string | null;
  requesterLabel: string;
  operation: string;
  input: unknown;
  note?: string | null;
}

/** What people and callers see of a request: the input redacted, expiry applied. */
export function viewOf(row: ApprovalRow, now = new Date()) {
  const isExpired = row.status === "pending" && row.expiresAt <= now;
  return {
    id: row.id,
    source: row.source,
    sourceRef: row.sourceRef,
    requestedBy: row.requestedBy,
    requesterLabel: row.requesterLabel,
    operation: row.operation,
    input: summarizeInput(row.input),
    note: row.note,
    status: isExpired ? ("expired" as const) : row.status,
    autoApproved: row.autoApproved,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    reason: row.reason,
    result: row.result ?? null,
    error: (row.error as { code: string; message: string } | null) ?? null,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** Records a request; it waits as "pending" (or is marked approved at once by a grant). */
export async function insertApproval(
  db: Db,
  input: NewApproval,
  options: { autoApproved?: boolean; now?: Date } = {},
): Promise<ApprovalRow> {
  const now = options.now ?? new Date();
  const [row] = await db
    .insert(approvals)
    .values({
      workspaceId: input.workspaceId,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      requestedBy: input.requestedBy,
      requestedByToken: input.requestedByToken ?? null,
      requesterLabel: input.requesterLabel.slice(0, 300),
      operation: input.operation,
      input: input.input ?? {},
      note: input.note ?? null,
      status: options.autoApproved ? "approved" : "pending",
      autoApproved: options.autoApproved ?? false,
      decidedAt: options.autoApproved ? now : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + APPROVAL_TTL_MS),
    })
    .returning();
  return row!;
}

/** Tells the workspace's owners and admins that a request waits for them. */
export async function notifyDeciders(
  db: Db,
  notifications: Pick<NotificationService, "notify">,
  row: ApprovalRow,
): Promise<void> {
  const deciders = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, row.workspaceId),
        or(eq(memberships.role, "owner"), eq(memberships.role, "admin")),
      ),
    );
  const userIds = new Set(deciders.map((d) => d.userId));
  // The person the request acts for may decide it too (approvals.ops.ts explains why).
  if (row.requestedBy) userIds.add(row.requestedBy);
  await notifications.notify(db, {
    workspaceId: row.workspaceId,
    userIds: [...userIds],
    kind: "approval.requested",
    title: `Approval needed: ${row.operation}`,
    body: `${row.requesterLabel} (${row.source}) asks to run ${row.operation}. Review the exact input and approve or deny it.`,
    link: `/approvals/${row.id}`,
    data: { approvalId: row.id, operation: row.operation },
  });
}

export async function listApprovals(
  db: Db,
  workspaceId: string,
  filter: { status?: ApprovalStatus | "expired"; requestedBy?: string; limit: number },
  now = new Date(),
) {
  const conditions: (SQL | undefined)[] = [eq(approvals.workspaceId, workspaceId)];
  if (filter.requestedBy) conditions.push(eq(approvals.requestedBy, filter.requestedBy));
  if (filter.status === "expired") {
    conditions.push(eq(approvals.status, "pending"), lt(approvals.expiresAt, now));
  } else if (filter.status) {
    conditions.push(eq(approvals.status, filter.status));
    if (filter.status === "pending") conditions.push(gt(approvals.expiresAt, now));
  }
  return db
    .select()
    .from(approvals)
    .where(and(...conditions))
    .orderBy(desc(approvals.createdAt), desc(approvals.id))
    .limit(filter.limit);
}

export async function approvalOf(db: Db, workspaceId: string, id: string): Promise<ApprovalRow> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.workspaceId, workspaceId), eq(approvals.id, id)));
  if (!row) throw notFound("Approval");
  return row;
}

/**
 * Moves a pending, unexpired request to its decision in one conditional update, so two people
 * clicking at once cannot both run it: the second finds it no longer pending.
 */
export async function decide(
  db: Db,
  row: ApprovalRow,
  decision: { status: "approved" | "denied"; decidedBy: string | null; reason?: string | null },
  now = new Date(),
): Promise<ApprovalRow> {
  const [updated] = await db
    .update(approvals)
    .set({
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: now,
      reason: decision.reason ?? null,
      // A denied request will never run: keep only what is safe to show.
      ...(decision.status === "denied" ? { input: summarizeInput(row.input) } : {}),
    })
    .where(
      and(
        eq(approvals.id, row.id),
        eq(approvals.workspaceId, row.workspaceId),
        eq(approvals.status, "pending"),
        gt(approvals.expiresAt, now),
      ),
    )
    .returning();
  if (!updated) {
    const status = viewOf(row, now).status;
    throw conflict(
      status === "pending" ? "This request was decided a moment ago" : `This request is ${status}`,
    );
  }
  return updated;
}

/** Stores what came of running an approved request; the full input is no longer kept. */
export async function recordOutcome(
  db: Db,
  row: ApprovalRow,
  outcome: { result: unknown } | { error: { code: string; message: string } },
): Promise<ApprovalRow> {
  const isOk = "result" in outcome;
  const [updated] = await db
    .update(approvals)
    .set({
      status: isOk ? "executed" : "failed",
      result: isOk ? (summarizeInput(outcome.result) ?? null) : null,
      error: isOk ? null : outcome.error,
      input: summarizeInput(row.input),
    })
    .where(and(eq(approvals.id, row.id), eq(approvals.workspaceId, row.workspaceId)))
    .returning();
  return updated!;
}

/** Whether an API token that asked is still usable: revoked or expired tokens act no more. */
export async function isTokenUsable(db: Db, tokenId: string, now = new Date()): Promise<boolean> {
  const [token] = await db
    .select({ revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, tokenId));
  if (!token || token.revokedAt) return false;
  return !token.expiresAt || token.expiresAt > now;
}

/** The email of a person, for labels of approved calls. */
export async function emailOf(db: Db, userId: string): Promise<string> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user?.email ?? userId;
}

/** Whether an admin granted this token auto-approval of its mutating tool calls. */
export async function hasAutoApproval(db: Db, workspaceId: string, tokenId: string) {
  const [grant] = await db
    .select({ autoApprove: mcpTokenGrants.autoApprove })
    .from(mcpTokenGrants)
    .where(and(eq(mcpTokenGrants.workspaceId, workspaceId), eq(mcpTokenGrants.tokenId, tokenId)));
  return grant?.autoApprove ?? false;
}

/** Sets or clears a token's standing grant; the token must be one of the workspace's. */
export async function setAutoApproval(
  db: Db,
  input: { workspaceId: string; tokenId: string; autoApprove: boolean; grantedBy: string | null },
) {
  const [token] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, input.workspaceId), eq(apiTokens.id, input.tokenId)));
  if (!token) throw notFound("API token");
  if (token.revokedAt && input.autoApprove) throw conflict("This token is revoked");
  const values = {
    workspaceId: input.workspaceId,
    tokenId: input.tokenId,
    autoApprove: input.autoApprove,
    grantedBy: input.grantedBy,
    updatedAt: new Date(),
  };
  await db
    .insert(mcpTokenGrants)
    .values(values)
    .onConflictDoUpdate({ target: mcpTokenGrants.tokenId, set: values });
  return { tokenId: token.id, tokenName: token.name, autoApprove: input.autoApprove };
}

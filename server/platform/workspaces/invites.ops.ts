import { z } from "zod";
import { getClient } from "../../modules/invoicing/clients/clients.service.ts";
import { AppError } from "../errors.ts";
import { defineOperation, userOf, workspaceOf } from "../operations/define.ts";
import { ROLES } from "../operations/permissions.ts";
import { zEmail, zId, zName, zOk, zPassword, zTimestamp } from "../operations/zod.ts";

const zInvite = z.object({
  id: zId,
  role: z.enum(ROLES),
  email: z.string().nullable(),
  createdAt: zTimestamp,
  expiresAt: zTimestamp,
});

function inviteUrl(base: string | undefined, token: string): string {
  return `${(base ?? "").replace(/\/$/, "")}/invite/${token}`;
}

export const invitesCreate = defineOperation({
  name: "invites.create",
  summary: "Create an invitation link (valid 7 days, one use)",
  input: z.strictObject({
    role: z.enum(ROLES).default("member"),
    email: zEmail.optional().describe("When set, only this address may accept"),
    clientId: zId.optional(),
  }),
  output: zInvite.extend({ token: z.string(), url: z.string() }),
  permission: "members:manage",
  mutates: true,
  handler: async (input, ctx) => {
    // A guest's client record must be one of this workspace's.
    if (input.clientId) await getClient(ctx.db, workspaceOf(ctx), input.clientId);
    const { token, invite } = await ctx.services.workspaces.createInvite(ctx.db, {
      workspaceId: workspaceOf(ctx),
      role: input.role,
      email: input.email,
      clientId: input.clientId,
      createdBy: userOf(ctx) ?? null,
      actorRole: ctx.membership!.role,
    });
    ctx.audit.targetId = invite.id;
    return { ...invite, token, url: inviteUrl(ctx.services.config.publicUrl, token) };
  },
});

export const invitesList = defineOperation({
  name: "invites.list",
  summary: "Open invitations of the workspace",
  input: z.object({}),
  output: z.array(zInvite),
  permission: "members:manage",
  mutates: false,
  handler: async (_input, ctx) => ctx.services.workspaces.listInvites(ctx.db, workspaceOf(ctx)),
});

export const invitesRevoke = defineOperation({
  name: "invites.revoke",
  summary: "Withdraw an invitation before it is used",
  input: z.strictObject({ inviteId: zId }),
  output: zOk,
  permission: "members:manage",
  mutates: true,
  handler: async (input, ctx) => {
    await ctx.services.workspaces.revokeInvite(ctx.db, workspaceOf(ctx), input.inviteId);
    ctx.audit.targetId = input.inviteId;
    return { ok: true as const };
  },
});

export const invitesPreview = defineOperation({
  name: "invites.preview",
  summary: "What an invitation link leads to (workspace name and role)",
  input: z.object({ token: z.string().min(10).max(100) }),
  output: z.object({
    workspaceName: z.string(),
    role: z.enum(ROLES),
    email: z.string().nullable(),
  }),
  permission: "public",
  mutates: false,
  handler: async (input, ctx) => {
    const { invite, workspaceName } = await ctx.services.workspaces.findInvite(ctx.db, input.token);
    return { workspaceName, role: invite.role, email: invite.email };
  },
});

export const invitesAccept = defineOperation({
  name: "invites.accept",
  summary: "Join a workspace with an invitation: signed in, or creating an account",
  input: z.strictObject({
    token: z.string().min(10).max(100),
    account: z.strictObject({ email: zEmail, name: zName, password: zPassword }).optional(),
  }),
  output: z.object({ workspaceId: zId }),
  permission: "public",
  mutates: true,
  handler: async (input, ctx) => {
    const { auth, workspaces } = ctx.services;
    const { invite } = await workspaces.findInvite(ctx.db, input.token);
    const signedIn = ctx.actor.type === "user" ? ctx.actor : undefined;
    if (!signedIn && !input.account) {
      throw new AppError(
        "unauthenticated",
        "Sign in, or give account details to create one, to accept this invite",
      );
    }
    const email = (signedIn?.label ?? input.account!.email).trim().toLowerCase();
    // Checked before an account exists: a refused attempt must not leave a session cookie.
    if (invite.email && invite.email !== email) {
      throw new AppError(
        "forbidden",
        `This invite is for ${invite.email}; sign in with that address`,
      );
    }
    const userId = signedIn?.userId ?? (await auth.createUser(ctx.db, input.account!)).id;
    await workspaces.addMember(ctx.db, {
      workspaceId: invite.workspaceId,
      userId,
      role: invite.role,
      clientId: invite.clientId,
    });
    await workspaces.markInviteAccepted(ctx.db, invite.id, userId);
    if (signedIn) {
      await auth.setCurrentWorkspace(ctx.db, signedIn.sessionId, invite.workspaceId);
    } else if (ctx.transport.startSession) {
      // After joining, so the new session opens in the workspace it was invited to.
      const session = await auth.startSession(ctx.db, userId, ctx.request);
      ctx.transport.startSession(session.token, session.expiresAt);
    }
    Object.assign(ctx.audit, {
      workspaceId: invite.workspaceId,
      actorUserId: userId,
      actorLabel: email,
      targetId: invite.id,
    });
    return { workspaceId: invite.workspaceId };
  },
});

export const inviteOperations = [
  invitesCreate,
  invitesList,
  invitesRevoke,
  invitesPreview,
  invitesAccept,
] as const;

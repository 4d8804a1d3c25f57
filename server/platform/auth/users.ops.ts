import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError, notFound } from "../errors.ts";
import { defineOperation } from "../operations/define.ts";
import { ROLES, weakerRole } from "../operations/permissions.ts";
import { zEmail, zId, zName, zOk, zPassword, zTimestamp } from "../operations/zod.ts";
import { memberships, workspaces } from "../workspaces/workspaces.schema.ts";
import { users } from "./auth.schema.ts";

// Instance administration: accounts span workspaces, so a workspace admin must not reset a
// password that also opens other workspaces. Only the local CLI ("system") runs these.

export const usersList = defineOperation({
  name: "users.list",
  summary: "Every account on this instance with its workspaces",
  input: z.object({}),
  output: z.array(
    z.object({
      id: zId,
      email: z.string(),
      name: z.string(),
      createdAt: zTimestamp,
      lockedUntil: zTimestamp.nullable(),
      workspaces: z.array(z.object({ name: z.string(), role: z.string() })),
    }),
  ),
  permission: "system",
  mutates: false,
  handler: async (_input, ctx) => {
    const rows = await ctx.db.select().from(users).orderBy(asc(users.email));
    const links = await ctx.db
      .select({ userId: memberships.userId, name: workspaces.name, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId));
    return rows.map((u) => ({ ...u, workspaces: links.filter((l) => l.userId === u.id) }));
  },
});

export const usersCreate = defineOperation({
  name: "users.create",
  summary: "Create an account, optionally adding it to a workspace",
  input: z.strictObject({
    email: zEmail,
    name: zName.optional(),
    password: zPassword,
    workspaceId: zId.optional(),
    role: z.enum(ROLES).default("member"),
  }),
  output: z.object({ id: zId, email: z.string(), name: z.string() }),
  permission: "system",
  mutates: true,
  handler: async (input, ctx) => {
    const user = await ctx.services.auth.createUser(ctx.db, {
      email: input.email,
      name: input.name ?? input.email.split("@")[0]!,
      password: input.password,
    });
    if (input.workspaceId) {
      await ctx.services.workspaces.get(ctx.db, input.workspaceId);
      await ctx.services.workspaces.addMember(ctx.db, {
        workspaceId: input.workspaceId,
        userId: user.id,
        role: input.role,
      });
      ctx.audit.workspaceId = input.workspaceId;
    }
    ctx.audit.targetId = user.id;
    return user;
  },
});

export const usersResetPassword = defineOperation({
  name: "users.resetPassword",
  summary: "Set a new password for an account and sign out all its sessions",
  input: z.strictObject({ email: zEmail, newPassword: zPassword }),
  output: zOk,
  permission: "system",
  mutates: true,
  handler: async (input, ctx) => {
    const user = await ctx.services.auth.findUserByEmail(ctx.db, input.email);
    if (!user) throw notFound(`Account ${input.email}`);
    await ctx.services.auth.setPassword(ctx.db, user.id, input.newPassword);
    ctx.audit.targetId = user.id;
    return { ok: true as const };
  },
});

export const usersIssueToken = defineOperation({
  name: "users.issueToken",
  summary: "Create an API token for an account in a workspace (shown once)",
  input: z.strictObject({
    email: zEmail,
    workspace: z.string().min(1).describe("Workspace name or id"),
    name: zName,
    role: z.enum(ROLES).optional().describe("Defaults to the member's role; cannot exceed it"),
  }),
  output: z.object({ id: zId, token: z.string(), role: z.enum(ROLES), workspaceId: zId }),
  permission: "system",
  mutates: true,
  handler: async (input, ctx) => {
    const { auth } = ctx.services;
    const user = await auth.findUserByEmail(ctx.db, input.email);
    if (!user) throw notFound(`Account ${input.email}`);
    const workspace = await auth.systemMembership(ctx.db, input.workspace);
    const membership =
      workspace && (await auth.membershipOf(ctx.db, user.id, workspace.workspaceId));
    if (!membership) throw notFound(`${input.email}'s membership in workspace ${input.workspace}`);
    const role = input.role ?? membership.role;
    if (weakerRole(role, membership.role) !== role) {
      throw new AppError(
        "forbidden",
        `A token cannot exceed its owner's role (${membership.role})`,
      );
    }
    const { token, row } = await auth.createToken(ctx.db, {
      workspaceId: membership.workspaceId,
      userId: user.id,
      name: input.name,
      role,
    });
    Object.assign(ctx.audit, { workspaceId: membership.workspaceId, targetId: row.id });
    return { id: row.id, token, role, workspaceId: membership.workspaceId };
  },
});

export const userOperations = [
  usersList,
  usersCreate,
  usersResetPassword,
  usersIssueToken,
] as const;

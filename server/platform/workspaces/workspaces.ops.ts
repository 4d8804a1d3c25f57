import { z } from "zod";
import { getClient } from "../../modules/invoicing/clients/clients.service.ts";
import { AppError } from "../errors.ts";
import { defineOperation, userOf, workspaceOf } from "../operations/define.ts";
import { ROLES } from "../operations/permissions.ts";
import { zId, zName, zOk, zTimestamp } from "../operations/zod.ts";
import { canonicalTimeZone } from "../time-zone.ts";

const zRole = z.enum(ROLES);
const zWorkspace = z.object({
  id: zId,
  name: z.string(),
  currency: z.string(),
  locale: z.string(),
  timezone: z.string().describe("IANA time zone; days and periods start at its midnight"),
  isDemo: z.boolean(),
  createdAt: zTimestamp,
});
const zCurrency = z.string().regex(/^[A-Z]{3}$/, "use an ISO 4217 code such as USD or EUR");

export const workspacesCreate = defineOperation({
  name: "workspaces.create",
  summary: "Create a workspace; you become its owner",
  input: z.strictObject({ name: zName, currency: zCurrency.default("USD") }),
  output: zWorkspace,
  permission: "user",
  mutates: true,
  handler: async (input, ctx) => {
    const userId = userOf(ctx);
    if (!userId || ctx.actor.type === "token") {
      throw new AppError("forbidden", "Sign in as a person to create a workspace");
    }
    const workspace = await ctx.services.workspaces.create(ctx.db, {
      ...input,
      ownerUserId: userId,
    });
    Object.assign(ctx.audit, { workspaceId: workspace.id, targetId: workspace.id });
    return workspace;
  },
});

export const workspacesSwitch = defineOperation({
  name: "workspaces.switch",
  summary: "Make another of your workspaces the current one for this session",
  input: z.strictObject({ workspaceId: zId }),
  output: zOk,
  permission: "user",
  mutates: true,
  handler: async (input, ctx) => {
    if (ctx.actor.type !== "user")
      throw new AppError("forbidden", "Only browser sessions switch workspaces");
    const membership = await ctx.services.auth.membershipOf(
      ctx.db,
      ctx.actor.userId,
      input.workspaceId,
    );
    if (!membership) throw new AppError("not_found", "Workspace not found");
    await ctx.services.auth.setCurrentWorkspace(ctx.db, ctx.actor.sessionId, input.workspaceId);
    ctx.audit.workspaceId = input.workspaceId;
    return { ok: true as const };
  },
});

export const workspacesGet = defineOperation({
  name: "workspaces.get",
  summary: "The current workspace and your role in it",
  input: z.object({}),
  output: zWorkspace.extend({ role: zRole }),
  permission: "workspace:read",
  mutates: false,
  cache: "workspace",
  handler: async (_input, ctx) => ({
    ...(await ctx.services.workspaces.get(ctx.db, workspaceOf(ctx))),
    role: ctx.membership!.role,
  }),
});

export const workspacesUpdate = defineOperation({
  name: "workspaces.update",
  summary: "Rename the workspace or change its currency, locale and time zone",
  description:
    "The time zone (IANA, such as Australia/Sydney) decides which day a time entry, a burndown point or an overdue task falls on, and where invoice periods drawn from time entries begin.",
  input: z.strictObject({
    name: zName.optional(),
    currency: zCurrency.optional(),
    locale: z.string().min(2).max(35).optional(),
    timezone: z.string().min(1).max(64).optional(),
  }),
  output: zWorkspace,
  permission: "workspace:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const patch = input.timezone
      ? { ...input, timezone: canonicalTimeZone(input.timezone) }
      : input;
    ctx.audit.targetId = workspaceOf(ctx);
    return ctx.services.workspaces.update(ctx.db, workspaceOf(ctx), patch);
  },
});

export const workspacesDelete = defineOperation({
  name: "workspaces.delete",
  summary: "Delete the workspace and everything in it",
  input: z.strictObject({
    confirmName: z.string().describe("The workspace's name, typed to confirm"),
  }),
  output: zOk,
  permission: "workspace:delete",
  mutates: true,
  handler: async (input, ctx) => {
    const workspace = await ctx.services.workspaces.get(ctx.db, workspaceOf(ctx));
    if (input.confirmName !== workspace.name) {
      throw new AppError(
        "invalid_input",
        "confirmName: type the workspace's exact name to delete it",
        { field: "confirmName" },
      );
    }
    await ctx.services.workspaces.remove(ctx.db, workspace.id);
    return { ok: true as const };
  },
});

const zMember = z.object({
  userId: zId,
  email: z.string(),
  name: z.string(),
  role: zRole,
  clientId: zId.nullable(),
  joinedAt: zTimestamp,
});

export const membersList = defineOperation({
  name: "members.list",
  summary: "Members of the workspace and their roles",
  input: z.object({}),
  output: z.array(zMember),
  permission: "members:read",
  mutates: false,
  cache: "workspace",
  handler: async (_input, ctx) => ctx.services.workspaces.members(ctx.db, workspaceOf(ctx)),
});

export const membersUpdateRole = defineOperation({
  name: "members.updateRole",
  summary: "Change a member's role (client guests are tied to one client record)",
  input: z.strictObject({ userId: zId, role: zRole, clientId: zId.nullable().optional() }),
  output: zOk,
  permission: "members:manage",
  mutates: true,
  handler: async (input, ctx) => {
    // A guest's client record must be one of this workspace's.
    if (input.clientId) await getClient(ctx.db, workspaceOf(ctx), input.clientId);
    await ctx.services.workspaces.setRole(ctx.db, {
      ...input,
      workspaceId: workspaceOf(ctx),
      actorRole: ctx.membership!.role,
    });
    ctx.audit.targetId = input.userId;
    return { ok: true as const };
  },
});

export const membersRemove = defineOperation({
  name: "members.remove",
  summary: "Remove a member from the workspace",
  input: z.strictObject({ userId: zId }),
  output: zOk,
  permission: "members:manage",
  mutates: true,
  handler: async (input, ctx) => {
    await ctx.services.workspaces.removeMember(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: input.userId,
      actorRole: ctx.membership!.role,
    });
    ctx.audit.targetId = input.userId;
    return { ok: true as const };
  },
});

export const workspaceOperations = [
  workspacesCreate,
  workspacesSwitch,
  workspacesGet,
  workspacesUpdate,
  workspacesDelete,
  membersList,
  membersUpdateRole,
  membersRemove,
] as const;

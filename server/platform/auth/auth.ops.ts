import { count, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { AppError, conflict, unauthenticated } from "../errors.ts";
import { defineOperation, type OperationContext } from "../operations/define.ts";
import { zEmail, zId, zName, zOk, zPassword, zTimestamp } from "../operations/zod.ts";
import { VERSION } from "../version.ts";
import { users } from "./auth.schema.ts";

const zUser = z.object({ id: zId, email: z.string(), name: z.string() });
const zWorkspaceRef = z.object({ id: zId, name: z.string() });

async function isSetUp(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

function sessionActor(ctx: OperationContext) {
  if (ctx.actor.type !== "user") {
    throw new AppError("forbidden", "This needs a signed-in browser session, not an API token");
  }
  return ctx.actor;
}

export const systemStatus = defineOperation({
  name: "system.status",
  summary: "Whether this instance still needs its first-run setup",
  input: z.object({}),
  output: z.object({ setupRequired: z.boolean(), version: z.string(), database: z.string() }),
  permission: "public",
  mutates: false,
  handler: async (_input, ctx) => ({
    setupRequired: !(await isSetUp(ctx.db)),
    version: VERSION,
    database: ctx.services.config.databaseUrl ? "postgres" : "pglite",
  }),
});

export const setupCreate = defineOperation({
  name: "setup.create",
  summary: "First run: create the owner account and the first workspace",
  description:
    "Refused once any account exists. In a browser it also signs the owner in; with issueToken it returns an API token (shown once).",
  input: z.strictObject({
    email: zEmail,
    name: zName.optional(),
    password: zPassword,
    workspaceName: zName,
    demo: z
      .boolean()
      .default(false)
      .describe("Also create a demo workspace filled with sample data"),
    issueToken: z.boolean().default(false),
  }),
  output: z.object({
    user: zUser,
    workspace: zWorkspaceRef,
    demoWorkspace: zWorkspaceRef.nullable(),
    token: z.string().nullable(),
  }),
  permission: "public",
  mutates: true,
  example: {
    email: "owner@example.com",
    password: "a long passphrase",
    workspaceName: "Acme Studio",
    demo: true,
    issueToken: false,
  },
  handler: async (input, ctx) => {
    const { auth, workspaces, demo } = ctx.services;
    // Serialise concurrent first runs: only one may find the instance empty.
    await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(727274002)`);
    if (await isSetUp(ctx.db)) throw conflict("Glass Pane is already set up: sign in instead");
    const user = await auth.createUser(ctx.db, {
      email: input.email,
      name: input.name ?? input.email.split("@")[0]!,
      password: input.password,
    });
    const workspace = await workspaces.create(ctx.db, {
      name: input.workspaceName,
      ownerUserId: user.id,
    });
    const demoWorkspace = input.demo ? await demo.createDemoWorkspace(ctx.db, user.id) : null;
    Object.assign(ctx.audit, {
      workspaceId: workspace.id,
      actorUserId: user.id,
      actorLabel: user.email,
      targetId: user.id,
    });
    let token: string | null = null;
    if (input.issueToken) {
      token = (
        await auth.createToken(ctx.db, {
          workspaceId: workspace.id,
          userId: user.id,
          name: "setup",
          role: "owner",
        })
      ).token;
    }
    if (ctx.transport.startSession) {
      const session = await auth.startSession(ctx.db, user.id, ctx.request);
      ctx.transport.startSession(session.token, session.expiresAt);
    }
    return { user, workspace, demoWorkspace, token };
  },
});

export const authLogin = defineOperation({
  name: "auth.login",
  summary: "Sign in with email and password (starts a browser session)",
  input: z.strictObject({ email: zEmail, password: zPassword }),
  output: z.object({ user: zUser }),
  permission: "public",
  mutates: true,
  atomic: false,
  handler: async (input, ctx) => {
    if (!ctx.transport.startSession) {
      throw new AppError(
        "invalid_input",
        "Sign-in starts a browser session; use an API token instead",
      );
    }
    const session = await ctx.services.auth.login({ ...input, ...ctx.request });
    ctx.transport.startSession(session.token, session.expiresAt);
    const user = await ctx.services.auth.findUserByEmail(ctx.db, input.email);
    Object.assign(ctx.audit, { actorUserId: session.userId, actorLabel: user!.email });
    return { user: user! };
  },
});

export const authLogout = defineOperation({
  name: "auth.logout",
  summary: "End this browser session",
  input: z.strictObject({}),
  output: zOk,
  permission: "user",
  mutates: true,
  handler: async (_input, ctx) => {
    const actor = sessionActor(ctx);
    await ctx.services.auth.revokeSession(ctx.db, actor.userId, actor.sessionId);
    ctx.transport.endSession?.();
    return { ok: true as const };
  },
});

export const authSession = defineOperation({
  name: "auth.session",
  summary: "Who is signed in, their workspaces and the current one",
  input: z.object({}),
  output: z.object({
    user: zUser,
    actorType: z.enum(["user", "token", "system"]),
    workspaces: z.array(
      z.object({
        id: zId,
        name: z.string(),
        role: z.string(),
        isDemo: z.boolean(),
        currency: z.string(),
        locale: z.string(),
        timezone: z.string(),
      }),
    ),
    currentWorkspaceId: zId.nullable(),
  }),
  permission: "user",
  mutates: false,
  handler: async (_input, ctx) => {
    const { actor } = ctx;
    if (actor.type === "system" || actor.type === "anonymous") {
      throw new AppError(
        "invalid_input",
        "auth.session describes a person; the local CLI has none",
      );
    }
    const [user] = await ctx.db.select().from(users).where(sql`${users.id} = ${actor.userId}`);
    if (!user) throw unauthenticated();
    const all = await ctx.services.workspaces.listForUser(ctx.db, actor.userId);
    const list = actor.type === "token" ? all.filter((w) => w.id === actor.workspaceId) : all;
    const current =
      actor.type === "token"
        ? actor.workspaceId
        : await ctx.services.auth.defaultWorkspaceId(ctx.db, actor);
    return {
      user,
      actorType: actor.type,
      workspaces: list,
      currentWorkspaceId: list.some((w) => w.id === current)
        ? (current ?? null)
        : (list[0]?.id ?? null),
    };
  },
});

export const authChangePassword = defineOperation({
  name: "auth.changePassword",
  summary: "Change your password; your other sessions are signed out",
  input: z.strictObject({ currentPassword: zPassword, newPassword: zPassword }),
  output: zOk,
  permission: "user",
  mutates: true,
  handler: async (input, ctx) => {
    const actor = sessionActor(ctx);
    await ctx.services.auth.changePassword(ctx.db, {
      userId: actor.userId,
      current: input.currentPassword,
      next: input.newPassword,
      keepSessionId: actor.sessionId,
    });
    ctx.audit.targetId = actor.userId;
    return { ok: true as const };
  },
});

export const authListSessions = defineOperation({
  name: "auth.listSessions",
  summary: "Your signed-in sessions (browsers and devices)",
  input: z.object({}),
  output: z.array(
    z.object({
      id: zId,
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      createdAt: zTimestamp,
      lastSeenAt: zTimestamp,
      isCurrent: z.boolean(),
    }),
  ),
  permission: "user",
  mutates: false,
  handler: async (_input, ctx) => {
    const actor = ctx.actor;
    if (actor.type !== "user" && actor.type !== "token") return [];
    const rows = await ctx.services.auth.listSessions(ctx.db, actor.userId);
    return rows.map((s) => ({
      ...s,
      isCurrent: actor.type === "user" && s.id === actor.sessionId,
    }));
  },
});

export const authRevokeSession = defineOperation({
  name: "auth.revokeSession",
  summary: "Sign out one of your sessions",
  input: z.strictObject({ sessionId: zId }),
  output: zOk,
  permission: "user",
  mutates: true,
  handler: async (input, ctx) => {
    const actor = ctx.actor;
    if (actor.type !== "user" && actor.type !== "token") throw unauthenticated();
    await ctx.services.auth.revokeSession(ctx.db, actor.userId, input.sessionId);
    ctx.audit.targetId = input.sessionId;
    return { ok: true as const };
  },
});

export const authOperations = [
  systemStatus,
  setupCreate,
  authLogin,
  authLogout,
  authSession,
  authChangePassword,
  authListSessions,
  authRevokeSession,
] as const;

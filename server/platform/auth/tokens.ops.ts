import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { AppError, notFound } from "../errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../operations/define.ts";
import { ROLES, roleHas, weakerRole } from "../operations/permissions.ts";
import { zId, zName, zOk, zTimestamp } from "../operations/zod.ts";
import { apiTokens, users } from "./auth.schema.ts";

const zToken = z.object({
  id: zId,
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES),
  ownerEmail: z.string(),
  createdAt: zTimestamp,
  lastUsedAt: zTimestamp.nullable(),
  lastUsedIp: z.string().nullable(),
  expiresAt: zTimestamp.nullable(),
});

function personOf(ctx: OperationContext): string {
  const userId = userOf(ctx);
  if (!userId)
    throw new AppError("forbidden", "API tokens belong to a person: sign in to manage them");
  return userId;
}

export const tokensList = defineOperation({
  name: "tokens.list",
  summary: "Your API tokens in this workspace (admins see everyone's)",
  input: z.object({}),
  output: z.array(zToken),
  permission: "tokens:manage",
  mutates: false,
  handler: async (_input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const seesAll = roleHas(ctx.membership!.role, "members:manage");
    const rows = await ctx.db
      .select({ token: apiTokens, ownerEmail: users.email })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.workspaceId, workspaceId),
          isNull(apiTokens.revokedAt),
          seesAll ? undefined : eq(apiTokens.userId, personOf(ctx)),
        ),
      )
      .orderBy(desc(apiTokens.createdAt));
    return rows.map((r) => ({ ...r.token, ownerEmail: r.ownerEmail }));
  },
});

export const tokensCreate = defineOperation({
  name: "tokens.create",
  summary: "Create an API token for this workspace; the secret is shown only once",
  input: z.strictObject({
    name: zName,
    role: z.enum(ROLES).optional().describe("Defaults to your own role; cannot exceed it"),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  }),
  output: zToken.extend({ token: z.string() }),
  permission: "tokens:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const own = ctx.membership!.role;
    const role = input.role ?? own;
    if (weakerRole(role, own) !== role) {
      throw new AppError(
        "forbidden",
        `A token cannot have more rights than you: your role is ${own}`,
      );
    }
    const userId = personOf(ctx);
    const expiresAt = input.expiresInDays
      ? new Date(Date.now() + input.expiresInDays * 86_400_000)
      : null;
    const { token, row } = await ctx.services.auth.createToken(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId,
      name: input.name,
      role,
      expiresAt,
    });
    ctx.audit.targetId = row.id;
    const ownerEmail =
      ctx.actor.type === "anonymous" || ctx.actor.type === "system"
        ? ""
        : ctx.actor.label.split(" ")[0]!;
    return { ...row, ownerEmail, token };
  },
});

export const tokensRevoke = defineOperation({
  name: "tokens.revoke",
  summary: "Revoke an API token (yours, or anyone's if you manage members)",
  input: z.strictObject({ tokenId: zId }),
  output: zOk,
  permission: "tokens:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const mayRevokeAny = roleHas(ctx.membership!.role, "members:manage");
    const rows = await ctx.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiTokens.id, input.tokenId),
          eq(apiTokens.workspaceId, workspaceId),
          isNull(apiTokens.revokedAt),
          mayRevokeAny ? undefined : eq(apiTokens.userId, personOf(ctx)),
        ),
      )
      .returning({ id: apiTokens.id });
    if (rows.length === 0) throw notFound("Token");
    ctx.audit.targetId = input.tokenId;
    return { ok: true as const };
  },
});

export const tokenOperations = [tokensList, tokensCreate, tokensRevoke] as const;

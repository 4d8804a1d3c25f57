import { and, eq } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { Actor, Membership } from "../operations/define.ts";
import { type Role, weakerRole } from "../operations/permissions.ts";
import { memberships } from "../workspaces/workspaces.schema.ts";
import { apiTokens, users } from "./auth.schema.ts";
import type { SecurityEvent } from "./auth.service.ts";
import type { AuthCache } from "./auth-cache.ts";
import { generateToken, hashToken } from "./tokens.ts";

/** Writes of last-used times are coalesced to one per minute per token. */
const TOUCH_INTERVAL_MS = 60_000;

interface TokenAuthDeps {
  db: Db;
  clock: () => Date;
  cache: AuthCache;
  recordEvent: (db: Db, entry: SecurityEvent) => Promise<void>;
}

/** API tokens: issuing them, and who a token is and what it may do on each call. */
export function createTokenAuth({ db, clock, cache, recordEvent }: TokenAuthDeps) {
  return {
    /** The actor behind an API token; records use from an address not seen before. */
    async authenticateToken(token: string, info: { ip?: string; userAgent?: string }) {
      const tokenHash = hashToken(token);
      const row = await cache.get(`token:${tokenHash}`, async () => {
        const [found] = await db
          .select({ token: apiTokens, email: users.email })
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .where(eq(apiTokens.tokenHash, tokenHash));
        return found;
      });
      const now = clock();
      if (!row || row.token.revokedAt) return undefined;
      if (row.token.expiresAt && row.token.expiresAt <= now) return undefined;
      const t = row.token;
      const isNewAddress =
        info.ip !== undefined && t.lastUsedIp !== null && info.ip !== t.lastUsedIp;
      const isStale = !t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > TOUCH_INTERVAL_MS;
      if (isNewAddress || isStale || t.lastUsedIp === null) {
        await db
          .update(apiTokens)
          .set({ lastUsedAt: now, lastUsedIp: info.ip ?? t.lastUsedIp })
          .where(eq(apiTokens.id, t.id));
        t.lastUsedAt = now;
        t.lastUsedIp = info.ip ?? t.lastUsedIp;
      }
      const label = `${row.email} (token ${t.name})`;
      if (isNewAddress) {
        await recordEvent(db, {
          action: "tokens.usedFromNewAddress",
          outcome: "ok",
          userId: t.userId,
          tokenId: t.id,
          workspaceId: t.workspaceId,
          label,
          ip: info.ip ?? null,
          userAgent: info.userAgent ?? null,
        });
      }
      const actor: Actor = {
        type: "token",
        userId: t.userId,
        tokenId: t.id,
        workspaceId: t.workspaceId,
        label,
      };
      return actor;
    },

    /** A token acts with the weaker of its own role and its owner's current one. */
    async tokenMembership(db: Db, actor: Extract<Actor, { type: "token" }>) {
      const row = await cache.get(`tokenMember:${actor.tokenId}`, async () => {
        const [found] = await db
          .select({ member: memberships, tokenRole: apiTokens.role })
          .from(apiTokens)
          .innerJoin(
            memberships,
            and(
              eq(memberships.workspaceId, apiTokens.workspaceId),
              eq(memberships.userId, apiTokens.userId),
            ),
          )
          .where(eq(apiTokens.id, actor.tokenId));
        return found;
      });
      if (!row) return undefined;
      return {
        workspaceId: actor.workspaceId,
        role: weakerRole(row.tokenRole, row.member.role),
        clientId: row.member.clientId,
      } satisfies Membership;
    },

    /** Issues an API token; the secret is returned once and stored only as a hash. */
    async createToken(
      tx: Db,
      input: {
        workspaceId: string;
        userId: string;
        name: string;
        role: Role;
        expiresAt?: Date | null;
      },
    ) {
      const token = generateToken("gp");
      const [row] = await tx
        .insert(apiTokens)
        .values({
          workspaceId: input.workspaceId,
          userId: input.userId,
          name: input.name,
          role: input.role,
          prefix: token.slice(0, 10),
          tokenHash: hashToken(token),
          expiresAt: input.expiresAt ?? null,
        })
        .returning();
      return { token, row: row! };
    },
  };
}

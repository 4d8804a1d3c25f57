import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { AppError, conflict, notFound } from "../errors.ts";
import type { Actor, Membership } from "../operations/define.ts";
import { isRole, type Role } from "../operations/permissions.ts";
import { memberships, workspaces } from "../workspaces/workspaces.schema.ts";
import { sessions, users } from "./auth.schema.ts";
import { AuthCache } from "./auth-cache.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords.ts";
import { AddressThrottle, lockoutSeconds } from "./throttle.ts";
import { createTokenAuth } from "./token-auth.ts";
import { generateToken, hashToken } from "./tokens.ts";

const SESSION_IDLE_MS = 7 * 24 * 3600_000;
const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
/** Writes of last-seen/last-used times are coalesced to one per minute per session or token. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthDeps {
  db: Db;
  clock?: () => Date;
  /** Audit entries that are not operations: sign-ins, token use from a new address. */
  recordEvent: (db: Db, entry: SecurityEvent) => Promise<void>;
  /** Tells the other instances to drop their cached credentials. */
  broadcastInvalidation?: () => void;
}

export interface SecurityEvent {
  action: string;
  outcome: string;
  userId: string | null;
  tokenId?: string | null;
  workspaceId?: string | null;
  label: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
  userId: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toRole(value: string): Role {
  if (!isRole(value)) throw new AppError("internal", `unknown role ${value}`);
  return value;
}

export type AuthService = ReturnType<typeof createAuthService>;

/** Accounts, sessions, API tokens and the memberships the registry checks. */
export function createAuthService({
  db,
  clock = () => new Date(),
  recordEvent,
  broadcastInvalidation,
}: AuthDeps) {
  const throttle = new AddressThrottle();
  const cache = new AuthCache();

  async function findUserByEmail(tx: Db, email: string) {
    const [row] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
    return row;
  }

  async function startSession(tx: Db, userId: string, info: { ip?: string; userAgent?: string }) {
    const token = generateToken("gps");
    const now = clock();
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    const [first] = await tx
      .select({ workspaceId: memberships.workspaceId })
      .from(memberships)
      .where(eq(memberships.userId, userId))
      .orderBy(asc(memberships.createdAt))
      .limit(1);
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      userId,
      csrfToken: generateToken("gp").slice(3),
      currentWorkspaceId: first?.workspaceId ?? null,
      ip: info.ip ?? null,
      userAgent: info.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { token, expiresAt, userId } satisfies NewSession;
  }

  return {
    startSession,
    ...createTokenAuth({ db, clock, cache, recordEvent }),

    /** Forgets cached credentials and memberships here and on every other instance. */
    invalidate() {
      cache.clear();
      broadcastInvalidation?.();
    },

    /** Forgets cached credentials here only (on another instance's notice). */
    invalidateLocal: () => cache.clear(),

    /** Creates an account; the email must be new and the password pass the policy. */
    async createUser(tx: Db, input: { email: string; name: string; password: string | null }) {
      if (input.password !== null) checkPasswordPolicy(input.password, "password", input.email);
      if (await findUserByEmail(tx, input.email)) {
        throw conflict(`An account with the email ${normalizeEmail(input.email)} already exists`);
      }
      const [user] = await tx
        .insert(users)
        .values({
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          passwordHash: input.password === null ? null : await hashPassword(input.password),
          passwordChangedAt: clock(),
        })
        .returning();
      return user!;
    },

    findUserByEmail,

    /** Checks credentials with per-address throttling and per-account lockout. */
    /** Not for use inside a transaction: failed attempts must be recorded even as it throws. */
    async login(input: { email: string; password: string; ip?: string; userAgent?: string }) {
      const address = input.ip ?? "unknown";
      const wait = throttle.retryAfter(address);
      if (wait > 0) {
        throw new AppError(
          "rate_limited",
          `Too many sign-in attempts from your address. Try again in ${wait} s.`,
          { retryAfter: wait },
        );
      }
      const user = await findUserByEmail(db, input.email);
      const now = clock();
      if (user?.lockedUntil && user.lockedUntil > now) {
        const seconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
        throw new AppError(
          "rate_limited",
          `This account is locked after repeated failed sign-ins. Try again in ${seconds} s.`,
          { retryAfter: seconds },
        );
      }
      const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
      const event = { ip: input.ip ?? null, userAgent: input.userAgent ?? null };
      if (!user || !ok) {
        throttle.fail(address);
        if (user) {
          const failed = user.failedLogins + 1;
          const lock = lockoutSeconds(failed);
          await db
            .update(users)
            .set({
              failedLogins: failed,
              lockedUntil: lock ? new Date(now.getTime() + lock * 1000) : null,
            })
            .where(eq(users.id, user.id));
        }
        await recordEvent(db, {
          action: "auth.login",
          outcome: "invalid_credentials",
          userId: user?.id ?? null,
          label: normalizeEmail(input.email).slice(0, 100),
          ...event,
        });
        throw new AppError("unauthenticated", "Email or password is incorrect");
      }
      throttle.succeed(address);
      return db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ failedLogins: 0, lockedUntil: null })
          .where(eq(users.id, user.id));
        // The success is audited by the registry with the operation; failures only here.
        return startSession(tx as Db, user.id, input);
      });
    },

    /** The actor behind a session cookie, or undefined when it is unknown, revoked or expired. */
    async authenticateSession(token: string) {
      const tokenHash = hashToken(token);
      const row = await cache.get(`session:${tokenHash}`, async () => {
        const [found] = await db
          .select({ session: sessions, email: users.email })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(eq(sessions.tokenHash, tokenHash));
        return found;
      });
      const now = clock();
      if (!row || row.session.revokedAt || row.session.expiresAt <= now) return undefined;
      if (now.getTime() - row.session.lastSeenAt.getTime() > SESSION_IDLE_MS) return undefined;
      if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
        row.session.lastSeenAt = now;
      }
      const actor: Actor = {
        type: "user",
        userId: row.session.userId,
        sessionId: row.session.id,
        label: row.email,
      };
      return { actor, csrfToken: row.session.csrfToken, session: row.session };
    },

    async membershipOf(
      db: Db,
      userId: string,
      workspaceId: string,
    ): Promise<Membership | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(workspaceId)) return undefined;
      return cache.get(`member:${userId}:${workspaceId}`, async () => {
        const [row] = await db
          .select()
          .from(memberships)
          .where(and(eq(memberships.userId, userId), eq(memberships.workspaceId, workspaceId)));
        return row ? { workspaceId, role: toRole(row.role), clientId: row.clientId } : undefined;
      });
    },

    async defaultWorkspaceId(db: Db, actor: Extract<Actor, { type: "user" }>) {
      return cache.get(`current:${actor.sessionId}`, async () => {
        const [row] = await db
          .select({ id: sessions.currentWorkspaceId })
          .from(sessions)
          .where(eq(sessions.id, actor.sessionId));
        return row?.id ?? undefined;
      });
    },

    /** The local CLI acts as owner of the workspace it names (or the only one there is). */
    async systemMembership(db: Db, workspace: string | undefined): Promise<Membership | undefined> {
      const rows = workspace
        ? await db
            .select({ id: workspaces.id })
            .from(workspaces)
            .where(
              /^[0-9a-f-]{36}$/i.test(workspace)
                ? eq(workspaces.id, workspace)
                : sql`lower(${workspaces.name}) = ${workspace.toLowerCase()}`,
            )
        : await db.select({ id: workspaces.id }).from(workspaces).limit(2);
      if (rows.length === 0) return undefined;
      if (rows.length > 1) {
        throw new AppError(
          "invalid_input",
          workspace
            ? `More than one workspace is named "${workspace}": pass its id instead`
            : "There is more than one workspace: name one with --workspace",
          { field: "workspace" },
        );
      }
      return { workspaceId: rows[0]!.id, role: "owner", clientId: null };
    },

    /** Changes a password after checking the current one; ends the user's other sessions. */
    async changePassword(
      tx: Db,
      input: { userId: string; current: string; next: string; keepSessionId?: string },
    ) {
      const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
      if (!user) throw notFound("User");
      if (!(await verifyPassword(input.current, user.passwordHash))) {
        throw new AppError("invalid_input", "currentPassword: the current password is incorrect", {
          field: "currentPassword",
        });
      }
      await this.setPassword(tx, user.id, input.next, input.keepSessionId);
    },

    /** Sets a password (after the policy) and revokes every session but the one kept. */
    async setPassword(tx: Db, userId: string, password: string, keepSessionId?: string) {
      const [user] = await tx.select().from(users).where(eq(users.id, userId));
      if (!user) throw notFound("User");
      checkPasswordPolicy(password, "newPassword", user.email);
      await tx
        .update(users)
        .set({
          passwordHash: await hashPassword(password),
          passwordChangedAt: clock(),
          failedLogins: 0,
          lockedUntil: null,
        })
        .where(eq(users.id, userId));
      const open = and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
      await tx
        .update(sessions)
        .set({ revokedAt: clock() })
        .where(keepSessionId ? and(open, sql`${sessions.id} <> ${keepSessionId}`) : open);
    },

    async listSessions(db: Db, userId: string) {
      return db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, clock()),
          ),
        )
        .orderBy(asc(sessions.createdAt));
    },

    async revokeSession(tx: Db, userId: string, sessionId: string) {
      const rows = await tx
        .update(sessions)
        .set({ revokedAt: clock() })
        .where(
          and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)),
        )
        .returning({ id: sessions.id });
      if (rows.length === 0) throw notFound("Session");
    },

    async setCurrentWorkspace(tx: Db, sessionId: string, workspaceId: string) {
      await tx
        .update(sessions)
        .set({ currentWorkspaceId: workspaceId })
        .where(eq(sessions.id, sessionId));
    },
  };
}

import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { users } from "../auth/auth.schema.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import type { Db } from "../db/database.ts";
import { AppError, conflict, forbidden, notFound } from "../errors.ts";
import type { Role } from "../operations/permissions.ts";
import { purgeWorkspaceRows } from "./workspace-purge.ts";
import { invites, memberships, workspaces } from "./workspaces.schema.ts";

const INVITE_DAYS = 7;

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;

/** The IANA zone whose midnights divide the workspace's days. */
export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const [row] = await db
    .select({ timezone: workspaces.timezone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound("Workspace");
  return row.timezone;
}

/** Workspaces, their members and invitations. Every query names the workspace it reads. */
export function createWorkspaceService(clock: () => Date = () => new Date()) {
  /**
   * Locks the owners' rows while counting them: two owners demoting each other at once would
   * otherwise both see two owners and leave none (the second waits and then counts one).
   */
  async function ownerCount(db: Db, workspaceId: string) {
    const owners = await db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")))
      .for("update");
    return owners.length;
  }

  async function memberOf(db: Db, workspaceId: string, userId: string) {
    const [row] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
    if (!row) throw notFound("Member");
    return row;
  }

  /** Admins manage members and admins; only owners touch owners or make new ones. */
  function assertMayManage(actorRole: Role, targetRole: string, newRole?: Role) {
    if (actorRole !== "owner" && (targetRole === "owner" || newRole === "owner")) {
      throw forbidden("Only an owner can change an owner or make someone an owner");
    }
  }

  return {
    async create(
      db: Db,
      input: { name: string; ownerUserId: string; isDemo?: boolean; currency?: string },
    ) {
      const [workspace] = await db
        .insert(workspaces)
        .values({
          name: input.name.trim(),
          isDemo: input.isDemo ?? false,
          currency: input.currency ?? "USD",
        })
        .returning();
      await db.insert(memberships).values({
        workspaceId: workspace!.id,
        userId: input.ownerUserId,
        role: "owner",
      });
      return workspace!;
    },

    async get(db: Db, workspaceId: string) {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
      if (!row) throw notFound("Workspace");
      return row;
    },

    timeZoneOf: workspaceTimeZone,

    async update(
      db: Db,
      workspaceId: string,
      patch: { name?: string; currency?: string; locale?: string; timezone?: string },
    ) {
      const [row] = await db
        .update(workspaces)
        .set(patch)
        .where(eq(workspaces.id, workspaceId))
        .returning();
      if (!row) throw notFound("Workspace");
      return row;
    },

    /** Deletes the workspace: cascading keys take most rows, the rest are purged first. */
    async remove(db: Db, workspaceId: string) {
      await purgeWorkspaceRows(db, workspaceId);
      await db.delete(workspaces).where(eq(workspaces.id, workspaceId));
    },

    /** The workspaces a person belongs to, with their role in each. */
    async listForUser(db: Db, userId: string) {
      return db
        .select({
          id: workspaces.id,
          name: workspaces.name,
          isDemo: workspaces.isDemo,
          currency: workspaces.currency,
          locale: workspaces.locale,
          timezone: workspaces.timezone,
          role: memberships.role,
        })
        .from(memberships)
        .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(workspaces.name));
    },

    async listAll(db: Db) {
      return db.select().from(workspaces).orderBy(asc(workspaces.name));
    },

    async members(db: Db, workspaceId: string) {
      return db
        .select({
          userId: users.id,
          email: users.email,
          name: users.name,
          role: memberships.role,
          clientId: memberships.clientId,
          joinedAt: memberships.createdAt,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.workspaceId, workspaceId))
        .orderBy(asc(users.email));
    },

    memberOf,

    async addMember(
      db: Db,
      input: { workspaceId: string; userId: string; role: Role; clientId?: string | null },
    ) {
      const existing = await db
        .select()
        .from(memberships)
        .where(
          and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)),
        );
      if (existing.length > 0) throw conflict("This person is already a member of the workspace");
      await db.insert(memberships).values({
        workspaceId: input.workspaceId,
        userId: input.userId,
        role: input.role,
        clientId: input.role === "client" ? (input.clientId ?? null) : null,
      });
    },

    /** Changes a member's role; the last owner keeps theirs. */
    async setRole(
      db: Db,
      input: {
        workspaceId: string;
        userId: string;
        role: Role;
        actorRole: Role;
        clientId?: string | null;
      },
    ) {
      const member = await memberOf(db, input.workspaceId, input.userId);
      assertMayManage(input.actorRole, member.role, input.role);
      if (
        member.role === "owner" &&
        input.role !== "owner" &&
        (await ownerCount(db, input.workspaceId)) <= 1
      ) {
        throw conflict("A workspace needs at least one owner: make someone else owner first");
      }
      await db
        .update(memberships)
        .set({
          role: input.role,
          clientId: input.role === "client" ? (input.clientId ?? null) : null,
        })
        .where(
          and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)),
        );
    },

    async removeMember(db: Db, input: { workspaceId: string; userId: string; actorRole: Role }) {
      const member = await memberOf(db, input.workspaceId, input.userId);
      assertMayManage(input.actorRole, member.role);
      if (member.role === "owner" && (await ownerCount(db, input.workspaceId)) <= 1) {
        throw conflict("The last owner cannot leave the workspace");
      }
      await db
        .delete(memberships)
        .where(
          and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)),
        );
    },

    /** An invitation link's secret is returned once; only its hash is kept. */
    async createInvite(
      db: Db,
      input: {
        workspaceId: string;
        role: Role;
        email?: string | null;
        clientId?: string | null;
        createdBy: string | null;
        actorRole: Role;
      },
    ) {
      assertMayManage(input.actorRole, "member", input.role);
      const token = generateToken("gpi");
      const [row] = await db
        .insert(invites)
        .values({
          workspaceId: input.workspaceId,
          tokenHash: hashToken(token),
          role: input.role,
          email: input.email?.trim().toLowerCase() ?? null,
          clientId: input.clientId ?? null,
          createdBy: input.createdBy,
          expiresAt: new Date(clock().getTime() + INVITE_DAYS * 24 * 3600_000),
        })
        .returning();
      return { token, invite: row! };
    },

    async listInvites(db: Db, workspaceId: string) {
      return db
        .select()
        .from(invites)
        .where(
          and(
            eq(invites.workspaceId, workspaceId),
            isNull(invites.acceptedAt),
            isNull(invites.revokedAt),
            gt(invites.expiresAt, clock()),
          ),
        )
        .orderBy(asc(invites.createdAt));
    },

    async revokeInvite(db: Db, workspaceId: string, inviteId: string) {
      const rows = await db
        .update(invites)
        .set({ revokedAt: clock() })
        .where(
          and(
            eq(invites.workspaceId, workspaceId),
            eq(invites.id, inviteId),
            isNull(invites.acceptedAt),
            isNull(invites.revokedAt),
          ),
        )
        .returning({ id: invites.id });
      if (rows.length === 0) throw notFound("Invite");
    },

    /** A usable invite by its secret, with its workspace's name, or a clear reason why not. */
    async findInvite(db: Db, token: string) {
      const [row] = await db
        .select({ invite: invites, workspaceName: workspaces.name })
        .from(invites)
        .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
        .where(eq(invites.tokenHash, hashToken(token)));
      if (!row || row.invite.revokedAt) throw notFound("Invite");
      if (row.invite.acceptedAt) throw conflict("This invite has already been used");
      if (row.invite.expiresAt <= clock()) {
        throw new AppError("conflict", "This invite has expired: ask for a new link");
      }
      return row;
    },

    /** Claims the invite; a concurrent acceptance that got there first makes this one fail. */
    async markInviteAccepted(db: Db, inviteId: string, userId: string) {
      const claimed = await db
        .update(invites)
        .set({ acceptedAt: clock(), acceptedBy: userId })
        .where(and(eq(invites.id, inviteId), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
        .returning({ id: invites.id });
      if (claimed.length === 0) throw conflict("This invite has already been used");
    },
  };
}

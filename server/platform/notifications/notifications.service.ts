import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import type { EventBus } from "../events/events.ts";
import type { WorkspaceService } from "../workspaces/workspaces.service.ts";
import { notifications } from "./notifications.schema.ts";

export type Notification = typeof notifications.$inferSelect;

export interface NotifyInput {
  workspaceId: string;
  /** Who receives it; by default every staff member (client guests never see internal alerts). */
  userIds?: string[];
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  data?: unknown;
}

export type NotificationService = ReturnType<typeof createNotificationService>;

/** In-app notifications: one row per recipient, each person reading only their own. */
export function createNotificationService(deps: {
  events: Pick<EventBus, "publish">;
  workspaces: Pick<WorkspaceService, "members">;
}) {
  return {
    /**
     * Notifies members of a workspace and tells their open browsers to refresh. Recipients
     * who are not members of the workspace are skipped, so a stale list cannot leak a note.
     */
    async notify(db: Db, input: NotifyInput): Promise<Notification[]> {
      const members = await deps.workspaces.members(db, input.workspaceId);
      const wanted = input.userIds ? new Set(input.userIds) : undefined;
      const recipients = members.filter((m) =>
        wanted ? wanted.has(m.userId) : m.role !== "client",
      );
      if (recipients.length === 0) return [];
      const rows = await db
        .insert(notifications)
        .values(
          recipients.map((m) => ({
            workspaceId: input.workspaceId,
            userId: m.userId,
            kind: input.kind,
            title: input.title.slice(0, 300),
            body: input.body.slice(0, 4_000),
            link: input.link ?? null,
            data: input.data ?? null,
          })),
        )
        .returning();
      // The web app refreshes the workspace's queries on "changed" (coalesced over 150 ms).
      deps.events.publish(input.workspaceId, {
        type: "changed",
        operation: "notifications.notify",
      });
      return rows;
    },

    /** One person's notifications in a workspace, newest first, with their unread count. */
    async list(
      db: Db,
      input: { workspaceId: string; userId: string; unreadOnly?: boolean; limit: number },
    ) {
      const mine = and(
        eq(notifications.workspaceId, input.workspaceId),
        eq(notifications.userId, input.userId),
      );
      const unread = and(mine, isNull(notifications.readAt));
      const items = await db
        .select()
        .from(notifications)
        .where(input.unreadOnly ? unread : mine)
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(input.limit);
      const [counted] = await db.select({ n: count() }).from(notifications).where(unread);
      return { items, unread: counted?.n ?? 0 };
    },

    /** Marks some (or all) of one person's notifications read; returns how many changed. */
    async markRead(
      db: Db,
      input: { workspaceId: string; userId: string; ids?: string[]; all?: boolean },
    ): Promise<number> {
      if (!input.all && (!input.ids || input.ids.length === 0)) return 0;
      const rows = await db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(
          and(
            eq(notifications.workspaceId, input.workspaceId),
            eq(notifications.userId, input.userId),
            isNull(notifications.readAt),
            input.all ? undefined : inArray(notifications.id, input.ids ?? []),
          ),
        )
        .returning({ id: notifications.id });
      return rows.length;
    },
  };
}

import { z } from "zod";
import { AppError } from "../errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../operations/define.ts";
import { zId, zTimestamp } from "../operations/zod.ts";

const zNotification = z.object({
  id: zId,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  data: z.unknown().nullable(),
  readAt: zTimestamp.nullable(),
  createdAt: zTimestamp,
});

/** Notifications belong to a person; the local CLI acts for nobody in particular. */
function personOf(ctx: OperationContext): string {
  const userId = userOf(ctx);
  if (!userId) throw new AppError("forbidden", "Notifications belong to a person: sign in");
  return userId;
}

export const notificationsList = defineOperation({
  name: "notifications.list",
  summary: "Your own notifications in this workspace, newest first, with the unread count",
  input: z.object({
    unreadOnly: z.union([z.boolean(), z.stringbool()]).default(false),
    limit: z.coerce.number().int().min(1).max(200).default(30),
  }),
  output: z.object({ items: z.array(zNotification), unread: z.number() }),
  permission: "notifications:read",
  mutates: false,
  handler: async (input, ctx) =>
    ctx.services.notifications.list(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: personOf(ctx),
      unreadOnly: input.unreadOnly,
      limit: input.limit,
    }),
});

export const notificationsMarkRead = defineOperation({
  name: "notifications.markRead",
  summary: "Mark some of your notifications read (ids), or all of them (all: true)",
  input: z
    .strictObject({
      ids: z.array(zId).min(1).max(500).optional(),
      all: z.literal(true).optional(),
    })
    .refine((input) => (input.ids === undefined) !== (input.all === undefined), {
      message: "give either ids or all: true",
      path: ["ids"],
    }),
  output: z.object({ updated: z.number() }),
  permission: "notifications:read",
  mutates: true,
  handler: async (input, ctx) => ({
    updated: await ctx.services.notifications.markRead(ctx.db, {
      workspaceId: workspaceOf(ctx),
      userId: personOf(ctx),
      ids: input.ids,
      all: input.all,
    }),
  }),
});

export const notificationOperations = [notificationsList, notificationsMarkRead] as const;

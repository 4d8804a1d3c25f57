import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { listTrash, purgeFromTrash, restoreFromTrash, TRASH_DAYS } from "./doc-trash.ts";
import { zDocKind } from "./docs.zod.ts";

export const docsTrashList = defineOperation({
  name: "docs.trash.list",
  summary: `Deleted pages, newest first, restorable for ${TRASH_DAYS} days`,
  input: z.object({}),
  output: z.array(
    z.object({
      id: zId.describe("The trash entry, for restore and purge"),
      pageId: zId,
      title: z.string(),
      kind: zDocKind,
      pageCount: z.number().int().describe("The page and its sub-pages"),
      deletedAt: zTimestamp,
      deletedBy: z.object({ id: zId, name: z.string() }).nullable(),
      purgeAfter: zTimestamp,
    }),
  ),
  permission: "docs:read",
  mutates: false,
  handler: async (_input, ctx) => {
    const rows = await listTrash(ctx.db, workspaceOf(ctx));
    return rows.map((r) => ({ ...r, kind: r.kind as z.infer<typeof zDocKind> }));
  },
});

export const docsTrashRestore = defineOperation({
  name: "docs.trash.restore",
  summary: "Put a deleted page back with its sub-pages, versions and links",
  input: z.strictObject({ id: zId.describe("The trash entry") }),
  output: zOk.extend({
    pageId: zId,
    title: z.string(),
    restored: z.number().int(),
    movedToTop: z.boolean().describe("Its parent page was deleted meanwhile: it is now at the top"),
  }),
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return { ok: true as const, ...(await restoreFromTrash(ctx.db, workspaceOf(ctx), input.id)) };
  },
});

export const docsTrashPurge = defineOperation({
  name: "docs.trash.purge",
  summary: "Delete a page in the trash for good",
  input: z.strictObject({ id: zId.describe("The trash entry") }),
  output: zOk.extend({ title: z.string(), purged: z.number().int() }),
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return { ok: true as const, ...(await purgeFromTrash(ctx.db, workspaceOf(ctx), input.id)) };
  },
});

export const docTrashOperations = [docsTrashList, docsTrashRestore, docsTrashPurge] as const;

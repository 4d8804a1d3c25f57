import { z } from "zod";
import { defineOperation, userOf, workspaceOf } from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { depsOf } from "../connectors.ops.ts";
import { setTags } from "./tags.service.ts";

// Provider limits (length, characters) are checked per provider in the service; these bounds only
// keep the input sane.
const zKey = z.string().min(1).max(512);

export const resourcesSetTags = defineOperation({
  name: "resources.setTags",
  summary:
    "Set and remove tags of one resource at its provider (AWS EC2, Azure, Google Cloud labels, DigitalOcean), then in the inventory with a change recording who did it",
  input: z.strictObject({
    id: zId,
    set: z
      .record(zKey, z.string().max(512))
      .optional()
      .describe("Tags to add or overwrite, key → value"),
    remove: z.array(zKey).max(100).optional().describe("Tag keys to remove"),
  }),
  output: z.object({
    id: zId,
    tags: z.record(z.string(), z.string()),
    changed: z.array(z.string()).describe("Keys whose value changed"),
    detail: z.string(),
  }),
  permission: "resources:operate",
  mutates: true,
  handler: async ({ id, set, remove }, ctx) => {
    ctx.audit.targetId = id;
    return setTags(ctx.db, depsOf(ctx), {
      workspaceId: workspaceOf(ctx),
      id,
      set: set ?? {},
      remove: remove ?? [],
      actorUserId: userOf(ctx),
    });
  },
});

export const resourceTagOperations = [resourcesSetTags] as const;

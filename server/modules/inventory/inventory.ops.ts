import { z } from "zod";
import { defineOperation, workspaceOf } from "../../platform/operations/define.ts";
import { zId } from "../../platform/operations/zod.ts";
import { enqueueResourceCosts } from "./inventory.jobs.ts";
import { zChange, zResourceDetail, zSearchInput, zSearchOutput } from "./inventory.zod.ts";
import { listChanges, resourceDetail } from "./resource.service.ts";
import { searchResources } from "./search.service.ts";

export const inventorySearch = defineOperation({
  name: "inventory.search",
  summary: "Search resources across every connected cloud, with facet counts",
  input: zSearchInput,
  output: zSearchOutput,
  permission: "inventory:read",
  mutates: false,
  handler: async (input, ctx) => {
    const result = await searchResources(ctx.db, workspaceOf(ctx), input);
    // Costs changed since they were derived: a job rebuilds them (and tells the page).
    if (result.costWindow.stale)
      await enqueueResourceCosts(ctx.db, ctx.services.jobs, workspaceOf(ctx));
    return result;
  },
});

export const inventoryGet = defineOperation({
  name: "inventory.get",
  summary: "One resource: attributes, tags, relations, change history and monthly cost",
  input: z.object({ id: zId }),
  output: zResourceDetail,
  permission: "inventory:read",
  mutates: false,
  handler: async ({ id }, ctx) => resourceDetail(ctx.db, workspaceOf(ctx), id) as never,
});

export const inventoryChanges = defineOperation({
  name: "inventory.changes",
  summary: "Resource changes (created, modified with diff, deleted), newest first",
  input: z.object({
    resourceId: zId.optional(),
    connectorId: zId.optional(),
    kind: z.enum(["created", "modified", "deleted"]).optional(),
    before: z.iso.datetime().optional().describe("Only changes before this instant (paging)"),
    beforeId: zId
      .optional()
      .describe("With before: the id of the previous page's last change (ties on time)"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  output: z.object({ items: z.array(zChange) }),
  permission: "inventory:read",
  mutates: false,
  handler: async (input, ctx) =>
    listChanges(ctx.db, workspaceOf(ctx), {
      ...input,
      before: input.before ? new Date(input.before) : undefined,
    }) as never,
});

export const inventoryOperations = [inventorySearch, inventoryGet, inventoryChanges] as const;

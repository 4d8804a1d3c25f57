import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { zGraph } from "../graph/graph.ops.ts";
import {
  addResources,
  createService,
  deleteService,
  listServices,
  removeResources,
  serviceDetail,
  updateService,
} from "./services.service.ts";

const TIERS = ["critical", "high", "medium", "low"] as const;
const zTagSelector = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((s) => Object.keys(s).length <= 10, "at most 10 tags")
  .describe("Resources whose tags include all of these are members, e.g. { service: 'checkout' }");
const zFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).optional(),
  ownerUserId: zId.nullable().optional().describe("A member of the workspace"),
  tier: z.enum(TIERS).optional(),
  runbookUrl: z.url().max(500).nullable().optional(),
  repoUrl: z.url().max(500).nullable().optional(),
  tagSelector: zTagSelector.optional(),
};
const zService = z.object({
  id: zId,
  name: z.string(),
  description: z.string(),
  ownerUserId: zId.nullable(),
  tier: z.enum(TIERS),
  runbookUrl: z.string().nullable(),
  repoUrl: z.string().nullable(),
  tagSelector: z.record(z.string(), z.string()),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});
const zResourceIds = z.array(zId).min(1).max(200);

export const servicesList = defineOperation({
  name: "services.list",
  summary: "The service catalog: services with owner, tier and member count",
  input: z.object({}),
  output: z.object({ items: z.array(zService.extend({ members: z.number() })) }),
  permission: "inventory:read",
  mutates: false,
  handler: async (_input, ctx) => ({
    items: (await listServices(ctx.db, workspaceOf(ctx))) as never,
  }),
});

export const servicesGet = defineOperation({
  name: "services.get",
  summary:
    "One service: its members (listed or matched by tags), their monthly cost and the dependency map among them",
  input: z.object({ id: zId }),
  output: zService.extend({
    members: z.array(
      z.object({
        id: zId,
        name: z.string(),
        provider: z.string(),
        type: z.string(),
        region: z.string(),
        state: z.string().nullable(),
        tags: z.record(z.string(), z.string()),
        via: z.enum(["listed", "tags"]),
      }),
    ),
    cost: z.object({
      currency: z.string().nullable(),
      months: z.array(z.object({ month: z.string(), effectiveCost: z.string() })),
    }),
    graph: zGraph,
  }),
  permission: "inventory:read",
  mutates: false,
  handler: async ({ id }, ctx) => (await serviceDetail(ctx.db, workspaceOf(ctx), id)) as never,
});

export const servicesCreate = defineOperation({
  name: "services.create",
  summary: "Add a service to the catalog",
  input: z.strictObject(zFields),
  output: zService,
  permission: "services:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const row = await createService(ctx.db, workspaceOf(ctx), input);
    ctx.audit.targetId = row.id;
    return row as never;
  },
});

export const servicesUpdate = defineOperation({
  name: "services.update",
  summary: "Change a service's name, owner, tier, links or tag selector",
  input: z.strictObject({ id: zId, ...zFields, name: zFields.name.optional() }),
  output: zService,
  permission: "services:manage",
  mutates: true,
  handler: async ({ id, ...input }, ctx) => {
    ctx.audit.targetId = id;
    return (await updateService(ctx.db, workspaceOf(ctx), id, input)) as never;
  },
});

export const servicesDelete = defineOperation({
  name: "services.delete",
  summary: "Remove a service from the catalog (its resources stay)",
  input: z.strictObject({ id: zId }),
  output: z.object({ id: zId }),
  permission: "services:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    ctx.audit.targetId = id;
    await deleteService(ctx.db, workspaceOf(ctx), id);
    return { id };
  },
});

export const servicesAddResources = defineOperation({
  name: "services.addResources",
  summary: "List resources as members of a service",
  input: z.strictObject({ id: zId, resourceIds: zResourceIds }),
  output: z.object({ id: zId }),
  permission: "services:manage",
  mutates: true,
  handler: async ({ id, resourceIds }, ctx) => {
    ctx.audit.targetId = id;
    await addResources(ctx.db, workspaceOf(ctx), id, resourceIds);
    return { id };
  },
});

export const servicesRemoveResources = defineOperation({
  name: "services.removeResources",
  summary: "Unlist resources from a service (members by tag selector stay while their tags match)",
  input: z.strictObject({ id: zId, resourceIds: zResourceIds }),
  output: z.object({ id: zId }),
  permission: "services:manage",
  mutates: true,
  handler: async ({ id, resourceIds }, ctx) => {
    ctx.audit.targetId = id;
    await removeResources(ctx.db, workspaceOf(ctx), id, resourceIds);
    return { id };
  },
});

export const serviceCatalogOperations = [
  servicesList,
  servicesGet,
  servicesCreate,
  servicesUpdate,
  servicesDelete,
  servicesAddResources,
  servicesRemoveResources,
] as const;

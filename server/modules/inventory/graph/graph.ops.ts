import { z } from "zod";
import { RELATION_TYPES } from "../../../connectors/types.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { zProvider } from "../inventory.zod.ts";
import { neighbourhood, workspaceGraph } from "./graph.service.ts";

export const zGraph = z.object({
  nodes: z.array(
    z.object({
      id: z.string().describe("Resource id, or native:<id> for an end no scan found"),
      resourceId: zId.nullable(),
      name: z.string(),
      type: z.string().nullable(),
      provider: z.string().nullable(),
      region: z.string().nullable(),
      state: z.string().nullable(),
    }),
  ),
  edges: z.array(
    z.object({ source: z.string(), target: z.string(), type: z.enum(RELATION_TYPES) }),
  ),
  truncated: z.boolean().describe("More matched than limit nodes could show"),
});

export const inventoryGraph = defineOperation({
  name: "inventory.graph",
  summary:
    "Dependency map: resources as nodes and their relations (attached-to, member-of, routes-to, depends-on) as edges — around one resource to a depth, or the whole workspace",
  input: z.object({
    id: zId.optional().describe("Centre on this resource; absent: the whole workspace"),
    depth: z.coerce.number().int().min(1).max(5).default(2),
    provider: zProvider.optional().describe("Whole workspace only"),
    type: z.string().max(60).optional().describe("Whole workspace only"),
    limit: z.coerce.number().int().min(1).max(1000).default(300).describe("Most nodes"),
  }),
  output: zGraph,
  permission: "inventory:read",
  mutates: false,
  handler: async (input, ctx) => {
    const graph = input.id
      ? await neighbourhood(ctx.db, workspaceOf(ctx), {
          id: input.id,
          depth: input.depth,
          limit: input.limit,
        })
      : await workspaceGraph(ctx.db, workspaceOf(ctx), input);
    return graph as z.infer<typeof zGraph>;
  },
});

export const inventoryGraphOperations = [inventoryGraph] as const;

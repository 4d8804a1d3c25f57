import { z } from "zod";
import {
  type CachePurge,
  RESOURCE_ACTIONS,
  type ResourceAction,
} from "../../../connectors/types.ts";
import { invalid } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { depsOf } from "../connectors.ops.ts";
import { resourceOf } from "../resource.service.ts";
import { actionHistory, availableActions, performActions } from "./actions.service.ts";
import { idleInstances, unattachedVolumes } from "./candidates.service.ts";
import { purgeTargetsOf, zPurgeFields } from "./purge-targets.ts";

/** The most resources one action call takes; candidate lists hand over that many ids. */
const BATCH = 50;

/** A candidate list with the ids of its first batch, ready for one resources.* call. */
const zCandidates = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    ids: z.array(zId).describe("The first 50 ids, for one resources.* call"),
    total: z.number(),
  });
const candidates = <T extends { id: string }>(items: T[]) => ({
  items,
  ids: items.slice(0, BATCH).map((i) => i.id),
  total: items.length,
});

const zIds = z
  .array(zId)
  .min(1)
  .max(BATCH)
  .describe("Inventory resource ids (at most 50); each is acted on and reported on its own");

const zResult = z.object({
  id: zId,
  name: z.string(),
  action: z.enum(RESOURCE_ACTIONS).describe("What was asked of the provider"),
  status: z.enum(["succeeded", "failed", "refused"]),
  state: z.string().nullable(),
  detail: z.string(),
  createdNativeId: z.string().nullable(),
});
const zResults = z.object({
  results: z.array(zResult),
  succeeded: z.number(),
  failed: z.number(),
});

async function act(
  ctx: OperationContext,
  action: ResourceAction,
  ids: string[],
  extra: {
    snapshotName?: string;
    withoutSnapshot?: boolean;
    stopBilling?: boolean;
    purge?: CachePurge;
  } = {},
) {
  const results = await performActions(ctx.db, depsOf(ctx), {
    workspaceId: workspaceOf(ctx),
    ids,
    action,
    actorUserId: userOf(ctx),
    ...extra,
  });
  if (ids.length === 1) ctx.audit.targetId = ids[0];
  return {
    results,
    succeeded: results.filter((r) => r.status === "succeeded").length,
    failed: results.filter((r) => r.status !== "succeeded").length,
  };
}

export const resourcesActions = defineOperation({
  name: "resources.actions",
  summary:
    "What can be done to one resource now (stop, start, restart, deallocate, snapshot, delete, pause, unpause, purge) with the reason where not, and what was done to it",
  input: z.object({ id: zId }),
  output: z.object({
    available: z.array(
      z.object({
        action: z.enum(RESOURCE_ACTIONS),
        allowed: z.boolean(),
        reason: z.string().nullable(),
      }),
    ),
    history: z.array(
      z.object({
        id: zId,
        action: z.string(),
        status: z.string(),
        detail: z.string(),
        stateAfter: z.string().nullable(),
        createdNativeId: z.string().nullable(),
        createdAt: zTimestamp,
      }),
    ),
  }),
  permission: "inventory:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const row = await resourceOf(ctx.db, workspaceOf(ctx), id);
    const history = await actionHistory(ctx.db, row.workspaceId, row.id);
    return {
      available: await availableActions(ctx.db, depsOf(ctx), row),
      history: history.map((h) => ({
        id: h.id,
        action: h.action,
        status: h.status,
        detail: h.detail,
        stateAfter: h.stateAfter,
        createdNativeId: h.createdNativeId,
        createdAt: h.createdAt,
      })),
    };
  },
});

export const resourcesStop = defineOperation({
  name: "resources.stop",
  summary:
    "Stop running VMs at their provider (EC2 stop, droplet shutdown, Azure power off, Compute Engine stop); their disks are kept",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "stop", ids),
});

export const resourcesStopBilling = defineOperation({
  name: "resources.stopBilling",
  summary:
    "Stop running VMs so that their compute is no longer billed: Azure VMs are deallocated (powered off they are still billed), other providers' VMs are stopped; disks are kept",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "stop", ids, { stopBilling: true }),
});

export const resourcesStart = defineOperation({
  name: "resources.start",
  summary: "Start stopped VMs at their provider",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "start", ids),
});

export const resourcesRestart = defineOperation({
  name: "resources.restart",
  summary: "Restart running VMs at their provider (Azure restart, Compute Engine hard reset)",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "restart", ids),
});

export const resourcesDeallocate = defineOperation({
  name: "resources.deallocate",
  summary:
    "Deallocate Azure VMs (running or stopped): their hardware is released and their compute no longer billed; disks are kept",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "deallocate", ids),
});

export const resourcesSnapshot = defineOperation({
  name: "resources.snapshot",
  summary: "Snapshot volumes at their provider (the snapshot is billed as storage)",
  input: z.strictObject({
    ids: zIds,
    name: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe("Snapshot name; default glasspane-<volume>-<date>"),
  }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids, name }, ctx) => act(ctx, "snapshot", ids, { snapshotName: name }),
});

export const resourcesDeleteVolume = defineOperation({
  name: "resources.deleteVolume",
  summary:
    "Delete unattached volumes at their provider, for good. Refused for a volume Glass Pane has not snapshotted in the last 30 days unless withoutSnapshot is true",
  input: z.strictObject({
    ids: zIds,
    withoutSnapshot: z
      .boolean()
      .default(false)
      .describe("Delete even without a recent snapshot: the data is lost"),
  }),
  output: zResults,
  permission: "resources:delete",
  mutates: true,
  handler: async ({ ids, withoutSnapshot }, ctx) => act(ctx, "delete", ids, { withoutSnapshot }),
});

export const resourcesPause = defineOperation({
  name: "resources.pause",
  summary:
    "Pause Cloudflare zones: Cloudflare then answers their DNS only, without its proxy, cache or firewall in front of the origin",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "pause", ids),
});

export const resourcesUnpause = defineOperation({
  name: "resources.unpause",
  summary: "Unpause Cloudflare zones: their traffic goes through Cloudflare's proxy again",
  input: z.strictObject({ ids: zIds }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids }, ctx) => act(ctx, "unpause", ids),
});

export const resourcesPurgeCache = defineOperation({
  name: "resources.purgeCache",
  summary:
    "Purge Cloudflare zones' cache: everything, or only the URLs (or URL prefixes) given, for one zone whose hostname they are under",
  input: z.strictObject({ ids: zIds, ...zPurgeFields }),
  output: zResults,
  permission: "resources:operate",
  mutates: true,
  handler: async ({ ids, urls, prefixes }, ctx) => {
    if (!urls && !prefixes) return act(ctx, "purge", ids);
    if (ids.length > 1) throw invalid("ids", "purging by URL takes one zone; name one id");
    const zone = await resourceOf(ctx.db, workspaceOf(ctx), ids[0] as string);
    if (zone.type !== "dns.zone") throw invalid("ids.0", `${zone.name} is not a DNS zone`);
    const purge = purgeTargetsOf(zone.name, { urls, prefixes });
    return act(ctx, "purge", ids, { purge });
  },
});

export const inventoryIdleInstances = defineOperation({
  name: "inventory.idleInstances",
  summary:
    "Running VMs whose CPU stayed low over the last days (from pulled cloud metrics): candidates to stop or downsize",
  input: z.object({
    days: z.coerce.number().int().min(1).max(90).default(7),
    maxCpuPercent: z.coerce.number().min(0).max(100).default(5),
    peakPercent: z.coerce
      .number()
      .min(0)
      .max(100)
      .default(20)
      .describe("No hour's average above this"),
  }),
  output: zCandidates(
    z.object({
      id: zId,
      name: z.string(),
      provider: z.string(),
      region: z.string(),
      state: z.string().nullable(),
      avgCpuPercent: z.number(),
      peakHourCpuPercent: z.number(),
      hoursMeasured: z.number(),
    }),
  ),
  permission: "inventory:read",
  mutates: false,
  handler: async (input, ctx) => {
    return candidates(await idleInstances(ctx.db, workspaceOf(ctx), input));
  },
});

export const inventoryUnattachedVolumes = defineOperation({
  name: "inventory.unattachedVolumes",
  summary:
    "Volumes attached to nothing for at least minDays days: candidates to snapshot and delete",
  input: z.object({ minDays: z.coerce.number().int().min(0).max(365).default(14) }),
  output: zCandidates(
    z.object({
      id: zId,
      name: z.string(),
      provider: z.string(),
      region: z.string(),
      sizeGiB: z.number().nullable(),
      unattachedSince: zTimestamp,
      days: z.number(),
    }),
  ),
  permission: "inventory:read",
  mutates: false,
  handler: async (input, ctx) => {
    return candidates(await unattachedVolumes(ctx.db, workspaceOf(ctx), input));
  },
});

export const resourceActionOperations = [
  resourcesActions,
  resourcesStop,
  resourcesStopBilling,
  resourcesStart,
  resourcesRestart,
  resourcesDeallocate,
  resourcesSnapshot,
  resourcesDeleteVolume,
  resourcesPause,
  resourcesUnpause,
  resourcesPurgeCache,
  inventoryIdleInstances,
  inventoryUnattachedVolumes,
] as const;

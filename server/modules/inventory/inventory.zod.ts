import { z } from "zod";
import { PROVIDERS, RELATION_TYPES } from "../../connectors/types.ts";
import { zId, zTimestamp } from "../../platform/operations/zod.ts";

export const zProvider = z.enum(PROVIDERS);
const zRegion = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,40}$/, "a region id such as eu-west-1");

export const zConnectorCreate = z.strictObject({
  provider: zProvider,
  name: z.string().trim().min(1).max(120),
  credentials: z.record(z.string(), z.unknown()).describe("Per provider; see connectors.providers"),
  regions: z.array(zRegion).max(50).optional().describe("Empty or absent: every enabled region"),
  endpoint: z.url().max(500).nullable().optional().describe("Custom API endpoint"),
});

export const zConnector = z.object({
  id: zId,
  provider: zProvider,
  name: z.string(),
  regions: z.array(z.string()),
  endpoint: z.string().nullable(),
  credentials: z.object({ method: z.string(), hint: z.string() }),
  account: z.string().nullable(),
  isScheduled: z.boolean(),
  lastScanId: zId.nullable(),
  /** Scheduled pulls of metrics and costs, and what the provider offers of them. */
  pulls: z.object({
    metrics: z.boolean(),
    costs: z.boolean(),
    available: z.array(z.enum(["metrics", "costs"])),
    metricsPulledUntil: zTimestamp.nullable(),
  }),
  createdAt: zTimestamp,
});

export const zPull = z.object({
  id: zId,
  connectorId: zId,
  kind: z.enum(["metrics", "costs"]),
  trigger: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  jobId: zId.nullable(),
  periodFrom: zTimestamp.nullable(),
  periodTo: zTimestamp.nullable(),
  items: z.number(),
  importId: zId.nullable(),
  retries: z.number(),
  error: z.string().nullable(),
  startedAt: zTimestamp.nullable(),
  finishedAt: zTimestamp.nullable(),
  createdAt: zTimestamp,
});

export const zScan = z.object({
  id: zId,
  connectorId: zId,
  jobId: zId.nullable(),
  trigger: z.string(),
  status: z.enum(["queued", "running", "succeeded", "partial", "failed"]),
  scopes: z.array(
    z.object({
      region: z.string(),
      service: z.string(),
      status: z.string(),
      resources: z.number(),
      error: z.string().optional(),
    }),
  ),
  resourcesSeen: z.number(),
  created: z.number(),
  modified: z.number(),
  deleted: z.number(),
  retries: z.number(),
  error: z.string().nullable(),
  startedAt: zTimestamp.nullable(),
  finishedAt: zTimestamp.nullable(),
  createdAt: zTimestamp,
});

export const zSearchInput = z.object({
  q: z.string().trim().max(200).optional().describe("Matches name, native id or cost ResourceId"),
  provider: zProvider.optional(),
  type: z.string().max(60).optional(),
  region: z.string().max(60).optional(),
  tag: z.string().max(300).optional().describe('"key" (has the tag) or "key=value"'),
  untagged: z.boolean().optional().describe("Only resources without any tag"),
  state: z.string().max(60).optional(),
  connectorId: zId.optional(),
  includeDeleted: z.boolean().default(false),
  facets: z.boolean().default(true).describe("Facet counts: pass false for later pages"),
  sort: z
    .enum(["name", "cost"])
    .default("name")
    .describe("cost: most expensive first (effective cost over the ledger's last 30 days)"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional().describe("nextCursor of the previous page"),
});

export const zResourceItem = z.object({
  id: zId,
  provider: zProvider,
  type: z.string(),
  nativeType: z.string(),
  name: z.string(),
  region: z.string(),
  state: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  account: z.string(),
  nativeId: z.string(),
  deletedAt: zTimestamp.nullable(),
});

const zFacet = z.array(z.object({ value: z.string().nullable(), count: z.number() }));
export const zSearchOutput = z.object({
  total: z.number(),
  totalIsLowerBound: z
    .boolean()
    .optional()
    .describe(
      "Set when a text or tag search matched more than 1,000: total and facets count the first 1,000 matches",
    ),
  items: z.array(
    zResourceItem.extend({
      cost: z
        .object({ effectiveCost: z.string(), currency: z.string() })
        .nullable()
        .describe("Effective cost over costWindow, by the resource's FOCUS ResourceId"),
    }),
  ),
  nextCursor: z.string().nullable(),
  costWindow: z
    .object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      stale: z
        .boolean()
        .describe("The ledger changed since the costs were computed: they are being rebuilt"),
    })
    .describe("The ledger's last 30 charge days (inclusive); null when no cost is computed"),
  facets: z
    .object({
      provider: zFacet,
      type: zFacet,
      region: zFacet,
      state: zFacet,
      tagKey: zFacet,
    })
    .nullable()
    .describe("null when the input asked for none"),
});

const zValueChange = z.object({ before: z.unknown(), after: z.unknown() });
export const zChange = z.object({
  id: zId,
  resourceId: zId,
  resourceName: z.string(),
  resourceType: z.string(),
  scanId: zId.nullable(),
  actorUserId: zId.nullable().describe("Who changed it through Glass Pane; null: a scan saw it"),
  actorName: z.string().nullable().describe("That person's name"),
  kind: z.enum(["created", "modified", "deleted"]),
  diff: z
    .object({
      fields: z.record(z.string(), zValueChange),
      attributes: z.record(z.string(), zValueChange),
      tags: z.record(z.string(), zValueChange),
    })
    .nullable(),
  at: zTimestamp,
});

export const zRelation = z.object({
  type: z.enum(RELATION_TYPES),
  direction: z.enum(["out", "in"]),
  nativeId: z.string().describe("The other end's native id"),
  resourceId: zId.nullable().describe("The other end, when it is in the inventory"),
  name: z.string().nullable(),
  resourceType: z.string().nullable(),
});

export const zResourceDetail = zResourceItem.extend({
  connectorId: zId.nullable(),
  costResourceId: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  createdAt: zTimestamp.nullable(),
  firstSeenAt: zTimestamp,
  lastSeenAt: zTimestamp,
  relations: z.array(zRelation),
  changes: z.array(zChange),
  cost: z.object({
    currency: z.string().nullable(),
    months: z.array(z.object({ month: z.string(), effectiveCost: z.string() })),
  }),
});

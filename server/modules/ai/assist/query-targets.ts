// The pages a question box can fill: for each, the shape the model answers in (strict, so an
// invented field is refused rather than dropped), the page operation whose input the result
// must satisfy, server-side hints (values that exist in this workspace) and the mapping from
// the model's answer to that input, with relative periods resolved here.

import { z } from "zod";
import { PROVIDERS } from "../../../connectors/types.ts";
import type { OperationContext } from "../../../platform/operations/define.ts";
import type { WorkspacePermission } from "../../../platform/operations/permissions.ts";
import { costsDimensions, costsSummary } from "../../costs/explorer/explorer.ops.ts";
import { inventorySearch } from "../../inventory/inventory.ops.ts";
import { LEVELS } from "../../observability/logs/log-line.ts";
import { logsSearch, logsServices } from "../../observability/logs/logs.ops.ts";
import { periodAsDays, resolvePeriod, zPeriodSpec } from "./period.ts";

/** The dimensions the cost explorer groups by (as its page lists them). */
const GROUP_DIMENSIONS = [
  "ProviderName",
  "ServiceName",
  "ServiceCategory",
  "BillingAccountId",
  "SubAccountId",
  "RegionId",
  "ChargeCategory",
  "PricingCategory",
  "ResourceId",
];

export const TARGETS = ["logs", "inventory", "costs"] as const;
export type Target = (typeof TARGETS)[number];

const zUnsupported = z
  .array(z.string().max(200))
  .max(10)
  .optional()
  .describe("Parts of the question this page cannot filter on (leave them out of the query)");

const zLogsAnswer = z.strictObject({
  q: z
    .string()
    .max(500)
    .optional()
    .describe('Full-text words; "a phrase"; -excluded. Leave out when the question names none'),
  service: z.string().max(200).optional().describe("One service name, exactly as listed"),
  level: z.enum(LEVELS).optional().describe('"errors" → error'),
  period: zPeriodSpec,
  unsupported: zUnsupported,
});

const zInventoryAnswer = z.strictObject({
  q: z.string().max(200).optional().describe("Part of a resource name or id"),
  provider: z.enum(PROVIDERS).optional(),
  type: z
    .string()
    .max(60)
    .optional()
    .describe('A unified type as listed (e.g. "compute.vm"), or its family ("compute")'),
  region: z.string().max(60).optional(),
  tag: z.string().max(300).optional().describe('"key" (has the tag) or "key=value"'),
  untagged: z.boolean().optional().describe("Only resources without any tag"),
  state: z.string().max(60).optional(),
  includeDeleted: z.boolean().optional(),
  unsupported: zUnsupported,
});

const zCostsAnswer = z.strictObject({
  period: zPeriodSpec,
  groupBy: z
    .string()
    .max(200)
    .optional()
    .describe(
      `One of ${GROUP_DIMENSIONS.join(", ")} or "tag:<key>"; "what grew most" → ServiceName`,
    ),
  metric: z.enum(["BilledCost", "EffectiveCost"]).optional(),
  filters: z
    .record(z.string(), z.array(z.string().max(500)).max(50))
    .optional()
    .describe('FOCUS column → values it must have, e.g. {ServiceName:["Amazon EC2"]}'),
  tags: z
    .record(z.string().max(200), z.array(z.string().max(500)).max(50))
    .optional()
    .describe("Tag key → values it must have"),
  unsupported: zUnsupported,
});

export interface QueryTarget<A extends z.ZodType = z.ZodType> {
  /** The page operation whose input the translated query is. */
  operation: string;
  permission: WorkspacePermission;
  answer: A;
  guidance: string;
  /** Values that exist in the workspace, so the model picks real names. */
  hints: (ctx: OperationContext, now: Date) => Promise<Record<string, unknown>>;
  toQuery: (answer: z.output<A>, now: Date) => Record<string, unknown>;
  /** The operation's input schema: the query must pass it before anyone runs it. */
  validate: z.ZodType;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const daysBefore = (now: Date, n: number) => new Date(now.getTime() - n * 86_400_000);

const logs: QueryTarget<typeof zLogsAnswer> = {
  operation: logsSearch.name,
  permission: "logs:read",
  answer: zLogsAnswer,
  guidance:
    "The log explorer filters log lines by full text, one service, one level and a period. Without a period in the question, use the last hour.",
  hints: async (ctx, now) => {
    const services = await logsServices.handler(
      logsServices.input.parse({ from: daysBefore(now, 7).toISOString(), to: now.toISOString() }),
      ctx,
    );
    return { services: services.items.slice(0, 60).map((s) => s.service) };
  },
  toQuery: (a, now) => {
    const { from, to } = resolvePeriod(a.period, now);
    return {
      ...(a.q ? { q: a.q } : {}),
      ...(a.service ? { service: a.service } : {}),
      ...(a.level ? { level: a.level } : {}),
      from: from.toISOString(),
      to: to.toISOString(),
    };
  },
  validate: logsSearch.input,
};

const inventory: QueryTarget<typeof zInventoryAnswer> = {
  operation: inventorySearch.name,
  permission: "inventory:read",
  answer: zInventoryAnswer,
  guidance:
    'The inventory filters resources by provider, unified type, region, tag, state and name. "EC2" means provider aws with a compute VM type; "untagged" means untagged: true.',
  hints: async (ctx) => {
    const found = (await inventorySearch.handler(
      inventorySearch.input.parse({ limit: 1, facets: true }),
      ctx,
    )) as { facets: Record<string, { value: string | null }[]> | null };
    const values = (list: { value: string | null }[] | undefined) =>
      (list ?? [])
        .map((f) => f.value)
        .filter((v): v is string => Boolean(v))
        .slice(0, 60);
    return {
      providers: values(found.facets?.provider),
      types: values(found.facets?.type),
      regions: values(found.facets?.region),
      states: values(found.facets?.state),
      tagKeys: values(found.facets?.tagKey),
    };
  },
  toQuery: ({ unsupported: _u, ...a }) =>
    Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== false)),
  validate: inventorySearch.input,
};

const costs: QueryTarget<typeof zCostsAnswer> = {
  operation: costsSummary.name,
  permission: "costs:read",
  answer: zCostsAnswer,
  guidance:
    'The cost explorer totals cost over a period of whole UTC days, grouped by one dimension and filtered by column values and tags. It compares the period with the one before it, so "what grew most" is a grouping over that period. Without a period, use this month.',
  hints: async (ctx, now) => {
    const dims = (await costsDimensions.handler(
      costsDimensions.input.parse({ from: day(daysBefore(now, 92)), to: day(daysBefore(now, -1)) }),
      ctx,
    )) as Record<string, string[] | string | null>;
    const list = (key: string) =>
      Array.isArray(dims[key]) ? (dims[key] as string[]).slice(0, 60) : [];
    return {
      ProviderName: list("ProviderName"),
      ServiceName: list("ServiceName"),
      RegionId: list("RegionId"),
      tagKeys: list("tagKeys"),
    };
  },
  toQuery: (a, now) => {
    const range = periodAsDays(resolvePeriod(a.period, now));
    const hasFilters =
      Boolean(a.filters && Object.keys(a.filters).length) ||
      Boolean(a.tags && Object.keys(a.tags).length);
    return {
      ...range,
      ...(a.groupBy ? { groupBy: a.groupBy } : {}),
      ...(a.metric ? { metric: a.metric } : {}),
      ...(hasFilters
        ? { filters: { ...(a.filters ?? {}), ...(a.tags ? { tags: a.tags } : {}) } }
        : {}),
    };
  },
  validate: costsSummary.input,
};

export const QUERY_TARGETS: Record<Target, QueryTarget> = {
  logs: logs as unknown as QueryTarget,
  inventory: inventory as unknown as QueryTarget,
  costs: costs as unknown as QueryTarget,
};

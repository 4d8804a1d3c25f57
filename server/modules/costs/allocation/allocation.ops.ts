import { eq } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zCurrencyCode, zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { type AllocationShare, costAllocationRules } from "../allocation.schema.ts";
import { type Filters, METRICS, zFilters, zRange } from "../explorer/query.ts";
import { allocate, checkRule, findRule, listRules } from "./allocation.ts";
import { targetOptions } from "./allocation-options.ts";
import { resolveShares } from "./allocation-targets.ts";

const zShare = z.strictObject({
  kind: z.enum(["client", "project"]),
  key: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      "The client's allocation key or the project's key; a name or id is stored as that key. Any other key is kept (a cost centre) but billed to no one",
    ),
  percent: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,4})?$/, "must be a percentage like 100 or 33.3333")
    .describe("Share of the matched cost, as a decimal string"),
});
const zRuleInput = {
  name: z.string().trim().min(1).max(120),
  priority: z.number().int().min(0).max(100_000).optional(),
  match: zFilters.describe(
    "Which costs: the explorer's filters, e.g. { tags: { client: ['acme'] } }",
  ),
  targets: z.array(zShare).min(1).max(20),
};
const zRule = z.object({
  id: zId,
  name: z.string(),
  priority: z.number(),
  match: z.record(z.string(), z.unknown()),
  targets: z.array(
    z.object({ kind: z.enum(["client", "project"]), key: z.string(), percent: z.string() }),
  ),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});
const view = (rule: typeof costAllocationRules.$inferSelect) => ({
  ...rule,
  match: rule.match as Record<string, unknown>,
  targets: rule.targets as AllocationShare[],
});

export const allocationRulesList = defineOperation({
  name: "costs.allocation.rules.list",
  summary: "Cost allocation rules in the order they apply",
  input: z.object({}),
  output: z.array(zRule),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  handler: async (_input, ctx) => (await listRules(ctx.db, workspaceOf(ctx))).map(view),
});

export const allocationRulesCreate = defineOperation({
  name: "costs.allocation.rules.create",
  summary:
    "Add a rule giving matched costs (by tag, account, service, resource) to clients or projects",
  input: z.strictObject(zRuleInput),
  output: zRule,
  permission: "costs:manage",
  mutates: true,
  example: {
    name: "Acme's tagged resources",
    match: { tags: { client: ["acme"] } },
    targets: [{ kind: "client", key: "acme", percent: "100" }],
  },
  handler: async (input, ctx) => {
    checkRule(input.match as Filters, input.targets);
    const workspaceId = workspaceOf(ctx);
    const targets = await resolveShares(ctx.db, workspaceId, input.targets);
    const existing = await listRules(ctx.db, workspaceId);
    const priority = input.priority ?? (existing.at(-1)?.priority ?? 0) + 10;
    const [rule] = await ctx.db
      .insert(costAllocationRules)
      .values({
        workspaceId,
        name: input.name,
        priority,
        match: input.match,
        targets,
      })
      .returning();
    ctx.audit.targetId = rule!.id;
    return view(rule!);
  },
});

export const allocationRulesUpdate = defineOperation({
  name: "costs.allocation.rules.update",
  summary: "Change an allocation rule's name, priority, match or shares",
  input: z.strictObject({
    id: zId,
    name: zRuleInput.name.optional(),
    priority: zRuleInput.priority,
    match: zRuleInput.match.optional(),
    targets: zRuleInput.targets.optional(),
  }),
  output: zRule,
  permission: "costs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const current = await findRule(ctx.db, workspaceOf(ctx), input.id);
    if (!current) throw notFound("Allocation rule");
    // What is not given stays as it is.
    const match = input.match ?? (current.match as Filters);
    const targets = input.targets ?? (current.targets as AllocationShare[]);
    checkRule(match, targets);
    const [rule] = await ctx.db
      .update(costAllocationRules)
      .set({
        name: input.name ?? current.name,
        priority: input.priority ?? current.priority,
        match,
        targets: await resolveShares(ctx.db, workspaceOf(ctx), targets),
        updatedAt: new Date(),
      })
      .where(eq(costAllocationRules.id, current.id))
      .returning();
    return view(rule!);
  },
});

export const allocationRulesDelete = defineOperation({
  name: "costs.allocation.rules.delete",
  summary: "Remove an allocation rule",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "costs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const current = await findRule(ctx.db, workspaceOf(ctx), input.id);
    if (!current) throw notFound("Allocation rule");
    await ctx.db.delete(costAllocationRules).where(eq(costAllocationRules.id, current.id));
    return { ok: true as const };
  },
});

export const allocationGet = defineOperation({
  name: "costs.allocation",
  summary:
    "A period's cost split between clients and projects by the rules, with what is unallocated",
  input: z.object({
    ...zRange,
    metric: z.enum(METRICS).default("BilledCost"),
    currency: zCurrencyCode.optional(),
  }),
  output: z.object({
    currency: z.string().nullable(),
    currencies: z.array(z.string()).describe("Every billing currency with cost in the period"),
    total: z.string(),
    targets: z.array(
      z.object({
        kind: z.enum(["client", "project"]),
        key: z.string(),
        name: z
          .string()
          .nullable()
          .describe(
            "The client or project with this key; null: none has it, so no invoice bills it",
          ),
        total: z.string(),
      }),
    ),
    unallocated: z.string(),
    rules: z.array(z.object({ id: zId, name: z.string(), total: z.string() })),
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: { from: "2024-09-01", to: "2024-10-01" },
  handler: async (input, ctx) => allocate(ctx.db, { ...input, workspaceId: workspaceOf(ctx) }),
});

const zOption = z.object({
  key: z.string().nullable().describe('null: the rest, the explorer\'s "No client" ("No project")'),
  name: z.string().nullable().describe("The client's (project's) name; null: none has the key"),
  total: z.string().describe('What the rules give it in the period, exact; "0": nothing'),
});

export const allocationTargets = defineOperation({
  name: "costs.allocation.targets",
  summary:
    "The clients and projects the explorer can be filtered by (every one of the workspace, the keys rules name, and the rest), with their allocated cost in the period",
  input: z.object({
    ...zRange,
    metric: z.enum(METRICS).default("BilledCost"),
    currency: zCurrencyCode.optional(),
  }),
  output: z.object({
    currency: z.string().nullable(),
    clients: z.array(zOption),
    projects: z.array(zOption),
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: { from: "2024-09-01", to: "2024-10-01" },
  handler: async (input, ctx) => targetOptions(ctx.db, { ...input, workspaceId: workspaceOf(ctx) }),
});

export const allocationOperations = [
  allocationRulesList,
  allocationRulesCreate,
  allocationRulesUpdate,
  allocationRulesDelete,
  allocationGet,
  allocationTargets,
] as const;

import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { zProvider } from "../inventory.zod.ts";
import {
  complianceTrend,
  listFindings,
  recordComplianceDay,
  setTagPolicy,
  tagPolicyOf,
} from "./compliance.service.ts";
import { RULE_IDS } from "./rules.ts";

const zRule = z.enum(RULE_IDS as [string, ...string[]]);
const zSeverity = z.enum(["high", "medium", "low"]);
const zTagPolicy = z.object({
  requiredTags: z.array(z.string().trim().min(1).max(128)).max(50),
  types: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
});

export const complianceFindings = defineOperation({
  name: "compliance.findings",
  summary: "Compliance findings per resource (public buckets, open SSH/RDP, unencrypted storage…)",
  input: z.object({
    rule: zRule.optional(),
    severity: zSeverity.optional(),
    provider: zProvider.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  }),
  output: z.object({
    total: z.number(),
    counts: z.array(
      z.object({ rule: zRule, title: z.string(), severity: zSeverity, count: z.number() }),
    ),
    items: z.array(
      z.object({
        resourceId: zId,
        resourceName: z.string(),
        provider: z.string(),
        type: z.string(),
        region: z.string(),
        rule: zRule,
        severity: zSeverity,
        message: z.string(),
      }),
    ),
    policy: zTagPolicy,
  }),
  permission: "inventory:read",
  mutates: false,
  handler: async (input, ctx) =>
    listFindings(ctx.db, workspaceOf(ctx), { ...input, rule: input.rule as never }),
});

export const complianceTagPolicyGet = defineOperation({
  name: "compliance.tagPolicy.get",
  summary: "The workspace's required tags",
  input: z.object({}),
  output: zTagPolicy,
  permission: "inventory:read",
  mutates: false,
  handler: async (_input, ctx) => tagPolicyOf(ctx.db, workspaceOf(ctx)),
});

export const complianceTagPolicySet = defineOperation({
  name: "compliance.tagPolicy.set",
  summary: "Set the tags every resource (or every resource of some types) must carry",
  input: z.strictObject({
    requiredTags: zTagPolicy.shape.requiredTags,
    types: zTagPolicy.shape.types,
  }),
  output: zTagPolicy,
  permission: "inventory:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const policy = await setTagPolicy(ctx.db, workspaceOf(ctx), input);
    // The trend shows the policy's effect from today on.
    await recordComplianceDay(ctx.db, workspaceOf(ctx));
    ctx.audit.targetId = workspaceOf(ctx);
    return policy;
  },
});

export const complianceTrendOp = defineOperation({
  name: "compliance.trend",
  summary: "Findings per rule per day (recorded after scans, policy changes and daily)",
  input: z.object({
    days: z.coerce.number().int().min(1).max(366).default(90).describe("Up to today, inclusive"),
  }),
  output: z.object({
    from: z.string(),
    rules: z.array(z.object({ rule: zRule, title: z.string(), severity: zSeverity })),
    days: z.array(
      z.object({
        day: z.string(),
        resources: z.number().describe("Live resources evaluated that day"),
        total: z.number(),
        byRule: z.record(z.string(), z.number()),
      }),
    ),
  }),
  permission: "inventory:read",
  mutates: false,
  handler: async ({ days }, ctx) => complianceTrend(ctx.db, workspaceOf(ctx), days) as never,
});

export const complianceOperations = [
  complianceFindings,
  complianceTrendOp,
  complianceTagPolicyGet,
  complianceTagPolicySet,
] as const;

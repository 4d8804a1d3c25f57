import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { invalid, notFound } from "../../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../../../platform/operations/define.ts";
import { type Role, roleHas } from "../../../../platform/operations/permissions.ts";
import { zId, zOk, zTimestamp } from "../../../../platform/operations/zod.ts";
import { alertRoutingRules } from "./routing.schema.ts";
import {
  listRoutingRules,
  type RoutingRule,
  selectRoutes,
  unknownDestinations,
} from "./routing.service.ts";

const SEVERITIES = ["info", "warning", "critical"] as const;

const zMatch = z
  .strictObject({
    labels: z.record(z.string().min(1).max(100), z.string().max(300)).optional(),
    service: z.string().trim().min(1).max(200).optional(),
    severities: z.array(z.enum(SEVERITIES)).max(3).optional(),
    provider: z.string().trim().min(1).max(40).optional(),
    tag: z
      .strictObject({
        key: z.string().trim().min(1).max(200),
        value: z.string().max(300).optional(),
      })
      .optional(),
  })
  .describe("Every condition given must hold; an empty match catches every alert");

const zRuleFields = {
  name: z.string().trim().min(1).max(120),
  isEnabled: z.boolean().optional(),
  match: zMatch,
  assigneeUserId: zId.nullable().optional().describe("The person the incident is assigned to"),
  destinationIds: z.array(zId).max(20).optional().describe("Alert destinations to notify"),
  continueMatching: z
    .boolean()
    .optional()
    .describe("Let the rules after this one match too (default: first match wins)"),
};

const zRule = z.object({
  id: zId,
  name: z.string(),
  position: z.number().int(),
  isEnabled: z.boolean(),
  match: zMatch,
  assigneeUserId: zId.nullable(),
  destinationIds: z.array(zId),
  continueMatching: z.boolean(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});
// Stored matches were validated by zMatch on the way in.
const view = (r: RoutingRule) => ({ ...r, match: r.match as z.infer<typeof zMatch> });

/** A rule must send somewhere, to people of the workspace and its own destinations. */
async function checkTargets(
  ctx: OperationContext,
  input: { assigneeUserId?: string | null; destinationIds?: string[] },
) {
  const workspaceId = workspaceOf(ctx);
  if (!input.assigneeUserId && !input.destinationIds?.length)
    throw invalid("assigneeUserId", "a rule routes to a person, a destination or both");
  if (input.assigneeUserId) {
    const members = await ctx.services.workspaces.members(ctx.db, workspaceId);
    const member = members.find((m) => m.userId === input.assigneeUserId);
    if (!member || member.role === "client")
      throw invalid("assigneeUserId", "is not a staff member of this workspace");
    // Assigned an incident, they must be able to acknowledge and resolve it.
    if (!roleHas(member.role as Role, "alerts:manage"))
      throw invalid(
        "assigneeUserId",
        `has the ${member.role} role, which cannot acknowledge or resolve incidents`,
      );
  }
  const unknown = await unknownDestinations(ctx.db, workspaceId, input.destinationIds ?? []);
  if (unknown.length) throw invalid("destinationIds", `no such destination: ${unknown.join(", ")}`);
}

async function ruleOf(ctx: OperationContext, id: string) {
  const [row] = await ctx.db
    .select()
    .from(alertRoutingRules)
    .where(and(eq(alertRoutingRules.id, id), eq(alertRoutingRules.workspaceId, workspaceOf(ctx))));
  if (!row) throw notFound("Routing rule");
  return row;
}

export const routingList = defineOperation({
  name: "alerts.routing.list",
  summary: "Routing rules of firing alerts, in the order they are tried",
  input: z.object({}),
  output: z.array(zRule),
  permission: "alerts:read",
  mutates: false,
  handler: async (_input, ctx) => (await listRoutingRules(ctx.db, workspaceOf(ctx))).map(view),
});

export const routingCreate = defineOperation({
  name: "alerts.routing.create",
  summary: "Add a routing rule (tried after the existing ones)",
  input: z.strictObject(zRuleFields),
  output: zRule,
  permission: "alerts:routing",
  mutates: true,
  example: { name: "API to Ana", match: { service: "api" }, destinationIds: [] },
  handler: async (input, ctx) => {
    await checkTargets(ctx, input);
    const workspaceId = workspaceOf(ctx);
    const [row] = await ctx.db
      .insert(alertRoutingRules)
      .values({
        workspaceId,
        name: input.name,
        isEnabled: input.isEnabled ?? true,
        match: input.match,
        assigneeUserId: input.assigneeUserId ?? null,
        destinationIds: input.destinationIds ?? [],
        continueMatching: input.continueMatching ?? false,
        position: sql`(SELECT coalesce(max(position), 0) + 1 FROM alert_routing_rules WHERE workspace_id = ${workspaceId})`,
      })
      .returning();
    ctx.audit.targetId = row!.id;
    return view(row!);
  },
});

export const routingUpdate = defineOperation({
  name: "alerts.routing.update",
  summary: "Change a routing rule or move it (position 1 is tried first)",
  input: z.strictObject({
    id: zId,
    ...zRuleFields,
    name: zRuleFields.name.optional(),
    match: zMatch.optional(),
    position: z.number().int().min(1).max(10_000).optional(),
  }),
  output: zRule,
  permission: "alerts:routing",
  mutates: true,
  handler: async ({ id, ...input }, ctx) => {
    ctx.audit.targetId = id;
    const row = await ruleOf(ctx, id);
    await checkTargets(ctx, {
      assigneeUserId:
        input.assigneeUserId === undefined ? row.assigneeUserId : input.assigneeUserId,
      destinationIds: input.destinationIds ?? row.destinationIds,
    });
    const [updated] = await ctx.db
      .update(alertRoutingRules)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(alertRoutingRules.id, row.id))
      .returning();
    return view(updated!);
  },
});

export const routingDelete = defineOperation({
  name: "alerts.routing.delete",
  summary: "Remove a routing rule",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "alerts:routing",
  mutates: true,
  handler: async ({ id }, ctx) => {
    ctx.audit.targetId = id;
    const row = await ruleOf(ctx, id);
    await ctx.db.delete(alertRoutingRules).where(eq(alertRoutingRules.id, row.id));
    return { ok: true as const };
  },
});

export const routingTest = defineOperation({
  name: "alerts.routing.test",
  summary: "Which rules an alert with these labels and severity would be routed by (dry run)",
  input: z.object({
    labels: z.record(z.string(), z.string()).default({}),
    severity: z.enum(SEVERITIES),
    provider: z.string().max(40).optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
  output: z.object({ ruleIds: z.array(zId) }),
  permission: "alerts:read",
  mutates: false,
  handler: async (input, ctx) => {
    const rules = await listRoutingRules(ctx.db, workspaceOf(ctx));
    const subject = {
      labels: input.labels,
      severity: input.severity,
      resource: input.provider ? { provider: input.provider, tags: input.tags ?? {} } : null,
    };
    return { ruleIds: selectRoutes(rules, subject).map((r) => r.id) };
  },
});

export const routingOperations = [
  routingList,
  routingCreate,
  routingUpdate,
  routingDelete,
  routingTest,
] as const;

import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import {
  clientScopeOf,
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zName, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { projects } from "../../projects/projects.schema.ts";
import { zAddress, zCurrency, zPercent } from "../invoicing.zod.ts";
import { EMPTY_PLAN, zPricingPlan } from "../pricing/pricing.ts";
import { clientsCosts } from "./client-costs.ops.ts";
import {
  type Client,
  createClient,
  deleteClient,
  dropProjectPlan,
  getClient,
  keyOf,
  listClients,
  planOf,
  projectPlansOf,
  setPlan,
  updateClient,
} from "./clients.service.ts";

const zContact = z.strictObject({
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  role: z.string().trim().max(80).optional(),
});
const zTaxId = z.strictObject({
  type: z.string().trim().min(1).max(20).describe("eu_vat, gb_vat, us_ein, abn, …"),
  value: z.string().trim().min(1).max(40),
});

const zClientFields = {
  name: zName.describe("How the client is called in Glass Pane"),
  legalName: zName.describe("The name printed on invoices"),
  allocationKey: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,59}$/, "must be lower-case letters, digits, . _ -")
    .describe("The key cost allocation rules use for this client ({ kind: 'client', key })"),
  email: z.email().max(254).nullable(),
  contacts: z.array(zContact).max(20),
  billingAddress: zAddress.nullable(),
  currency: zCurrency,
  taxIds: z.array(zTaxId).max(5),
  paymentTermsDays: z.number().int().min(0).max(365),
  defaultTaxRate: zPercent.nullable(),
  reverseCharge: z.boolean(),
  notes: z.string().max(10_000),
};

export const zClient = z.object({
  ...zClientFields,
  id: zId,
  archived: z.boolean(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

function viewOf(row: Client): z.input<typeof zClient> {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legalName,
    allocationKey: row.allocationKey,
    email: row.email,
    contacts: row.contacts as z.infer<typeof zContact>[],
    billingAddress: row.billingAddress as z.infer<typeof zAddress> | null,
    currency: row.currency,
    taxIds: row.taxIds as z.infer<typeof zTaxId>[],
    paymentTermsDays: row.paymentTermsDays,
    defaultTaxRate: row.defaultTaxRate,
    reverseCharge: row.reverseCharge,
    notes: row.notes,
    archived: row.archivedAt !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The client a call may touch: a guest only its own, staff any of the workspace. */
async function visibleClient(db: Db, ctx: OperationContext, id: string) {
  const only = clientScopeOf(ctx);
  if (only && only !== id) throw notFound("Client");
  return getClient(db, workspaceOf(ctx), id);
}

/** A project of this workspace (a foreign or unknown id is "not found"). */
async function checkProject(db: Db, workspaceId: string, projectId: string) {
  const [row] = await db
    .select({ id: projects.id, clientId: projects.clientId })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, projectId)));
  if (!row) throw notFound("Project");
  return row;
}

export const clientsList = defineOperation({
  name: "clients.list",
  summary: "Clients of the workspace (a client guest sees only its own)",
  input: z.object({ includeArchived: z.boolean().default(false) }),
  output: z.array(zClient),
  permission: "clients:read",
  mutates: false,
  handler: async (input, ctx) => {
    const rows = await listClients(ctx.db, workspaceOf(ctx), {
      onlyId: clientScopeOf(ctx),
      includeArchived: input.includeArchived,
    });
    return rows.map(viewOf);
  },
});

export const clientsGet = defineOperation({
  name: "clients.get",
  summary: "One client with its pricing plan and its projects' own plans",
  input: z.object({ id: zId }),
  output: zClient.extend({
    pricing: zPricingPlan.nullable().describe("How the client is charged; not shown to its guests"),
    projects: z
      .array(
        z.object({
          id: zId,
          key: z.string(),
          name: z.string(),
          plan: zPricingPlan.nullable().describe("The project's own plan; null: the client's"),
        }),
      )
      .describe("The client's projects; empty for its guests"),
  }),
  permission: "clients:read",
  mutates: false,
  handler: async (input, ctx) => {
    const row = await visibleClient(ctx.db, ctx, input.id);
    // A guest sees its record, not the markup it is charged.
    if (clientScopeOf(ctx)) return { ...viewOf(row), pricing: null, projects: [] };
    const pricing = (await planOf(ctx.db, row.workspaceId, row.id)) ?? EMPTY_PLAN;
    const projects = await projectPlansOf(ctx.db, row.workspaceId, row.id);
    return { ...viewOf(row), pricing, projects };
  },
});

export const clientsCreate = defineOperation({
  name: "clients.create",
  summary: "Add a client; its allocationKey defaults to a key made from the name",
  input: z.strictObject({
    name: zClientFields.name,
    legalName: zClientFields.legalName.optional(),
    allocationKey: zClientFields.allocationKey.optional(),
    email: zClientFields.email.optional(),
    contacts: zClientFields.contacts.default([]),
    billingAddress: zClientFields.billingAddress.optional(),
    currency: zClientFields.currency,
    taxIds: zClientFields.taxIds.default([]),
    paymentTermsDays: zClientFields.paymentTermsDays.default(30),
    defaultTaxRate: zClientFields.defaultTaxRate.optional(),
    reverseCharge: zClientFields.reverseCharge.default(false),
    notes: zClientFields.notes.default(""),
    pricing: zPricingPlan.optional(),
  }),
  output: zClient,
  permission: "clients:manage",
  mutates: true,
  example: { name: "Acme GmbH", currency: "EUR" },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const { pricing, ...fields } = input;
    const row = await createClient(ctx.db, workspaceId, {
      ...fields,
      legalName: fields.legalName ?? fields.name,
      allocationKey: fields.allocationKey ?? keyOf(fields.name),
      email: fields.email ?? null,
      billingAddress: fields.billingAddress ?? null,
      defaultTaxRate: fields.defaultTaxRate ?? null,
    });
    if (pricing) await setPlan(ctx.db, workspaceId, row.id, null, pricing);
    ctx.audit.targetId = row.id;
    return viewOf(row);
  },
});

export const clientsUpdate = defineOperation({
  name: "clients.update",
  summary: "Change a client's details, or archive it",
  input: z.strictObject({
    id: zId,
    ...Object.fromEntries(Object.entries(zClientFields).map(([k, v]) => [k, v.optional()])),
    archived: z.boolean().optional(),
  } as {
    id: typeof zId;
    archived: z.ZodOptional<z.ZodBoolean>;
  } & { [K in keyof typeof zClientFields]: z.ZodOptional<(typeof zClientFields)[K]> }),
  output: zClient,
  permission: "clients:manage",
  mutates: true,
  handler: async ({ id, ...fields }, ctx) => {
    ctx.audit.targetId = id;
    return viewOf(await updateClient(ctx.db, workspaceOf(ctx), id, fields));
  },
});

export const clientsDelete = defineOperation({
  name: "clients.delete",
  summary: "Delete a client that was never invoiced (archive one that was)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "clients:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteClient(ctx.db, workspaceOf(ctx), input.id);
    return { ok: true as const };
  },
});

export const pricingSet = defineOperation({
  name: "clients.pricing.set",
  summary: "Set how a client, or one of its projects, is charged",
  description:
    "Parts combine: cloud pass-through with markup (per provider/service overrides), a monthly " +
    "retainer, billable hours, a fee per resource, a minimum fee, a discount and a tax rate. " +
    "A project's plan replaces the client's for that project's time and costs.",
  input: z.strictObject({
    clientId: zId,
    projectId: zId.nullable().default(null),
    plan: zPricingPlan.nullable().describe("null drops a project's own plan"),
  }),
  output: zPricingPlan.nullable(),
  permission: "clients:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const client = await getClient(ctx.db, workspaceId, input.clientId);
    if (input.projectId) {
      const project = await checkProject(ctx.db, workspaceId, input.projectId);
      if (project.clientId !== client.id) throw notFound("Project of this client");
    }
    ctx.audit.targetId = client.id;
    if (input.plan === null) {
      if (!input.projectId)
        throw invalid("plan", "a client always has a plan: switch its parts off instead");
      await dropProjectPlan(ctx.db, workspaceId, client.id, input.projectId);
      return null;
    }
    return setPlan(ctx.db, workspaceId, client.id, input.projectId, input.plan);
  },
});

export const clientOperations = [
  clientsList,
  clientsCosts,
  clientsGet,
  clientsCreate,
  clientsUpdate,
  clientsDelete,
  pricingSet,
] as const;

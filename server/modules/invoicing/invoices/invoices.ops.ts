import Decimal from "decimal.js";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import {
  clientScopeOf,
  defineOperation,
  type OperationContext,
  todayOf,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { getClient } from "../clients/clients.service.ts";
import { invoices } from "../invoicing.schema.ts";
import { zAddress, zDecimal } from "../invoicing.zod.ts";
import { moneyString } from "../money/currency.ts";
import {
  addLine,
  balanceFrom,
  createDraft,
  deleteDraft,
  getInvoice,
  type Invoice,
  listContext,
  listInvoices,
  removeLine,
  updateLine,
} from "./invoices.service.ts";
import { type LINE_KINDS, STATUSES, zDay, zInvoice, zLine, zLineFields } from "./invoices.zod.ts";
import {
  clientSnapshotOf,
  creditInvoice,
  issueInvoice,
  markSent,
  sellerSnapshotOf,
  voidInvoice,
} from "./issuing.ts";
import { settingsOf } from "./settings.ts";

const OPEN = ["issued", "sent", "partially_paid"];

async function viewOf(db: Db, invoice: Invoice, today: string): Promise<z.input<typeof zInvoice>> {
  const { names, credited } = await listContext(db, invoice.workspaceId, [invoice]);
  return viewWith(invoice, names.get(invoice.clientId) ?? "", credited.get(invoice.id) ?? 0, today);
}

function viewWith(
  invoice: Invoice,
  clientName: string,
  credited: Decimal.Value,
  /** Today in the workspace's zone: an invoice is overdue the day after its due date there. */
  today: string,
): z.input<typeof zInvoice> {
  const balance = Decimal.max(balanceFrom(invoice, credited), 0);
  return {
    id: invoice.id,
    clientId: invoice.clientId,
    clientName,
    kind: invoice.kind as "invoice" | "credit_note",
    correctsId: invoice.correctsId,
    number: invoice.number,
    status: invoice.status as (typeof STATUSES)[number],
    overdue:
      OPEN.includes(invoice.status) &&
      !!invoice.dueDate &&
      invoice.dueDate < today &&
      balance.greaterThan(0),
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    exchangeRates: invoice.exchangeRates as Record<string, string>,
    subtotal: invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
    taxBreakdown: invoice.taxBreakdown as { rate: string; base: string; tax: string }[],
    amountPaid: invoice.amountPaid,
    balanceDue: moneyString(balance, invoice.currency),
    reverseCharge: invoice.reverseCharge,
    notes: invoice.notes,
    createdAt: invoice.createdAt,
    issuedAt: invoice.issuedAt,
    voidReason: invoice.voidReason,
  };
}

const lineView = (line: Awaited<ReturnType<typeof getInvoice>>["lines"][number]) => ({
  ...line,
  kind: line.kind as (typeof LINE_KINDS)[number],
  detail: line.detail as Record<string, unknown>,
});

/** The invoice with its lines, for whoever may see it (a guest: its client's issued ones). */
async function detailOf(ctx: OperationContext, id: string) {
  const { invoice, lines } = await getInvoice(ctx.db, workspaceOf(ctx), id, clientScopeOf(ctx));
  const credits = await ctx.db
    .select({ id: invoices.id, number: invoices.number, total: invoices.total })
    .from(invoices)
    .where(and(eq(invoices.correctsId, invoice.id), ne(invoices.status, "void")));
  // A draft shows today's details; an issued invoice the ones frozen when it was issued.
  const parties =
    invoice.status === "draft"
      ? {
          billTo: clientSnapshotOf(await getClient(ctx.db, invoice.workspaceId, invoice.clientId)),
          seller: sellerSnapshotOf(await settingsOf(ctx.db, invoice.workspaceId)),
        }
      : { billTo: invoice.clientSnapshot, seller: invoice.sellerSnapshot };
  return {
    ...(await viewOf(ctx.db, invoice, await todayOf(ctx))),
    ...(parties as z.input<typeof zParties>),
    lines: lines.map(lineView),
    creditNotes: credits,
  };
}

const zParties = z.object({
  billTo: z
    .object({
      name: z.string(),
      email: z.string().nullable(),
      address: zAddress.nullable(),
      taxIds: z.array(z.object({ type: z.string(), value: z.string() })),
    })
    .describe("The client as printed on the invoice (frozen when issued)"),
  seller: z
    .object({
      name: z.string(),
      address: zAddress.nullable(),
      taxId: z.string().nullable(),
      email: z.string().nullable(),
      paymentInstructions: z.string(),
      footer: z.string(),
    })
    .describe("The sender as printed on the invoice (frozen when issued)"),
});

const zDetail = zInvoice.extend({
  ...zParties.shape,
  lines: z.array(zLine),
  creditNotes: z.array(z.object({ id: zId, number: z.string().nullable(), total: zDecimal })),
});

export const invoicesList = defineOperation({
  name: "invoices.list",
  summary: "Invoices and credit notes, newest first (a client guest sees its own issued ones)",
  input: z.object({ clientId: zId.optional(), status: z.enum(STATUSES).optional() }),
  output: z.array(zInvoice),
  permission: "invoices:read",
  mutates: false,
  handler: async (input, ctx) => {
    const guest = clientScopeOf(ctx);
    const rows = await listInvoices(ctx.db, workspaceOf(ctx), {
      clientId: guest ?? input.clientId,
      status: input.status,
      guest: !!guest,
    });
    const { names, credited } = await listContext(ctx.db, workspaceOf(ctx), rows);
    const today = await todayOf(ctx);
    return rows.map((row) =>
      viewWith(row, names.get(row.clientId) ?? "", credited.get(row.id) ?? 0, today),
    );
  },
});

export const invoicesGet = defineOperation({
  name: "invoices.get",
  summary: "One invoice with its lines and credit notes",
  input: z.object({ id: zId }),
  output: zDetail,
  permission: "invoices:read",
  mutates: false,
  handler: (input, ctx) => detailOf(ctx, input.id),
});

export const invoicesDraft = defineOperation({
  name: "invoices.draft",
  summary:
    "Draft a client's invoice for whole months: allocated cloud cost, billable time, fixed fees",
  description:
    "periodStart and periodEnd are first days of months; periodEnd is exclusive. Costs in another " +
    "currency than the client's need exchangeRates (client currency per 1 unit of the other).",
  input: z.strictObject({
    clientId: zId,
    periodStart: zDay,
    periodEnd: zDay,
    exchangeRates: z.record(z.string().regex(/^[A-Z]{3}$/), zDecimal).default({}),
    notes: z.string().max(2_000).default(""),
  }),
  output: zDetail,
  permission: "invoices:draft",
  mutates: true,
  handler: async (input, ctx) => {
    const invoice = await createDraft(ctx.db, workspaceOf(ctx), {
      ...input,
      createdBy: userOf(ctx) ?? null,
    });
    ctx.audit.targetId = invoice.id;
    return detailOf(ctx, invoice.id);
  },
});

export const invoicesDelete = defineOperation({
  name: "invoices.delete",
  summary: "Delete a draft (issued invoices are voided or credited, never deleted)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "invoices:draft",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await deleteDraft(ctx.db, workspaceOf(ctx), input.id);
    return { ok: true as const };
  },
});

export const linesAdd = defineOperation({
  name: "invoices.lines.add",
  summary: "Add a line to a draft",
  input: z.strictObject({
    invoiceId: zId,
    kind: z.enum(["fixed", "discount", "credit"]).default("fixed"),
    ...zLineFields,
    unit: zLineFields.unit.default(null),
    discountPercent: zLineFields.discountPercent.default(null),
  }),
  output: zDetail,
  permission: "invoices:draft",
  mutates: true,
  handler: async ({ invoiceId, ...line }, ctx) => {
    ctx.audit.targetId = invoiceId;
    await addLine(ctx.db, workspaceOf(ctx), invoiceId, line);
    return detailOf(ctx, invoiceId);
  },
});

export const linesUpdate = defineOperation({
  name: "invoices.lines.update",
  summary: "Change a draft's line: description, quantity, price, discount or tax rate",
  input: z.strictObject({
    id: zId,
    description: zLineFields.description.optional(),
    quantity: zLineFields.quantity.optional(),
    unit: zLineFields.unit.optional(),
    unitPrice: zLineFields.unitPrice.optional(),
    discountPercent: zLineFields.discountPercent.optional(),
    taxRate: zLineFields.taxRate.optional(),
  }),
  output: zDetail,
  permission: "invoices:draft",
  mutates: true,
  handler: async ({ id, ...fields }, ctx) => {
    const invoice = await updateLine(ctx.db, workspaceOf(ctx), id, fields);
    ctx.audit.targetId = invoice.id;
    return detailOf(ctx, invoice.id);
  },
});

export const linesRemove = defineOperation({
  name: "invoices.lines.remove",
  summary: "Remove a line from a draft",
  input: z.strictObject({ id: zId }),
  output: zDetail,
  permission: "invoices:draft",
  mutates: true,
  handler: async (input, ctx) => {
    const invoice = await removeLine(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = invoice.id;
    return detailOf(ctx, invoice.id);
  },
});

export const invoicesIssue = defineOperation({
  name: "invoices.issue",
  summary:
    "Issue a draft: gapless number, frozen details, billed time locked; immutable afterwards",
  input: z.strictObject({ id: zId, issueDate: zDay.optional() }),
  output: zDetail,
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await issueInvoice(ctx.db, workspaceOf(ctx), input.id, input.issueDate ?? (await todayOf(ctx)));
    return detailOf(ctx, input.id);
  },
});

export const invoicesMarkSent = defineOperation({
  name: "invoices.markSent",
  summary: "Record that an issued invoice was sent to the client",
  input: z.strictObject({ id: zId }),
  output: zDetail,
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await markSent(ctx.db, workspaceOf(ctx), input.id);
    return detailOf(ctx, input.id);
  },
});

export const invoicesVoid = defineOperation({
  name: "invoices.void",
  summary: "Void an issued invoice without payments; its time becomes billable again",
  input: z.strictObject({ id: zId, reason: z.string().trim().min(1).max(500) }),
  output: zDetail,
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    await voidInvoice(ctx.db, workspaceOf(ctx), input.id, input.reason);
    return detailOf(ctx, input.id);
  },
});

export const invoicesCredit = defineOperation({
  name: "invoices.credit",
  summary: "Issue a credit note for an invoice (all its lines, or those named)",
  input: z.strictObject({
    id: zId,
    lineIds: z.array(zId).min(1).optional(),
    reason: z.string().trim().min(1).max(500),
    issueDate: zDay.optional(),
  }),
  output: zDetail,
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    const note = await creditInvoice(ctx.db, workspaceOf(ctx), input.id, {
      lineIds: input.lineIds,
      reason: input.reason,
      issueDate: input.issueDate ?? (await todayOf(ctx)),
      createdBy: userOf(ctx) ?? null,
    });
    ctx.audit.targetId = note.id;
    return detailOf(ctx, note.id);
  },
});

export const invoiceOperations = [
  invoicesList,
  invoicesGet,
  invoicesDraft,
  invoicesDelete,
  linesAdd,
  linesUpdate,
  linesRemove,
  invoicesIssue,
  invoicesMarkSent,
  invoicesVoid,
  invoicesCredit,
] as const;

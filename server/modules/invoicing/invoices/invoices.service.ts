import Decimal from "decimal.js";
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, conflict, invalid, notFound } from "../../../platform/errors.ts";
import { workspaceTimeZone } from "../../../platform/workspaces/workspaces.service.ts";
import { type Client, getClient, planOf } from "../clients/clients.service.ts";
import { clients, invoiceLines, invoices, pricingPlans } from "../invoicing.schema.ts";
import { moneyString, roundMoney } from "../money/currency.ts";
import { invoiceTotals } from "../money/invoice-math.ts";
import { EMPTY_PLAN, type PricingPlan, zPricingPlan } from "../pricing/pricing.ts";
import { roundingRulesOf, settingsOf } from "./settings.ts";
import { type DraftLine, draftLines } from "./sources.ts";

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;
export type LineFields = Omit<DraftLine, "detail"> & { detail?: Record<string, unknown> };

/** Issued and not yet settled. */
export const OPEN = ["issued", "sent", "partially_paid"];

export async function getInvoice(db: Db, workspaceId: string, id: string, clientId?: string) {
  const where = [eq(invoices.workspaceId, workspaceId), eq(invoices.id, id)];
  if (clientId) where.push(eq(invoices.clientId, clientId), ne(invoices.status, "draft"));
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(...where));
  if (!invoice) throw notFound("Invoice");
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, id))
    .orderBy(asc(invoiceLines.position));
  return { invoice, lines };
}

export async function listInvoices(
  db: Db,
  workspaceId: string,
  filter: { clientId?: string; status?: string; guest?: boolean },
) {
  const where = [eq(invoices.workspaceId, workspaceId)];
  if (filter.clientId) where.push(eq(invoices.clientId, filter.clientId));
  if (filter.status) where.push(eq(invoices.status, filter.status));
  if (filter.guest) where.push(ne(invoices.status, "draft"));
  return db
    .select()
    .from(invoices)
    .where(and(...where))
    .orderBy(desc(invoices.createdAt));
}

/** What a credit note has taken off an invoice (a positive amount). */
export async function creditedOn(db: Db, invoiceId: string): Promise<Decimal> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${invoices.total}), 0)::text` })
    .from(invoices)
    .where(and(eq(invoices.correctsId, invoiceId), ne(invoices.status, "void")));
  return new Decimal(row?.total ?? 0).negated();
}

/** An issued, not voided invoice: the only kind that is owed anything. */
const isOwed = (invoice: Invoice) =>
  invoice.kind === "invoice" && invoice.status !== "draft" && invoice.status !== "void";

export async function balanceOf(db: Db, invoice: Invoice): Promise<Decimal> {
  return isOwed(invoice) ? balanceFrom(invoice, await creditedOn(db, invoice.id)) : new Decimal(0);
}

/** What is still owed, given what credit notes took off (a positive amount). */
export function balanceFrom(invoice: Invoice, credited: Decimal.Value): Decimal {
  if (!isOwed(invoice)) return new Decimal(0);
  return new Decimal(invoice.total).minus(invoice.amountPaid).minus(credited);
}

/**
 * For a page of invoices, in two queries: each client's name and what credit notes took off
 * each invoice.
 */
export async function listContext(db: Db, workspaceId: string, rows: Invoice[]) {
  const names = new Map<string, string>();
  const credited = new Map<string, Decimal>();
  if (rows.length === 0) return { names, credited };
  const clientRows = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(
      and(
        eq(clients.workspaceId, workspaceId),
        inArray(clients.id, [...new Set(rows.map((r) => r.clientId))]),
      ),
    );
  for (const c of clientRows) names.set(c.id, c.name);
  const creditRows = await db
    .select({ id: invoices.correctsId, total: sql<string>`sum(${invoices.total})::text` })
    .from(invoices)
    .where(
      and(
        eq(invoices.workspaceId, workspaceId),
        inArray(
          invoices.correctsId,
          rows.map((r) => r.id),
        ),
        ne(invoices.status, "void"),
      ),
    )
    .groupBy(invoices.correctsId);
  for (const c of creditRows) credited.set(c.id!, new Decimal(c.total).negated());
  return { names, credited };
}

export function refuseIfIssued(invoice: Invoice) {
  if (invoice.status === "draft") return;
  throw conflict(
    `${invoice.number ?? "This invoice"} is ${invoice.status} and can no longer be changed; correct an issued invoice with a credit note`,
  );
}

/** Re-prices the lines of an invoice: each line's net, the tax per rate and the totals. */
export async function recompute(db: Db, invoice: Invoice): Promise<Invoice> {
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoice.id))
    .orderBy(asc(invoiceLines.position));
  const rules = invoice.roundingRules as ReturnType<typeof roundingRulesOf>;
  const totals = invoiceTotals(
    lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent ?? undefined,
      taxRate: l.taxRate,
    })),
    { currency: invoice.currency, ...rules },
  );
  for (const [i, line] of lines.entries()) {
    if (!new Decimal(line.net).equals(totals.lineNets[i]!))
      await db
        .update(invoiceLines)
        .set({ net: totals.lineNets[i]! })
        .where(eq(invoiceLines.id, line.id));
  }
  const [updated] = await db
    .update(invoices)
    .set({
      subtotal: totals.subtotal,
      tax: totals.tax,
      total: totals.total,
      taxBreakdown: totals.taxes,
      updatedAt: new Date(),
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  return updated!;
}

export async function insertLines(db: Db, invoice: Invoice, lines: LineFields[], from = 0) {
  if (lines.length === 0) return;
  await db.insert(invoiceLines).values(
    lines.map((line, i) => ({
      workspaceId: invoice.workspaceId,
      invoiceId: invoice.id,
      position: from + i,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      unitPrice: line.unitPrice,
      discountPercent: line.discountPercent,
      taxRate: line.taxRate,
      net: "0",
      detail: line.detail ?? {},
    })),
  );
}

function checkMonths(periodStart: string, periodEnd: string) {
  if (!periodStart.endsWith("-01"))
    throw invalid("periodStart", "must be the first day of a month");
  if (!periodEnd.endsWith("-01"))
    throw invalid("periodEnd", "must be the first day of a month (exclusive)");
  if (periodEnd <= periodStart) throw invalid("periodEnd", "must be after periodStart");
}

async function projectPlansOf(db: Db, workspaceId: string, clientId: string) {
  const rows = await db
    .select({ projectId: pricingPlans.projectId, plan: pricingPlans.plan })
    .from(pricingPlans)
    .where(
      and(
        eq(pricingPlans.workspaceId, workspaceId),
        eq(pricingPlans.clientId, clientId),
        isNotNull(pricingPlans.projectId),
      ),
    );
  return new Map<string, PricingPlan>(rows.map((r) => [r.projectId!, zPricingPlan.parse(r.plan)]));
}

/** The discount and minimum-fee lines a plan adds on top of the billed lines. */
function adjustments(lines: DraftLine[], plan: PricingPlan, currency: string, taxRate: string) {
  const extra: DraftLine[] = [];
  const subtotal = () =>
    invoiceTotals(
      [...lines, ...extra].map((l) => ({ ...l, discountPercent: l.discountPercent ?? undefined })),
      { currency, rounding: "half-up", taxRounding: "per-rate" },
    ).subtotal;
  if (plan.discountPercent && Number(plan.discountPercent) > 0) {
    const off = roundMoney(
      new Decimal(subtotal()).times(plan.discountPercent).dividedBy(100),
      currency,
      "half-up",
    );
    if (!off.isZero())
      extra.push({
        kind: "discount",
        description: `Discount ${plan.discountPercent} %`,
        quantity: "1",
        unit: null,
        unitPrice: off.negated().toString(),
        discountPercent: null,
        taxRate,
        detail: { percent: plan.discountPercent },
      });
  }
  if (plan.minimumFee) {
    const short = new Decimal(plan.minimumFee).minus(subtotal());
    if (short.greaterThan(0))
      extra.push({
        kind: "minimum",
        description: `Minimum fee adjustment (minimum ${moneyString(new Decimal(plan.minimumFee), currency)} ${currency})`,
        quantity: "1",
        unit: null,
        unitPrice: short.toString(),
        discountPercent: null,
        taxRate,
        detail: { minimumFee: plan.minimumFee },
      });
  }
  return extra;
}

export interface DraftInput {
  clientId: string;
  periodStart: string;
  periodEnd: string;
  exchangeRates: Record<string, string>;
  notes: string;
  createdBy: string | null;
}

/** A draft invoice for a client's period, with every line its pricing plan yields. */
export async function createDraft(db: Db, workspaceId: string, input: DraftInput) {
  checkMonths(input.periodStart, input.periodEnd);
  const client = await getClient(db, workspaceId, input.clientId);
  if (client.archivedAt)
    throw conflict(`${client.name} is archived; unarchive the client to invoice it`);
  await refuseOverlap(db, client, input.periodStart, input.periodEnd);
  const settings = await settingsOf(db, workspaceId);
  const plan = (await planOf(db, workspaceId, client.id)) ?? EMPTY_PLAN;
  const taxRate = client.reverseCharge
    ? "0"
    : (plan.taxRate ?? client.defaultTaxRate ?? settings.defaultTaxRate);
  const scope = {
    workspaceId,
    client,
    plan,
    projectPlans: await projectPlansOf(db, workspaceId, client.id),
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    timeZone: await workspaceTimeZone(db, workspaceId),
    currency: client.currency,
    exchangeRates: input.exchangeRates,
    taxRate,
  };
  const lines = await draftLines(db, scope);
  if (lines.length === 0)
    throw new AppError(
      "invalid_input",
      `Nothing to bill ${client.name} from ${input.periodStart} to ${input.periodEnd}: no cloud cost is allocated to it, no billable time is open on its projects, and its pricing has no retainer`,
      { field: "periodStart" },
    );
  lines.push(...adjustments(lines, plan, client.currency, taxRate));
  const [invoice] = await db
    .insert(invoices)
    .values({
      workspaceId,
      clientId: client.id,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      currency: client.currency,
      exchangeRates: input.exchangeRates,
      reverseCharge: client.reverseCharge,
      notes: input.notes,
      roundingRules: roundingRulesOf(settings),
      createdBy: input.createdBy,
    })
    .returning();
  await insertLines(db, invoice!, lines);
  return recompute(db, invoice!);
}

/** One invoice per client and period: an earlier one must be voided (or credited) first. */
async function refuseOverlap(db: Db, client: Client, start: string, end: string) {
  const [other] = await db
    .select({ number: invoices.number, status: invoices.status, start: invoices.periodStart })
    .from(invoices)
    .where(
      and(
        eq(invoices.workspaceId, client.workspaceId),
        eq(invoices.clientId, client.id),
        eq(invoices.kind, "invoice"),
        ne(invoices.status, "void"),
        sql`${invoices.periodStart} < ${end}::date AND ${invoices.periodEnd} > ${start}::date`,
      ),
    )
    .limit(1);
  if (!other) return;
  const what = other.number ? `invoice ${other.number} (${other.status})` : "a draft invoice";
  throw conflict(
    `${client.name} already has ${what} for a period overlapping ${start} – ${end}; ${other.number ? "void or credit it" : "edit or delete that draft"} first`,
  );
}

export async function draftOf(db: Db, workspaceId: string, id: string) {
  const { invoice } = await getInvoice(db, workspaceId, id);
  refuseIfIssued(invoice);
  return invoice;
}

export async function addLine(db: Db, workspaceId: string, id: string, line: LineFields) {
  const invoice = await draftOf(db, workspaceId, id);
  const [last] = await db
    .select({ position: sql<number>`coalesce(max(${invoiceLines.position}), -1)::int` })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, id));
  await insertLines(db, invoice, [line], (last?.position ?? -1) + 1);
  return recompute(db, invoice);
}

export async function updateLine(
  db: Db,
  workspaceId: string,
  lineId: string,
  fields: Partial<Omit<LineFields, "kind" | "detail">>,
) {
  const [line] = await db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.workspaceId, workspaceId), eq(invoiceLines.id, lineId)));
  if (!line) throw notFound("Invoice line");
  const invoice = await draftOf(db, workspaceId, line.invoiceId);
  await db.update(invoiceLines).set(fields).where(eq(invoiceLines.id, lineId));
  return recompute(db, invoice);
}

export async function removeLine(db: Db, workspaceId: string, lineId: string) {
  const [line] = await db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.workspaceId, workspaceId), eq(invoiceLines.id, lineId)));
  if (!line) throw notFound("Invoice line");
  const invoice = await draftOf(db, workspaceId, line.invoiceId);
  await db.delete(invoiceLines).where(eq(invoiceLines.id, lineId));
  return recompute(db, invoice);
}

export async function deleteDraft(db: Db, workspaceId: string, id: string) {
  const invoice = await draftOf(db, workspaceId, id);
  await db.delete(invoices).where(eq(invoices.id, invoice.id));
  return invoice;
}

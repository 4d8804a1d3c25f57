// Issuing and correcting invoices: numbering, frozen details, locked time, void, credit notes.
import Decimal from "decimal.js";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid } from "../../../platform/errors.ts";
import { addDays } from "../../costs/analysis/daily-series.ts";
import { timeEntries } from "../../projects/projects.schema.ts";
import { type Client, getClient } from "../clients/clients.service.ts";
import { invoices } from "../invoicing.schema.ts";
import { invoiceTotals } from "../money/invoice-math.ts";
import { formatInvoiceNumber } from "../money/numbering.ts";
import {
  balanceOf,
  getInvoice,
  type InvoiceLine,
  insertLines,
  OPEN,
  recompute,
  refuseIfIssued,
} from "./invoices.service.ts";
import { type roundingRulesOf, settingsOf, takeNumber } from "./settings.ts";
import type { DraftLine } from "./sources.ts";

/** The client's details as printed on an invoice (frozen at issue). */
export function clientSnapshotOf(client: Client) {
  return {
    name: client.legalName,
    email: client.email,
    address: client.billingAddress,
    taxIds: client.taxIds,
  };
}

/** The sender's details as printed on an invoice (frozen at issue). */
export function sellerSnapshotOf(settings: Awaited<ReturnType<typeof settingsOf>>) {
  return {
    name: settings.companyName,
    address: settings.address,
    taxId: settings.taxId,
    email: settings.email,
    paymentInstructions: settings.paymentInstructions,
    footer: settings.footer,
  };
}

/** Time entries a draft bills, from its time lines. */
function entryIdsOf(lines: InvoiceLine[]): string[] {
  return lines.flatMap((l) =>
    l.kind === "time" ? ((l.detail as { entryIds?: string[] }).entryIds ?? []) : [],
  );
}

/**
 * Issues a draft: the next gapless number, the client's and sender's details frozen, its time
 * entries locked to it. Immutable from here on.
 */
export async function issueInvoice(db: Db, workspaceId: string, id: string, issueDate: string) {
  const { invoice, lines } = await getInvoice(db, workspaceId, id);
  refuseIfIssued(invoice);
  if (lines.length === 0)
    throw conflict("An invoice without lines cannot be issued; add a line first");
  const client = await getClient(db, workspaceId, invoice.clientId);
  const settings = await settingsOf(db, workspaceId);
  const entryIds = entryIdsOf(lines);
  if (entryIds.length > 0) {
    const locked = await db
      .update(timeEntries)
      .set({ invoiceId: invoice.id })
      .where(
        and(
          eq(timeEntries.workspaceId, workspaceId),
          inArray(timeEntries.id, entryIds),
          isNull(timeEntries.invoiceId),
        ),
      )
      .returning({ id: timeEntries.id });
    if (locked.length !== entryIds.length)
      throw conflict(
        `${entryIds.length - locked.length} time entr(ies) on this draft were deleted or billed elsewhere since it was drafted; delete the draft and draft it again`,
      );
  }
  const { seq, format } = await takeNumber(
    db,
    workspaceId,
    invoice.kind === "credit_note" ? "credit_note" : "invoice",
  );
  const [issued] = await db
    .update(invoices)
    .set({
      number: formatInvoiceNumber(format, seq, issueDate),
      status: "issued",
      issueDate,
      dueDate: addDays(issueDate, client.paymentTermsDays),
      clientSnapshot: clientSnapshotOf(client),
      sellerSnapshot: sellerSnapshotOf(settings),
      issuedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(invoices.id, invoice.id))
    .returning();
  return issued!;
}

export async function markSent(db: Db, workspaceId: string, id: string) {
  const { invoice } = await getInvoice(db, workspaceId, id);
  if (invoice.status !== "issued")
    throw conflict(`Only an issued invoice can be marked as sent; this one is ${invoice.status}`);
  const [row] = await db
    .update(invoices)
    .set({ status: "sent", sentAt: new Date(), updatedAt: new Date() })
    .where(eq(invoices.id, id))
    .returning();
  return row!;
}

/** Voids an issued invoice nobody has paid; its time entries become billable again. */
export async function voidInvoice(db: Db, workspaceId: string, id: string, reason: string) {
  const { invoice } = await getInvoice(db, workspaceId, id);
  if (invoice.status === "draft") throw conflict("A draft is deleted, not voided");
  if (invoice.status === "void") throw conflict(`${invoice.number} is already void`);
  if (!new Decimal(invoice.amountPaid).isZero())
    throw conflict(
      `${invoice.number} has payments recorded; correct it with a credit note instead`,
    );
  await db
    .update(timeEntries)
    .set({ invoiceId: null })
    .where(and(eq(timeEntries.workspaceId, workspaceId), eq(timeEntries.invoiceId, id)));
  const [row] = await db
    .update(invoices)
    .set({ status: "void", voidedAt: new Date(), voidReason: reason, updatedAt: new Date() })
    .where(eq(invoices.id, id))
    .returning();
  return row!;
}

/**
 * A credit note for an issued invoice: its lines (all, or those named) negated, issued at once
 * under the credit-note series. The invoice's balance falls by the credit note's total.
 */
export async function creditInvoice(
  db: Db,
  workspaceId: string,
  id: string,
  options: { lineIds?: string[]; issueDate: string; reason: string; createdBy: string | null },
) {
  const { invoice, lines } = await getInvoice(db, workspaceId, id);
  if (invoice.kind !== "invoice" || !OPEN.concat("paid").includes(invoice.status))
    throw conflict(`Only an issued invoice can be credited; this one is ${invoice.status}`);
  const chosen = options.lineIds ? lines.filter((l) => options.lineIds!.includes(l.id)) : lines;
  if (options.lineIds && chosen.length !== options.lineIds.length)
    throw invalid("lineIds", "every line must belong to the invoice");
  const balance = await balanceOf(db, invoice);
  const credit = invoiceTotals(
    chosen.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent ?? undefined,
      taxRate: l.taxRate,
    })),
    {
      currency: invoice.currency,
      ...(invoice.roundingRules as ReturnType<typeof roundingRulesOf>),
    },
  );
  const alreadyPaid = new Decimal(invoice.amountPaid);
  if (new Decimal(credit.total).greaterThan(balance.plus(alreadyPaid)))
    throw conflict(`The credit (${credit.total}) would exceed what is left of ${invoice.number}`);
  const [note] = await db
    .insert(invoices)
    .values({
      workspaceId,
      clientId: invoice.clientId,
      kind: "credit_note",
      correctsId: invoice.id,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      currency: invoice.currency,
      exchangeRates: invoice.exchangeRates,
      reverseCharge: invoice.reverseCharge,
      notes: `Credit note for ${invoice.number}: ${options.reason}`,
      roundingRules: invoice.roundingRules,
      createdBy: options.createdBy,
    })
    .returning();
  await insertLines(
    db,
    note!,
    chosen.map((l) => ({
      kind: l.kind as DraftLine["kind"],
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: new Decimal(l.unitPrice).negated().toString(),
      discountPercent: l.discountPercent,
      taxRate: l.taxRate,
      detail: { creditedLineId: l.id },
    })),
  );
  await recompute(db, note!);
  const issued = await issueInvoice(db, workspaceId, note!.id, options.issueDate);
  // Credited down to nothing: the invoice is settled.
  if ((await balanceOf(db, invoice)).lessThanOrEqualTo(0))
    await db
      .update(invoices)
      .set({ status: "paid", updatedAt: new Date() })
      .where(eq(invoices.id, invoice.id));
  return issued;
}

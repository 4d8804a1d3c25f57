import Decimal from "decimal.js";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { balanceOf, getInvoice, type Invoice } from "../invoices/invoices.service.ts";
import { invoices, payments } from "../invoicing.schema.ts";
import { moneyString, roundMoney } from "../money/currency.ts";

export type Payment = typeof payments.$inferSelect;

const PAYABLE = ["issued", "sent", "partially_paid"];

export interface PaymentInput {
  invoiceId: string;
  amount: string;
  receivedOn: string;
  method: string;
  reference: string;
  note: string;
  createdBy: string | null;
}

async function settle(db: Db, invoice: Invoice, paid: Decimal) {
  const updated = { ...invoice, amountPaid: paid.toString() };
  const balance = await balanceOf(db, updated);
  await db
    .update(invoices)
    .set({
      amountPaid: moneyString(paid, invoice.currency),
      status: balance.lessThanOrEqualTo(0) ? "paid" : "partially_paid",
      updatedAt: new Date(),
    })
    .where(eq(invoices.id, invoice.id));
  return balance;
}

/**
 * Records money received against an invoice. More than the balance: the invoice is paid and
 * the rest is kept as the client's credit (a payment without an invoice).
 */
export async function recordPayment(db: Db, workspaceId: string, input: PaymentInput) {
  const { invoice } = await getInvoice(db, workspaceId, input.invoiceId);
  if (invoice.kind !== "invoice" || !PAYABLE.includes(invoice.status))
    throw conflict(
      `Payments are recorded against issued, unpaid invoices; ${invoice.number ?? "this draft"} is ${invoice.status}`,
    );
  const amount = roundMoney(input.amount, invoice.currency, "half-up");
  if (amount.lessThanOrEqualTo(0)) throw invalid("amount", "must be more than zero");
  if (!amount.equals(input.amount))
    throw invalid("amount", `has more decimals than ${invoice.currency} allows`);
  const balance = await balanceOf(db, invoice);
  const applied = Decimal.min(amount, balance);
  const excess = amount.minus(applied);
  const base = {
    workspaceId,
    clientId: invoice.clientId,
    currency: invoice.currency,
    receivedOn: input.receivedOn,
    method: input.method,
    reference: input.reference,
    createdBy: input.createdBy,
  };
  const [payment] = await db
    .insert(payments)
    .values({
      ...base,
      invoiceId: invoice.id,
      amount: moneyString(applied, invoice.currency),
      note: input.note,
    })
    .returning();
  let credit: Payment | undefined;
  if (excess.greaterThan(0)) {
    [credit] = await db
      .insert(payments)
      .values({
        ...base,
        invoiceId: null,
        amount: moneyString(excess, invoice.currency),
        note: `Overpayment of ${invoice.number}, held as credit`,
        fromPaymentId: payment!.id,
      })
      .returning();
  }
  const left = await settle(db, invoice, new Decimal(invoice.amountPaid).plus(applied));
  return {
    payment: payment!,
    credit: credit ?? null,
    balance: moneyString(Decimal.max(left, 0), invoice.currency),
  };
}

/** The client's unapplied credit per currency (overpayments less credit already applied). */
export async function creditBalance(db: Db, workspaceId: string, clientId: string) {
  const rows = await db
    .select({ currency: payments.currency, amount: sql<string>`sum(${payments.amount})::text` })
    .from(payments)
    .where(
      and(
        eq(payments.workspaceId, workspaceId),
        eq(payments.clientId, clientId),
        isNull(payments.invoiceId),
      ),
    )
    .groupBy(payments.currency);
  return rows
    .filter((r) => !new Decimal(r.amount).isZero())
    .map((r) => ({ currency: r.currency, amount: moneyString(new Decimal(r.amount), r.currency) }));
}

/** Pays an invoice from the client's credit, as far as the credit goes. */
export async function applyCredit(
  db: Db,
  workspaceId: string,
  invoiceId: string,
  receivedOn: string,
  createdBy: string | null,
) {
  const { invoice } = await getInvoice(db, workspaceId, invoiceId);
  if (invoice.kind !== "invoice" || !PAYABLE.includes(invoice.status))
    throw conflict(
      `Credit is applied to issued, unpaid invoices; ${invoice.number ?? "this draft"} is ${invoice.status}`,
    );
  const credit = (await creditBalance(db, workspaceId, invoice.clientId)).find(
    (c) => c.currency === invoice.currency,
  );
  if (!credit || new Decimal(credit.amount).lessThanOrEqualTo(0))
    throw conflict(`The client has no ${invoice.currency} credit to apply`);
  const applied = Decimal.min(credit.amount, await balanceOf(db, invoice));
  const base = {
    workspaceId,
    clientId: invoice.clientId,
    currency: invoice.currency,
    receivedOn,
    method: "credit",
    reference: "",
    createdBy,
  };
  const [payment] = await db
    .insert(payments)
    .values({
      ...base,
      invoiceId: invoice.id,
      amount: moneyString(applied, invoice.currency),
      note: "Paid from the client's credit",
    })
    .returning();
  await db.insert(payments).values({
    ...base,
    invoiceId: null,
    amount: moneyString(applied.negated(), invoice.currency),
    note: `Credit applied to ${invoice.number}`,
    fromPaymentId: payment!.id,
  });
  const left = await settle(db, invoice, new Decimal(invoice.amountPaid).plus(applied));
  return { payment: payment!, balance: moneyString(Decimal.max(left, 0), invoice.currency) };
}

export async function listPayments(
  db: Db,
  workspaceId: string,
  filter: { clientId?: string; invoiceId?: string },
) {
  const where = [eq(payments.workspaceId, workspaceId)];
  if (filter.clientId) where.push(eq(payments.clientId, filter.clientId));
  if (filter.invoiceId) where.push(eq(payments.invoiceId, filter.invoiceId));
  return db
    .select()
    .from(payments)
    .where(and(...where))
    .orderBy(desc(payments.receivedOn), desc(payments.createdAt));
}

/** Removes a mistaken payment (and the credit its overpayment created, if still unused). */
export async function deletePayment(db: Db, workspaceId: string, id: string) {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.workspaceId, workspaceId), eq(payments.id, id)));
  if (!payment?.invoiceId) throw notFound("Payment");
  const { invoice } = await getInvoice(db, workspaceId, payment.invoiceId);
  const derived = await db
    .select()
    .from(payments)
    .where(and(eq(payments.workspaceId, workspaceId), eq(payments.fromPaymentId, id)));
  const credit = await creditBalance(db, workspaceId, invoice.clientId);
  const available = new Decimal(credit.find((c) => c.currency === invoice.currency)?.amount ?? 0);
  const derivedTotal = derived.reduce((s, p) => s.plus(p.amount), new Decimal(0));
  if (derivedTotal.greaterThan(available))
    throw conflict(
      "The overpayment of this payment has already been applied to another invoice; remove that first",
    );
  await db
    .delete(payments)
    .where(and(eq(payments.workspaceId, workspaceId), eq(payments.fromPaymentId, id)));
  await db.delete(payments).where(eq(payments.id, id));
  // A payment of credit gives the credit back.
  const paid = new Decimal(invoice.amountPaid).minus(payment.amount);
  const balance = await balanceOf(db, { ...invoice, amountPaid: paid.toString() });
  await db
    .update(invoices)
    .set({
      amountPaid: moneyString(paid, invoice.currency),
      status: paid.isZero()
        ? invoice.sentAt
          ? "sent"
          : "issued"
        : balance.lessThanOrEqualTo(0)
          ? "paid"
          : "partially_paid",
      updatedAt: new Date(),
    })
    .where(eq(invoices.id, invoice.id));
  return payment;
}

import { z } from "zod";
import {
  clientScopeOf,
  defineOperation,
  todayOf,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { getClient } from "../clients/clients.service.ts";
import { zPayment } from "../invoices/invoices.zod.ts";
import { zAmount, zCurrency, zDay, zDecimal } from "../invoicing.zod.ts";
import {
  applyCredit,
  creditBalance,
  deletePayment,
  listPayments,
  type Payment,
  recordPayment,
} from "./payments.service.ts";

const view = (p: Payment): z.input<typeof zPayment> => ({
  id: p.id,
  clientId: p.clientId,
  invoiceId: p.invoiceId,
  amount: p.amount,
  currency: p.currency,
  receivedOn: p.receivedOn,
  method: p.method,
  reference: p.reference,
  note: p.note,
  createdAt: p.createdAt,
});

export const paymentsRecord = defineOperation({
  name: "payments.record",
  summary: "Record money received for an invoice; an overpayment becomes the client's credit",
  input: z.strictObject({
    invoiceId: zId,
    amount: zAmount,
    receivedOn: zDay.optional(),
    method: z.enum(["bank_transfer", "card", "cash", "cheque", "other"]).default("bank_transfer"),
    reference: z.string().trim().max(200).default(""),
    note: z.string().trim().max(1_000).default(""),
  }),
  output: z.object({
    payment: zPayment,
    credit: zPayment.nullable().describe("The overpayment, kept as the client's credit"),
    balance: zDecimal.describe("What the invoice still owes"),
  }),
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    const result = await recordPayment(ctx.db, workspaceOf(ctx), {
      ...input,
      receivedOn: input.receivedOn ?? (await todayOf(ctx)),
      createdBy: userOf(ctx) ?? null,
    });
    ctx.audit.targetId = input.invoiceId;
    return {
      payment: view(result.payment),
      credit: result.credit ? view(result.credit) : null,
      balance: result.balance,
    };
  },
});

export const paymentsApplyCredit = defineOperation({
  name: "payments.applyCredit",
  summary: "Pay an invoice from its client's credit, as far as the credit goes",
  input: z.strictObject({ invoiceId: zId, receivedOn: zDay.optional() }),
  output: z.object({ payment: zPayment, balance: zDecimal }),
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.invoiceId;
    const result = await applyCredit(
      ctx.db,
      workspaceOf(ctx),
      input.invoiceId,
      input.receivedOn ?? (await todayOf(ctx)),
      userOf(ctx) ?? null,
    );
    return { payment: view(result.payment), balance: result.balance };
  },
});

export const paymentsList = defineOperation({
  name: "payments.list",
  summary: "Payments received, newest first, with each client's unapplied credit",
  input: z.object({ clientId: zId.optional(), invoiceId: zId.optional() }),
  output: z.object({
    payments: z.array(zPayment),
    credit: z.array(z.object({ currency: zCurrency, amount: zDecimal })),
  }),
  permission: "invoices:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const clientId = clientScopeOf(ctx) ?? input.clientId;
    const rows = await listPayments(ctx.db, workspaceId, { clientId, invoiceId: input.invoiceId });
    const credit = clientId
      ? await creditBalance(
          ctx.db,
          workspaceId,
          (await getClient(ctx.db, workspaceId, clientId)).id,
        )
      : [];
    return { payments: rows.map(view), credit };
  },
});

export const paymentsDelete = defineOperation({
  name: "payments.delete",
  summary: "Remove a payment recorded by mistake",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    const payment = await deletePayment(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = payment.invoiceId ?? input.id;
    return { ok: true as const };
  },
});

export const paymentOperations = [
  paymentsRecord,
  paymentsApplyCredit,
  paymentsList,
  paymentsDelete,
] as const;

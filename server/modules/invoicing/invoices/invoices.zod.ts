import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { zAmount, zCurrency, zDay, zDecimal, zPercent } from "../invoicing.zod.ts";

export const LINE_KINDS = [
  "cloud",
  "time",
  "retainer",
  "fixed",
  "resource_fee",
  "minimum",
  "discount",
  "credit",
] as const;

export const STATUSES = ["draft", "issued", "sent", "partially_paid", "paid", "void"] as const;

export const zLine = z.object({
  id: zId,
  position: z.number().int(),
  kind: z.enum(LINE_KINDS),
  description: z.string(),
  quantity: zDecimal,
  unit: z.string().nullable(),
  unitPrice: zDecimal,
  discountPercent: zDecimal.nullable(),
  taxRate: zDecimal,
  net: zDecimal.describe("quantity × unitPrice × (1 − discount), rounded to the currency"),
  detail: z.record(z.string(), z.unknown()).describe("Where the line came from"),
});

export const zLineFields = {
  description: z.string().trim().min(1).max(500),
  quantity: zDecimal,
  unit: z.string().trim().max(20).nullable(),
  unitPrice: zDecimal,
  discountPercent: zPercent.nullable(),
  taxRate: zPercent,
};

export const zInvoice = z.object({
  id: zId,
  clientId: zId,
  clientName: z.string(),
  kind: z.enum(["invoice", "credit_note"]),
  correctsId: zId.nullable(),
  number: z.string().nullable(),
  status: z.enum(STATUSES),
  overdue: z.boolean().describe("Open and past its due date"),
  periodStart: zDay.nullable(),
  periodEnd: zDay.nullable().describe("Exclusive"),
  issueDate: zDay.nullable(),
  dueDate: zDay.nullable(),
  currency: zCurrency,
  exchangeRates: z.record(z.string(), zDecimal),
  subtotal: zDecimal,
  tax: zDecimal,
  total: zDecimal,
  taxBreakdown: z.array(z.object({ rate: zDecimal, base: zDecimal, tax: zDecimal })),
  amountPaid: zDecimal,
  balanceDue: zDecimal,
  reverseCharge: z.boolean(),
  notes: z.string(),
  createdAt: zTimestamp,
  issuedAt: zTimestamp.nullable(),
  voidReason: z.string().nullable(),
});

export const zPayment = z.object({
  id: zId,
  clientId: zId,
  invoiceId: zId.nullable(),
  amount: zDecimal,
  currency: zCurrency,
  receivedOn: zDay,
  method: z.string(),
  reference: z.string(),
  note: z.string(),
  createdAt: zTimestamp,
});

export { zAmount, zDay };

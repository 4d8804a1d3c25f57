import { clientOperations } from "./clients/clients.ops.ts";
import { invoiceOperations } from "./invoices/invoices.ops.ts";
import { settingsOperations } from "./invoices/settings.ops.ts";
import { paymentOperations } from "./payments/payments.ops.ts";
import { invoicesPdf } from "./pdf/pdf.ops.ts";
import { profitOperations } from "./profit/profit.ops.ts";

/** Clients, pricing, invoices, payments and invoicing settings. */
export const invoicingOperations = [
  ...clientOperations,
  ...settingsOperations,
  ...invoiceOperations,
  invoicesPdf,
  ...paymentOperations,
  ...profitOperations,
] as const;

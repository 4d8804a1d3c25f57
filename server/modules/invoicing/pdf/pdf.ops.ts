import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  clientScopeOf,
  defineOperation,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { getClient } from "../clients/clients.service.ts";
import { balanceOf, getInvoice } from "../invoices/invoices.service.ts";
import { clientSnapshotOf, sellerSnapshotOf } from "../invoices/issuing.ts";
import { settingsOf } from "../invoices/settings.ts";
import { invoices } from "../invoicing.schema.ts";
import { renderInvoicePdf } from "./invoice-pdf.ts";

export const invoicesPdf = defineOperation({
  name: "invoices.pdf",
  summary: "The invoice as a PDF (base64), as the client receives it",
  input: z.object({ id: zId }),
  output: z.object({
    fileName: z.string(),
    contentType: z.literal("application/pdf"),
    base64: z.string(),
  }),
  permission: "invoices:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const found = await getInvoice(ctx.db, workspaceId, input.id, clientScopeOf(ctx));
    const { lines } = found;
    const settings = await settingsOf(ctx.db, workspaceId);
    // A draft shows today's details; an issued invoice the ones frozen when it was issued.
    const invoice =
      found.invoice.status === "draft"
        ? {
            ...found.invoice,
            clientSnapshot: clientSnapshotOf(
              await getClient(ctx.db, workspaceId, found.invoice.clientId),
            ),
            sellerSnapshot: sellerSnapshotOf(settings),
          }
        : found.invoice;
    const [workspace] = await ctx.db
      .select({ locale: workspaces.locale })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    let corrects: string | null = null;
    if (invoice.correctsId) {
      const [original] = await ctx.db
        .select({ number: invoices.number })
        .from(invoices)
        .where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.id, invoice.correctsId)));
      corrects = original?.number ?? null;
    }
    const pdf = await renderInvoicePdf(invoice, lines, {
      logo: settings.logo ? Buffer.from(settings.logo, "base64") : null,
      locale: workspace?.locale ?? "en-US",
      balanceDue: Decimal.max(await balanceOf(ctx.db, invoice), 0).toString(),
      corrects,
    });
    const name = invoice.number ?? `draft-${invoice.id.slice(0, 8)}`;
    return {
      fileName: `${name.replace(/[^\w.-]+/g, "_")}.pdf`,
      contentType: "application/pdf" as const,
      base64: pdf.toString("base64"),
    };
  },
});

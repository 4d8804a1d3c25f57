import { billingWindow } from "../costs/focus-csv.ts";
import type { ConnectorContext, CostPullRequest, PulledCostFile } from "../types.ts";
import type { DigitalOceanClient } from "./client.ts";

/** An invoice summary of `GET /v2/customers/my/invoices` (DigitalOcean OpenAPI, invoice_preview.yml). */
interface InvoiceSummary {
  invoice_uuid: string;
  invoice_period: string; // YYYY-MM
  amount?: string;
}

const INVOICES = "/v2/customers/my/invoices";

/**
 * The invoices of the months touching [from, to), each as DigitalOcean's own invoice CSV
 * (`/v2/customers/my/invoices/{uuid}/csv`), which the cost importer's DigitalOcean format reads.
 * The month not yet invoiced comes from `invoice_preview` (month to date): importing it replaces
 * the previous preview of that month, and the final invoice later replaces it in turn.
 */
export async function pullDigitalOceanInvoices(
  client: DigitalOceanClient,
  request: CostPullRequest,
  ctx: ConnectorContext,
): Promise<PulledCostFile[]> {
  const { start, end } = billingWindow(request.from, request.to);
  const first = start.toISOString().slice(0, 7);
  const last = new Date(end.getTime() - 1).toISOString().slice(0, 7);
  const wanted = new Map<string, InvoiceSummary>();
  const preview = await client.get<{ invoice_preview?: InvoiceSummary }>(INVOICES, ctx);
  for await (const invoice of client.list<InvoiceSummary>(INVOICES, "invoices", ctx))
    if (invoice.invoice_period >= first && invoice.invoice_period <= last)
      wanted.set(invoice.invoice_period, invoice);
  const p = preview.invoice_preview;
  // A closed invoice of a month wins over the preview of the same month.
  if (p && p.invoice_period >= first && p.invoice_period <= last && !wanted.has(p.invoice_period))
    wanted.set(p.invoice_period, p);
  const files: PulledCostFile[] = [];
  for (const invoice of [...wanted.values()].sort((a, b) =>
    a.invoice_period < b.invoice_period ? -1 : 1,
  )) {
    const csv = await client.getText(
      `${INVOICES}/${encodeURIComponent(invoice.invoice_uuid)}/csv`,
      ctx,
    );
    // An invoice without line items (a month with no usage) has a header only: nothing to import.
    if (csv.trim().split("\n").length < 2) continue;
    files.push({ fileName: `digitalocean-invoice-${invoice.invoice_period}.csv`, content: csv });
  }
  return files;
}

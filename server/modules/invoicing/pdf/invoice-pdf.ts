import type { Invoice, InvoiceLine } from "../invoices/invoices.service.ts";
import type { Address } from "../invoicing.zod.ts";
import { minorDigits } from "../money/currency.ts";

interface Party {
  name?: string;
  email?: string | null;
  address?: Address | null;
  taxId?: string | null;
  taxIds?: { type: string; value: string }[];
  paymentInstructions?: string;
  footer?: string;
}

export interface PdfOptions {
  /** PNG or JPEG bytes. */
  logo?: Buffer | null;
  locale: string;
  /** What is still owed, for the totals box. */
  balanceDue: string;
  /** The corrected invoice's number, for a credit note. */
  corrects?: string | null;
}

const MARGIN = 50;
const PAGE_BOTTOM = 842 - 60; // A4 height in points, less the footer band
const COLUMNS = [
  { key: "description", label: "Description", x: MARGIN, width: 235, align: "left" },
  { key: "quantity", label: "Qty", x: 290, width: 55, align: "right" },
  { key: "unitPrice", label: "Unit price", x: 350, width: 75, align: "right" },
  { key: "tax", label: "Tax", x: 430, width: 35, align: "right" },
  { key: "net", label: "Amount", x: 470, width: 75, align: "right" },
] as const;

/** Standard PDF fonts speak WinAnsi: narrow no-break spaces (fr-FR grouping) become spaces. */
const pdfText = (text: string) => text.replace(/[\u202f\u2009]/g, " ");

function addressLines(party: Party): string[] {
  const a = party.address;
  const lines = [party.name ?? ""];
  if (a) {
    lines.push(a.line1);
    if (a.line2) lines.push(a.line2);
    lines.push([a.postalCode, a.city].filter(Boolean).join(" "));
    if (a.region) lines.push(a.region);
    lines.push(a.country);
  }
  if (party.taxId) lines.push(`Tax ID: ${party.taxId}`);
  for (const id of party.taxIds ?? [])
    lines.push(`${id.type.toUpperCase().replace("_", " ")}: ${id.value}`);
  if (party.email) lines.push(party.email);
  return lines.filter(Boolean).map(pdfText);
}

/**
 * The invoice as an A4 PDF: logo and sender, addressee, dates, the lines, the tax breakdown,
 * totals and payment instructions. Everything comes from the stored invoice (its frozen
 * snapshots once issued), so the same invoice always renders the same.
 */
export async function renderInvoicePdf(
  invoice: Invoice,
  lines: InvoiceLine[],
  options: PdfOptions,
): Promise<Buffer> {
  // pdfkit (~20 MiB resident with its fonts) loads at the first invoice rendered, not at start.
  const { default: PDFDocument } = await import("pdfkit");
  const money = new Intl.NumberFormat(options.locale, {
    style: "currency",
    currency: invoice.currency,
    minimumFractionDigits: minorDigits(invoice.currency),
  });
  // A unit price keeps up to 4 decimals: a sub-cent rate must not print as 0.00.
  const price = new Intl.NumberFormat(options.locale, {
    style: "currency",
    currency: invoice.currency,
    minimumFractionDigits: minorDigits(invoice.currency),
    maximumFractionDigits: Math.max(minorDigits(invoice.currency), 4),
  });
  const amount = (value: string) => pdfText(money.format(Number(value)));
  const quantity = (value: string) =>
    pdfText(Number(value).toLocaleString(options.locale, { maximumFractionDigits: 4 }));
  const seller = (invoice.sellerSnapshot ?? {}) as Party;
  const client = (invoice.clientSnapshot ?? {}) as Party;
  const title =
    invoice.kind === "credit_note"
      ? "CREDIT NOTE"
      : invoice.status === "draft"
        ? "DRAFT INVOICE"
        : "INVOICE";

  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: `${title} ${invoice.number ?? ""}`.trim(), Author: seller.name ?? "Glass Pane" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  // Sender: logo on the left, name and address on the right.
  if (options.logo) {
    try {
      doc.image(options.logo, MARGIN, MARGIN, { fit: [140, 60] });
    } catch {
      // A logo pdfkit cannot read is left out rather than failing the invoice.
    }
  }
  doc.font("Helvetica").fontSize(9).fillColor("#333333");
  doc.text(addressLines(seller).join("\n"), 320, MARGIN, { width: 225, align: "right" });

  doc.font("Helvetica-Bold").fontSize(20).fillColor("#111111").text(title, MARGIN, 140);
  doc.font("Helvetica").fontSize(10).fillColor("#333333");
  const facts: [string, string | null][] = [
    ["Number", invoice.number],
    ["Issue date", invoice.issueDate],
    ["Due date", invoice.kind === "invoice" ? invoice.dueDate : null],
    [
      "Period",
      invoice.periodStart && invoice.periodEnd
        ? `${invoice.periodStart} – ${lastDay(invoice.periodEnd)}`
        : null,
    ],
    ["Corrects", options.corrects ?? null],
  ];
  let y = 172;
  for (const [label, value] of facts) {
    if (!value) continue;
    doc.font("Helvetica-Bold").text(label, MARGIN, y, { width: 70 });
    doc.font("Helvetica").text(pdfText(value), MARGIN + 75, y, { width: 170 });
    y += 14;
  }
  doc.font("Helvetica-Bold").text("Bill to", 320, 172);
  doc.font("Helvetica").text(addressLines(client).join("\n"), 320, 186, { width: 225 });

  y = Math.max(y, doc.y) + 24;
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(9).fillColor("#111111");
    for (const c of COLUMNS) doc.text(c.label, c.x, y, { width: c.width, align: c.align });
    y += 14;
    doc.moveTo(MARGIN, y).lineTo(545, y).strokeColor("#999999").lineWidth(0.5).stroke();
    y += 6;
    doc.font("Helvetica").fontSize(9).fillColor("#333333");
  };
  header();
  for (const line of lines) {
    const description = pdfText(line.description);
    const height = doc.heightOfString(description, { width: COLUMNS[0].width });
    if (y + height > PAGE_BOTTOM - 20) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    const cells = {
      description,
      quantity: `${quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ""}`,
      unitPrice: pdfText(price.format(Number(line.unitPrice))),
      tax: `${Number(line.taxRate)}%`,
      net: amount(line.net),
    };
    for (const c of COLUMNS) doc.text(cells[c.key], c.x, y, { width: c.width, align: c.align });
    y += Math.max(height, 12) + 6;
  }

  // Totals, with the tax per rate.
  if (y > PAGE_BOTTOM - 140) {
    doc.addPage();
    y = MARGIN;
  }
  doc.moveTo(320, y).lineTo(545, y).strokeColor("#999999").stroke();
  y += 8;
  const row = (label: string, value: string, bold = false) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 11 : 9);
    doc.text(label, 320, y, { width: 140 });
    doc.text(value, 460, y, { width: 85, align: "right" });
    y += bold ? 18 : 14;
  };
  row("Subtotal", amount(invoice.subtotal));
  for (const t of invoice.taxBreakdown as { rate: string; base: string; tax: string }[])
    row(`Tax ${Number(t.rate)}% on ${amount(t.base)}`, amount(t.tax));
  row("Total", amount(invoice.total), true);
  if (invoice.kind === "invoice" && Number(invoice.amountPaid) !== 0) {
    row("Paid", amount(invoice.amountPaid));
    row("Balance due", amount(options.balanceDue), true);
  }

  y += 16;
  doc.font("Helvetica").fontSize(9).fillColor("#333333");
  const notes: string[] = [];
  if (invoice.reverseCharge)
    notes.push(
      "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).",
    );
  if (invoice.notes) notes.push(invoice.notes);
  if (invoice.kind === "invoice" && seller.paymentInstructions)
    notes.push(`Payment: ${seller.paymentInstructions}`);
  for (const note of notes) {
    doc.text(pdfText(note), MARGIN, y, { width: 495 });
    y = doc.y + 8;
  }
  if (seller.footer) {
    // The footer sits in the bottom margin: without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor("#777777")
      .text(pdfText(seller.footer), MARGIN, PAGE_BOTTOM + 10, { width: 495, align: "center" });
  }
  doc.end();
  return done;
}

/** The inclusive last day of a period that ends (exclusively) on `end`. */
function lastDay(end: string): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

import { call } from "../../lib/api.ts";

/** Fetches the invoice's PDF (base64 in the operation's answer) and saves it as a file. */
export async function downloadInvoicePdf(invoiceId: string): Promise<void> {
  const pdf = await call("invoices.pdf", { id: invoiceId });
  const binary = atob(pdf.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: pdf.contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = pdf.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

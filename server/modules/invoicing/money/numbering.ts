/**
 * Invoice number formats: literal text with placeholders. {seq} is the workspace's gapless
 * counter, {seq:N} zero-pads it to N digits; {YYYY}, {YY} and {MM} come from the issue date.
 * Example: "INV-{YYYY}-{seq:4}" → "INV-2026-0042".
 */
const TOKEN = /\{(seq(?::(\d{1,2}))?|YYYY|YY|MM)\}/g;

export const DEFAULT_NUMBER_FORMAT = "INV-{YYYY}-{seq:4}";

/** Why the format cannot number invoices, or null when it can. */
export function numberFormatProblem(format: string): string | null {
  if (format.length === 0 || format.length > 64) return "The number format must be 1–64 characters";
  const seqCount = [...format.matchAll(TOKEN)].filter((m) => m[1]!.startsWith("seq")).length;
  if (seqCount !== 1) return "The number format must contain {seq} (or {seq:N}) exactly once";
  const rest = format.replace(TOKEN, "");
  if (/[{}]/.test(rest))
    return "Unknown placeholder in the number format: use {seq}, {seq:N}, {YYYY}, {YY} or {MM}";
  if (/[^\w\-./#]/.test(rest))
    return "The number format may contain letters, digits and - _ . / # besides placeholders";
  return null;
}

/** The invoice number for counter value `seq` issued on `issueDate` (YYYY-MM-DD). */
export function formatInvoiceNumber(format: string, seq: number, issueDate: string): string {
  const problem = numberFormatProblem(format);
  if (problem) throw new RangeError(problem);
  return format.replace(TOKEN, (_all, token: string, pad?: string) => {
    if (token === "YYYY") return issueDate.slice(0, 4);
    if (token === "YY") return issueDate.slice(2, 4);
    if (token === "MM") return issueDate.slice(5, 7);
    return pad ? String(seq).padStart(Number(pad), "0") : String(seq);
  });
}

import { shareOf } from "./money.ts";
import { addDays, type Range } from "./period.ts";

/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe: group names come from billing files, which anyone can write.
 */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export type CsvCell = string | { number: string };

/** RFC 4180 text; numbers are written as they are, text cells quoted and defused. */
export function toCsv(rows: CsvCell[][]): string {
  return rows
    .map((row) =>
      row.map((cell) => (typeof cell === "string" ? textCell(cell) : cell.number)).join(","),
    )
    .join("\r\n");
}

/**
 * The explorer's export name: what is grouped and the days it covers, the last one included
 * as the page says ("Through 10/31/2026"), not the range's exclusive end.
 */
export function explorerCsvName(groupBy: string, range: Range): string {
  return `costs-${groupBy.replace(/[^\w.-]+/g, "_")}-${range.from}-to-${addDays(range.to, -1)}`;
}

/** Saves text as a file through the browser's download. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * A breakdown's rows as CSV: group, exact total, currency, share, and a total row. The same
 * period in USD and in EUR must not export alike, so the currency is on every row and, when
 * known, in the file's name.
 */
export function breakdownCsv(breakdown: {
  heading: string;
  groups: { key: string | null; total: string }[];
  total: string;
  currency: string | null | undefined;
  noneLabel: string;
  name: string;
}): { fileName: string; text: string } {
  const currency = breakdown.currency ?? "";
  const rows: CsvCell[][] = breakdown.groups.map((g) => [
    g.key ?? breakdown.noneLabel,
    { number: g.total },
    currency,
    { number: (shareOf(g.total, breakdown.total) * 100).toFixed(2) },
  ]);
  return {
    fileName: `${breakdown.name}${currency ? `-${currency}` : ""}.csv`,
    text: toCsv([
      [breakdown.heading, "Total", "Currency", "Share %"],
      ...rows,
      ["Total", { number: breakdown.total }, currency, { number: "100.00" }],
    ]),
  };
}

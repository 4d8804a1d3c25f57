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

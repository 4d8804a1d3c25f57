import { isAscii } from "node:buffer";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import Papa from "papaparse";
import { afterAll, describe, expect, it } from "vitest";
import { absent, CsvRows } from "./csv-rows.ts";
import { openSource } from "./readers.ts";

/** What the reader made of a text with papaparse alone. */
function papaRows(text: string, newline: "\n" | "\r\n"): (string | null)[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter: ",", newline, skipEmptyLines: true });
  return parsed.data.map((row) => row.map(absent));
}

/**
 * Every row CsvRows gives for the text cut into these pieces, and whether it gave up; with
 * `bytes`, ASCII pieces come with their bytes, as the reader gives them.
 */
function split(text: string, cuts: number[], crlf: boolean, bytes = false) {
  const splitter = new CsvRows(crlf);
  const rows: (string | null)[][] = [];
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...at].map((from, k) => text.slice(from, at[k] ?? text.length));
  for (const [k, piece] of pieces.entries()) {
    const ascii = bytes && isAscii(Buffer.from(piece)) ? Buffer.from(piece, "latin1") : undefined;
    splitter.feed(piece, k === pieces.length - 1, ascii);
    for (;;) {
      const taken = splitter.take(3);
      rows.push(...taken.rows);
      if (taken.irregular) return { rows, irregular: true };
      if (taken.rows.length < 3) break;
    }
  }
  return { rows, irregular: false };
}

const field = fc.oneof(
  fc.stringMatching(/^[a-z ]{0,4}$/),
  fc.constantFrom("NULL", "", " x ", "1.5E-7", "a\rb", "é", "😀"),
  fc.stringMatching(/^[a-z ,"\n\r]{0,5}$/).map((v) => `"${v.replaceAll('"', '""')}"`),
);
// Now and then something papaparse reads its own way: spaces after a closing quote, a quote
// inside an unquoted field, a lone line break of the other kind, an unterminated quote.
const oddity = fc.constantFrom('"a" ,b', 'x"y', "\n", "\r", '"open', '"a"b');

describe("CsvRows", () => {
  it("splits as papaparse does, or gives up having given only rows papaparse gives", () => {
    const text = fc.tuple(
      fc.array(fc.array(fc.oneof({ weight: 20, arbitrary: field }, oddity), { maxLength: 4 }), {
        maxLength: 6,
      }),
      fc.boolean(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(
        text,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.boolean(),
        (shape, cuts, bytes) => {
          const [rows, crlf, trailing] = shape;
          const newline = crlf ? "\r\n" : "\n";
          const csv = rows.map((r) => r.join(",")).join(newline) + (trailing ? newline : "");
          const ours = split(csv, cuts, crlf, bytes);
          const theirs = papaRows(csv, newline);
          if (ours.irregular) expect(theirs.slice(0, ours.rows.length)).toEqual(ours.rows);
          else expect(ours.rows).toEqual(theirs);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("takes the common shapes without giving up", () => {
    const csv = 'a,"b, ""c""",,NULL\r\n"x\ny",2,"",3\r\n\r\nlast,,,"q"';
    const ours = split(csv, [7, 20], true, true);
    expect(ours.irregular).toBe(false);
    expect(ours.rows).toEqual([
      ["a", 'b, "c"', null, null],
      ["x\ny", "2", null, "3"],
      ["last", null, null, "q"],
    ]);
  });
});

describe("CSV reader", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gp-csv-rows-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads on with papaparse from the row CsvRows does not take, rows and all", async () => {
    const lines = ["id,name,cost"];
    for (let i = 1; i <= 3000; i++)
      lines.push(i === 2500 ? `${i},"spaced" ,1.5` : `${i},"n, ${i}",${i % 7 ? i : ""}`);
    const text = `${lines.join("\n")}\n`;
    const file = path.join(dir, "odd.csv");
    writeFileSync(file, text);
    const source = await openSource(file);
    const records: unknown[] = [];
    for await (const batch of source.batches()) records.push(...batch);
    expect(records).toEqual(papaRows(text, "\n").slice(1));
    expect(records[2499]).toEqual(["2500", "spaced", "1.5"]);
  });
});

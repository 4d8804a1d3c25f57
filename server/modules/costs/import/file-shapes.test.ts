import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateRawSync, gzipSync } from "node:zlib";
import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import {
  awsTotaller,
  azureTotaller,
  digitalOceanTotaller,
  focusTotaller,
  gcpTotaller,
  type SourceTotaller,
} from "../formats/source-totals.testkit.ts";
import { openSource, recordObject } from "./readers.ts";

/**
 * Real billing files as they reach users after a trip through a spreadsheet, a download or a
 * copy: the same rows in another shape must import to the same totals, to the cent, and a
 * damaged file must be refused by name, keeping nothing.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../../../../test/fixtures/billing");
const dir = mkdtempSync(path.join(tmpdir(), "gp-file-shapes-"));

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
beforeAll(async () => {
  rt = await createTestRuntime();
  ({ caller: owner, workspaceId } = await createOwner(rt, "shapes@example.com", "Shapes"));
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

function upload(name: string, body: string | Buffer) {
  const filePath = path.join(dir, name);
  writeFileSync(filePath, body);
  return { path: filePath, name, bytes: statSync(filePath).size };
}

/** A ZIP archive of these files, deflated, as zip tools write it (a folder is a bare entry). */
function zipOf(files: readonly (readonly [string, string])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const fields = (signature: number, extra: number) => {
      const header = Buffer.alloc(extra);
      header.writeUInt32LE(signature, 0);
      return header;
    };
    const local = fields(0x04034b50, 30);
    const central = fields(0x02014b50, 46);
    for (const [header, at] of [
      [local, 4],
      [central, 6],
    ] as const) {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(8, at + 4);
      header.writeUInt32LE(crc32(data), at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(Buffer.byteLength(name), at + 22);
    }
    central.writeUInt32LE(offset, 42);
    const nameBytes = Buffer.from(name);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

type Totals = Record<string, [billed: string, effective: string]>;

/** The fixture's own totals per account and period, from its columns by name. */
async function sourceTotals(file: string, totaller: SourceTotaller): Promise<Totals> {
  const sums = new Map<string, [Decimal, Decimal]>();
  const source = await openSource(path.join(FIXTURES, file));
  for await (const record of source.records()) {
    const line = totaller(recordObject(source.columns, record));
    const key = `${line.account}|${line.period}`;
    const [billed, effective] = sums.get(key) ?? [new Decimal(0), new Decimal(0)];
    sums.set(key, [billed.plus(line.billed), effective.plus(line.effective)]);
  }
  return Object.fromEntries([...sums].map(([k, [b, e]]) => [k, [b.toFixed(2), e.toFixed(2)]]));
}

async function ledgerTotals(importId: string): Promise<Totals> {
  const result = await rt.database.db.execute(sql`
    SELECT billing_account_id AS account,
      to_char(billing_period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS period,
      round(sum(billed_cost), 2)::text AS billed, round(sum(effective_cost), 2)::text AS effective
    FROM cost_line_items WHERE import_id = ${importId} GROUP BY 1, 2`);
  return Object.fromEntries(
    rowsOf<{ account: string; period: string; billed: string; effective: string }>(result).map(
      (r) => [`${r.account}|${r.period}`, [r.billed, r.effective]],
    ),
  );
}

async function ledgerRows(): Promise<number> {
  const result = await rt.database.db.execute(
    sql`SELECT count(*)::int AS n FROM cost_line_items WHERE workspace_id = ${workspaceId}`,
  );
  return rowsOf<{ n: number }>(result)[0]!.n;
}

const importUpload = (file: ReturnType<typeof upload>) =>
  rt.as({ ...owner, upload: file }, "costs.import", {}) as Promise<{ id: string; rows: number }>;

describe("a billing file in another shape", () => {
  // Spreadsheets save the rows they once formatted as ",,,,"; a file edited on another system
  // ends in a stray "\r" or a line of spaces. None of these is a cost line.
  it.each([
    ["aws-cur-legacy.csv", awsTotaller((name) => name), 300],
    ["digitalocean-invoice.csv", digitalOceanTotaller, 17],
  ] as const)(
    "%s with blank rows at its end reconciles to the cent",
    async (file, totaller, rows) => {
      const text = readFileSync(path.join(FIXTURES, file), "utf8");
      const width = text.slice(0, text.indexOf("\n")).split(",").length;
      const blank = ",".repeat(width - 1);
      const imported = await importUpload(
        upload(`blank-rows-${file}`, `${text}${blank}\n${blank}\n   \n\r\n`),
      );
      expect(imported.rows).toBe(rows);
      expect(await ledgerTotals(imported.id)).toEqual(await sourceTotals(file, totaller));
    },
  );

  // AWS and Azure split a large month into parts, each with the header; joined into one file
  // (`cat part-1.csv.gz part-2.csv.gz` is a valid gzip file) the parts import all or nothing.
  it.each([
    ["aws-cur-legacy.csv", awsTotaller((name) => name), 300],
    ["azure-ea-converter-sample.csv", azureTotaller("CostInBillingCurrency"), 27],
    ["focus-sample-1000.csv", focusTotaller, 1000],
  ] as const)(
    "%s in parts joined into one file reconciles to the cent",
    async (file, totaller, rows) => {
      const text = readFileSync(path.join(FIXTURES, file), "utf8").replace(/^\uFEFF/, "");
      const newline = text.includes("\r\n") ? "\r\n" : "\n";
      const [header, ...lines] = text.split(newline).filter((line) => line !== "");
      const half = Math.floor(lines.length / 2);
      const part = (body: string[], bom = "") =>
        `${bom}${[header, ...body].join(newline)}${newline}`;
      const joined = Buffer.concat([
        gzipSync(part(lines.slice(0, half))),
        gzipSync(part(lines.slice(half), "\uFEFF")),
      ]);
      const imported = await importUpload(upload(`parts-${file}.gz`, joined));
      expect(imported.rows).toBe(rows);
      expect(await ledgerTotals(imported.id)).toEqual(await sourceTotals(file, totaller));
    },
  );

  // Parts joined from two systems, or a header fixed in a Windows editor: the line break
  // changes within the file.
  it("aws-cur-legacy.csv with line breaks that change within the file reconciles to the cent", async () => {
    const file = "aws-cur-legacy.csv";
    const lines = readFileSync(path.join(FIXTURES, file), "utf8")
      .split("\n")
      .filter((line) => line !== "");
    const expected = await sourceTotals(
      file,
      awsTotaller((name) => name),
    );
    const quoted = lines.map((line) =>
      Papa.unparse(Papa.parse<string[]>(line).data, { quotes: true, newline: "" }),
    );
    for (const [name, body] of [
      [
        "crlf-then-lf.csv",
        `${lines.slice(0, 100).join("\r\n")}\r\n${lines.slice(100).join("\n")}\n`,
      ],
      [
        "lf-then-crlf.csv",
        `${lines.slice(0, 100).join("\n")}\n${lines.slice(100).join("\r\n")}\r\n`,
      ],
      ["quoted.csv", `${quoted.slice(0, 100).join("\r\n")}\r\n${quoted.slice(100).join("\n")}\n`],
    ] as const) {
      const imported = await importUpload(upload(name, body));
      expect(imported.rows).toBe(300);
      expect(await ledgerTotals(imported.id)).toEqual(expected);
    }
  });

  // AWS delivers a CUR zipped when asked to; parts are zipped together, the last line of a
  // part not always ended.
  it("aws-cur-legacy.csv zipped, whole or in parts, reconciles to the cent", async () => {
    const file = "aws-cur-legacy.csv";
    const text = readFileSync(path.join(FIXTURES, file), "utf8");
    const [header, ...lines] = text.split("\n").filter((line) => line !== "");
    const expected = await sourceTotals(
      file,
      awsTotaller((name) => name),
    );
    const parts: [string, string][] = [
      ["cur/", ""],
      ["cur/part-1.csv", [header, ...lines.slice(0, 100)].join("\n")],
      ["cur/part-2.csv", `${[header, ...lines.slice(100)].join("\n")}\n`],
    ];
    for (const [name, entries] of [
      ["whole.csv.zip", [[file, text]]],
      ["parts.zip", parts],
    ] as const) {
      const imported = await importUpload(upload(name, zipOf(entries)));
      expect(imported.rows).toBe(300);
      expect(await ledgerTotals(imported.id)).toEqual(expected);
    }
  });

  // Query tools save results as one JSON array (`bq query --format=prettyjson`), `jq .` writes
  // each object over several lines: not JSON lines, the same records.
  it("gcp-billing-export.jsonl as a JSON array or pretty-printed objects reconciles to the cent", async () => {
    const file = "gcp-billing-export.jsonl";
    const records = readFileSync(path.join(FIXTURES, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as unknown);
    const expected = await sourceTotals(file, gcpTotaller(false));
    for (const [name, body] of [
      ["results.json", JSON.stringify(records)],
      ["results-pretty.json", `\uFEFF${JSON.stringify(records, null, 2)}\n`],
      ["jq.json", records.map((record) => JSON.stringify(record, null, 2)).join("\n")],
    ] as const) {
      const imported = await importUpload(upload(name, body));
      expect(imported.rows).toBe(39);
      expect(await ledgerTotals(imported.id)).toEqual(expected);
    }
    const cut = JSON.stringify(records).slice(0, -200);
    const error = await importUpload(upload("cut.json", cut)).catch((e: unknown) => e);
    expect((error as AppError).message).toBe(
      "cut.json: the JSON array ends early: the file may be cut short",
    );
  });

  it("a row with something in it is still refused for its missing fields", async () => {
    const text = readFileSync(path.join(FIXTURES, "digitalocean-invoice.csv"), "utf8");
    const before = await ledgerRows();
    const error = await importUpload(upload("short-row.csv", `${text}Droplets,,\n`)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "short-row.csv: data row 18 has 3 fields, the header has 9",
    );
    expect(await ledgerRows()).toBe(before);
  });

  it("a NUL character is refused naming its row and column, and nothing of it is kept", async () => {
    const text = readFileSync(path.join(FIXTURES, "digitalocean-invoice.csv"), "utf8");
    const lines = text.split("\n");
    lines[3] = lines[3]!.replace("Droplet Backups", "Droplet\u0000Backups");
    const before = await ledgerRows();
    const error = await importUpload(upload("nul.csv", lines.join("\n"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "nul.csv: data row 3, column ServiceName: contains a NUL character (U+0000), which no text column can hold",
    );
    expect(await ledgerRows()).toBe(before);
  });

  it("a broken quote in a data row is refused naming that row, not as a file without header", async () => {
    const text = readFileSync(path.join(FIXTURES, "digitalocean-invoice.csv"), "utf8");
    const lines = text.split("\n");
    lines[2] = lines[2]!.replace("worker-01", '"worker-"01"');
    const error = await importUpload(upload("quote.csv", lines.join("\n"))).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).message).toBe(
      "quote.csv: data row 2: Trailing quote on quoted field is malformed",
    );
  });

  it("a gzip file cut short is refused by name, and nothing of it is kept", async () => {
    const zipped = gzipSync(readFileSync(path.join(FIXTURES, "aws-cur-legacy.csv")));
    const before = await ledgerRows();
    for (const keep of [0.5, 0.99]) {
      const name = `cut-${keep}.csv.gz`;
      const cut = zipped.subarray(0, Math.floor(zipped.length * keep));
      const error = await importUpload(upload(name, cut)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid_input");
      expect((error as AppError).message).toMatch(
        new RegExp(`^${name.replaceAll(".", "\\.")}: the gzip file ends early`),
      );
    }
    expect(await ledgerRows()).toBe(before);
  });

  it("a ZIP archive cut short or damaged is refused by name, and nothing of it is kept", async () => {
    const text = readFileSync(path.join(FIXTURES, "aws-cur-legacy.csv"), "utf8");
    const zip = zipOf([["cur.csv", text]]);
    const before = await ledgerRows();
    // Cut short: the central directory at the end is gone.
    const cut = zip.subarray(0, Math.floor(zip.length * 0.6));
    const cutError = await importUpload(upload("cut.zip", cut)).catch((e: unknown) => e);
    expect(cutError).toMatchObject({ code: "invalid_input" });
    expect((cutError as AppError).message).toMatch(/^cut\.zip: not a readable ZIP archive \(/);
    // Damaged: bytes of the deflated data overwritten (refused as damaged, or as what its
    // garbled text is not).
    const damaged = Buffer.from(zip);
    damaged.fill(0xff, 200, 260);
    const damagedError = await importUpload(upload("damaged.zip", damaged)).catch(
      (e: unknown) => e,
    );
    expect(damagedError).toMatchObject({ code: "invalid_input" });
    expect((damagedError as AppError).message).toMatch(/^damaged\.zip: /);
    expect(await ledgerRows()).toBe(before);
  });
});

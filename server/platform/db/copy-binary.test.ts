import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { copyBinary, rowsOf } from "./copy.ts";
import { BinaryCopyWriter } from "./copy-binary.ts";
import type { Db } from "./database.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
  await rt.database.db.execute(
    sql`CREATE TABLE copy_binary_test (n integer, id uuid, at timestamptz, v double precision)`,
  );
  await rt.database.db.execute(
    sql`CREATE TABLE copy_binary_text_test (n integer, t text, j jsonb, id uuid)`,
  );
});
afterAll(async () => {
  await rt?.database.db.execute(sql`DROP TABLE IF EXISTS copy_binary_test`);
  await rt?.database.db.execute(sql`DROP TABLE IF EXISTS copy_binary_text_test`);
  await rt?.close();
});

const rows = [
  {
    id: "7d3c1a52-0c1f-4f57-9b0e-2f4a8f1d6a10",
    ms: Date.UTC(2026, 10, 27, 13, 0, 0, 123),
    v: 21.5,
  },
  {
    id: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
    ms: Date.UTC(1999, 11, 31, 23, 59, 59, 999),
    v: -0.1,
  },
  { id: "00000000000000000000000000000000", ms: Date.UTC(1970, 0, 1), v: 1e-300 },
  {
    id: "0a0b0c0d-0e0f-1011-1213-141516171819",
    ms: Date.UTC(2262, 0, 1),
    v: 1.7976931348623157e308,
  },
  { id: "12345678-9abc-def0-1234-56789abcdef0", ms: Date.UTC(2000, 0, 1), v: -12345.678 },
];

/** Writes `count` copies of the rows in small chunks, so tuples fall across chunk boundaries. */
function stream(count: number) {
  const w = new BinaryCopyWriter(100);
  for (let c = 0; c < count; c++)
    rows.forEach((r, i) => {
      w.tuple(4, 4 * 4 + 4 + 16 + 8 + 8);
      w.int4(c * rows.length + i);
      w.uuid(r.id);
      w.timestamptz(r.ms);
      w.float8(r.v);
    });
  return w.finish();
}

describe("binary COPY", () => {
  it("stores uuids, times before and after 2000 and doubles exactly, across chunks", async () => {
    const chunks = stream(40);
    expect(chunks.length).toBeGreaterThan(10);
    await rt.database.db.transaction(async (tx) => {
      await copyBinary(tx as unknown as Db, "copy_binary_test (n, id, at, v)", chunks);
    });
    const stored = rowsOf<{ n: number; id: string; at: string; v: number }>(
      await rt.database.db.execute(
        sql`SELECT n, id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at, v
          FROM copy_binary_test ORDER BY n`,
      ),
    );
    expect(stored).toHaveLength(40 * rows.length);
    stored.forEach((s, n) => {
      const r = rows[n % rows.length]!;
      expect(s.id).toBe(
        r.id.toLowerCase().replace(/^(.{8})-?(.{4})-?(.{4})-?(.{4})-?(.{12})$/, "$1-$2-$3-$4-$5"),
      );
      expect(`${s.at}Z`).toBe(new Date(r.ms).toISOString());
      expect(Number(s.v)).toBe(r.v);
    });
  });

  it("refuses what is not a uuid or a time before anything is written", () => {
    const w = new BinaryCopyWriter();
    w.tuple(1, 20);
    for (const bad of [
      "7d3c1a52-0c1f-4f57-9b0e-2f4a8f1d6a1",
      "7d3c1a52-0c1f-4f57-9b0e-2f4a8f1d6a1g",
      "x",
    ])
      expect(() => w.uuid(bad)).toThrow(/not a uuid/);
    expect(() => w.timestamptz(new Date("nonsense").getTime())).toThrow(/not a time/);
  });

  it("stores text, jsonb and nulls, multi-byte characters included, across chunks", async () => {
    const texts = [
      "",
      "plain",
      "é ü ß — “quoted”, comma\nnewline\ttab",
      "emoji 🙂 and 漢字",
      "\\N",
    ];
    const w = new BinaryCopyWriter(64);
    texts.forEach((t, n) => {
      const json = JSON.stringify({ t, n });
      w.tuple(4, 4 * 4 + 4 + 3 * t.length + 1 + 3 * json.length);
      w.int4(n);
      w.text(t);
      w.jsonb(json);
      w.null();
    });
    await rt.database.db.transaction(async (tx) => {
      await copyBinary(tx as unknown as Db, "copy_binary_text_test (n, t, j, id)", w.finish());
    });
    const stored = rowsOf<{ n: number; t: string; j: unknown; id: string | null }>(
      await rt.database.db.execute(sql`SELECT n, t, j, id FROM copy_binary_text_test ORDER BY n`),
    );
    expect(stored.map((s) => s.t)).toEqual(texts);
    expect(stored.map((s) => (typeof s.j === "string" ? JSON.parse(s.j) : s.j))).toEqual(
      texts.map((t, n) => ({ t, n })),
    );
    expect(stored.every((s) => s.id === null)).toBe(true);
  });
});

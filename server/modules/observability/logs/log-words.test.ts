import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { reindexLogWords } from "./log-reindex.ts";
import { ensureLogStorage, insertLogLines } from "./log-store.ts";
import { indexWords, matchesQuery, parseQuery, toTsquery, wordsOf } from "./log-words.ts";
import { base, DAY, line, type Page } from "./logs.testing.ts";

const matches = (q: string, message: string) => matchesQuery(parseQuery(q), message);

describe("the words of log text", () => {
  it("are runs of letters, digits and _, lower-cased, in any script", () => {
    expect(wordsOf("GET /api/items/42 took 12ms (user_id=7)")).toEqual([
      "get",
      "api",
      "items",
      "42",
      "took",
      "12ms",
      "user_id",
      "7",
    ]);
    expect(wordsOf("Überweisung fehlgeschlagen: Konto gesperrt")).toEqual([
      "überweisung",
      "fehlgeschlagen",
      "konto",
      "gesperrt",
    ]);
    expect(wordsOf("接続 タイムアウト — 再試行")).toEqual(["接続", "タイムアウト", "再試行"]);
    expect(wordsOf("--- ... !!!")).toEqual([]);
  });

  it("make a tsvector of distinct words with their positions", () => {
    const v = indexWords("b a b c a b");
    expect(v.words).toEqual(["b", "a", "c"]);
    expect([...v.counts.subarray(0, 3)]).toEqual([3, 2, 1]);
    expect([...v.positions.subarray(0, 6)]).toEqual([1, 3, 6, 2, 5, 4]);
    // 4 (count) + per word: 1 byte, NUL, 2 (count), 2 per position
    expect(v.bytes).toBe(4 + (1 + 3 + 6) + (1 + 3 + 4) + (1 + 3 + 2));
    expect(indexWords("é").bytes).toBe(4 + 2 + 3 + 2);
  });

  it("keep at most 256 positions a word, and none past 16,383", () => {
    const v = indexWords("x ".repeat(20_000));
    expect(v.counts[0]).toBe(256);
    expect(v.positions[255]).toBe(256);
    const far = indexWords(`${"y ".repeat(17_000)}late ${"y ".repeat(10)}`);
    expect(far.words).toEqual(["y", "late"]);
    expect(far.counts[1]).toBe(1);
    expect(far.positions[256]).toBe(16_383);
  });

  it("leave out a word too long for PostgreSQL, and keep the others' positions", () => {
    const v = indexWords(`a ${"z".repeat(3000)} b a`);
    expect(v.words).toEqual(["a", "b"]);
    expect([...v.positions.subarray(0, 3)]).toEqual([1, 4, 3]);
    expect(v.bytes).toBe(4 + (1 + 3 + 4) + (1 + 3 + 2));
  });
});

describe("a query", () => {
  it("reads words, phrases, exclusions and or as websearch_to_tsquery does", () => {
    expect(matches("", "anything")).toBe(true);
    expect(matches("payment failed", "Payment for order 7 FAILED")).toBe(true);
    expect(matches("payment failed", "payment accepted")).toBe(false);
    expect(matches('"order 7"', "payment for order 7 failed")).toBe(true);
    expect(matches('"7 order"', "payment for order 7 failed")).toBe(false);
    expect(matches("payment -retry", "payment retry 2")).toBe(false);
    expect(matches("payment -retry", "payment done")).toBe(true);
    expect(matches("timeout or refused", "connection refused")).toBe(true);
    expect(matches("timeout or refused", "connection reset")).toBe(false);
  });

  it("matches a dotted or slashed term as the phrase of its words", () => {
    expect(matches("api.example.com", "GET https://api.example.com/v1")).toBe(true);
    expect(matches("example", "GET https://api.example.com/v1")).toBe(true);
    expect(matches("example.api", "GET https://api.example.com/v1")).toBe(false);
    expect(matches("/var/log", "cannot open /var/log/syslog")).toBe(true);
  });

  it("becomes tsquery text, or nothing when it has no words", () => {
    expect(toTsquery(parseQuery('Payment "order 7" -retry or api.example.com'))).toBe(
      "('payment' & ('order' <-> '7') & !('retry')) | ('api' <-> 'example' <-> 'com')",
    );
    expect(toTsquery(parseQuery("timeout"))).toBe("'timeout'");
    expect(toTsquery(parseQuery("... ---"))).toBeUndefined();
  });
});

describe("logs.search over the stored words", () => {
  let rt: TestRuntime;
  let owner: Awaited<ReturnType<typeof createOwner>>;
  const day = {
    from: new Date(base - 3_600_000).toISOString(),
    to: new Date(base + DAY).toISOString(),
  };
  const MESSAGES = [
    "GET https://api.example.com/v1/orders 200 in 12ms",
    "POST /api/payments failed: card declined (code=card_declined)",
    "payment retry 2 for order 7",
    "Payment for order 7 FAILED",
    "connection refused by db-primary.internal:5432",
    "Überweisung fehlgeschlagen: Konto gesperrt",
    "接続 タイムアウト 再試行",
    "user_id=42 logged in from 10.0.0.7",
    "o'brien said \"it's fine\" \\ backslash",
    `${"spam ".repeat(300)}needle at the end`,
    `blob ${"q".repeat(3000)} end`, // a word too long to index
  ];
  const QUERIES = [
    "payment",
    "PAYMENT failed",
    '"order 7"',
    '"7 order"',
    "payment -retry",
    "declined or refused",
    "api.example.com",
    "example",
    "db-primary.internal",
    "primary internal",
    "10.0.0.7",
    "user_id",
    "user",
    "überweisung",
    "タイムアウト",
    "o'brien",
    "it's",
    "-payment",
    "needle",
    '"at the end"',
    "spam needle",
    "blob end",
  ];

  beforeAll(async () => {
    rt = await createTestRuntime();
    owner = await createOwner(rt, "words@example.com", "Words");
    await insertLogLines(
      rt.database.db,
      MESSAGES.map((m, i) => line(owner.workspaceId, i, m)),
    );
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("finds exactly the lines the query matches in memory (what the live tail shows)", async () => {
    for (const q of QUERIES) {
      const page = (await rt.as(owner.caller, "logs.search", { ...day, q, limit: 100 })) as Page;
      const expected = MESSAGES.filter((m) => matches(q, m)).sort();
      expect(page.items.map((i) => i.message).sort(), q).toEqual(expected);
      expect(expected.length, `${q} should exercise something`).toBeLessThan(MESSAGES.length);
    }
  });

  it("stores the vector PostgreSQL's 'simple' parser makes of plain words", async () => {
    const o = await createOwner(rt, "vector@example.com", "Vector");
    const text = "Payment for order 7 FAILED after 3 retries for order 7 zeta alpha";
    await insertLogLines(rt.database.db, [line(o.workspaceId, 0, text)]);
    const [row] = (
      (await rt.database.db.execute(
        sql`SELECT message_tsv::text AS ours, to_tsvector('simple', message)::text AS theirs
            FROM log_lines WHERE workspace_id = ${o.workspaceId}`,
      )) as unknown as { rows: Array<{ ours: string; theirs: string }> }
    ).rows;
    expect(row!.ours).toBe(row!.theirs);
  });
});

describe("a database from before words were split in Node", () => {
  let rt: TestRuntime;
  afterAll(async () => {
    await rt?.close();
  });

  it("keeps its lines searchable, stores new ones, and rewrites the old lines' words", async () => {
    rt = await createTestRuntime();
    const o = await createOwner(rt, "old-words@example.com", "Old words");
    const db = rt.database.db;
    // The table as it was created until 2026-11-28, with lines in it.
    await db.execute(sql.raw("DROP TABLE log_lines"));
    await db.execute(
      sql.raw(`CREATE TABLE log_lines (
        id bigserial NOT NULL, workspace_id uuid NOT NULL, time timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(), service text NOT NULL, level text NOT NULL,
        message text NOT NULL, attributes jsonb NOT NULL DEFAULT '{}'::jsonb, resource_id uuid,
        key_id uuid,
        message_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', message)) STORED
      ) PARTITION BY RANGE (time)`),
    );
    await db.execute(
      sql.raw(
        "CREATE TABLE log_lines_p20261120 PARTITION OF log_lines FOR VALUES FROM ('2026-11-20') TO ('2026-11-21')",
      ),
    );
    // Enough lines for several batches of pages.
    await db.execute(
      sql`INSERT INTO log_lines (workspace_id, time, service, level, message)
          SELECT ${o.workspaceId}, ${new Date(base).toISOString()}::timestamptz + g * interval '1 ms',
                 'api', 'info', 'old disk full on db-1.internal user_id=' || g
          FROM generate_series(1, 6000) g`,
    );
    // As a new process would find it (the storage is set up once per process and database).
    await db.transaction((tx) => ensureLogStorage(tx as unknown as typeof db));
    await insertLogLines(db, [line(o.workspaceId, 1, "new disk full on db-1.internal")]);
    const search = async (q: string) =>
      (
        (await rt.as(o.caller, "logs.search", {
          from: new Date(base - 60_000).toISOString(),
          to: new Date(base + DAY).toISOString(),
          q,
          limit: 10,
        })) as Page
      ).total;
    // Plain words are the same either way; PostgreSQL kept the host name as one token.
    expect(await search("disk full")).toBe(6001);
    expect(await search("db-1.internal")).toBe(1);
    expect(await search("user")).toBe(6000);

    // A queued partition retention dropped meanwhile leaves the queue.
    await db.execute(
      sql`INSERT INTO log_word_reindex (partition, end_page) VALUES ('log_lines_p20000101', 10)`,
    );
    let lines = 0;
    for (let run = 0; run < 20; run++) {
      const result = await reindexLogWords(db, { maxLines: 2_500 });
      lines += result.lines;
      if (result.isDone) break;
    }
    expect(lines).toBeGreaterThanOrEqual(6000);
    expect(await search("db-1.internal")).toBe(6001);
    expect(await search("user")).toBe(0); // PostgreSQL split user_id; it is one word now
    expect(await search("user_id")).toBe(6000);
    const [queue] = (
      (await db.execute(sql`SELECT count(*)::int AS n FROM log_word_reindex`)) as unknown as {
        rows: Array<{ n: number }>;
      }
    ).rows;
    expect(queue!.n).toBe(0);
  });
});

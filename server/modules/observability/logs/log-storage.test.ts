import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { LEVELS } from "./log-line.ts";
import { mergeClosedPartitions } from "./log-partition-stats.ts";
import { ensureLogStorage, insertLogLines } from "./log-store.ts";
import { DAY, line, type Page } from "./logs.testing.ts";

/** The log store's indexes and partitions (search and ingest are logs.test.ts's). */

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  // The day partition the index tests read (2026-11-20, logs.testing.ts `base`).
  const o = await createOwner(rt, "storage@example.com", "Storage");
  await insertLogLines(rt.database.db, [line(o.workspaceId, 0, "GET /health 200")]);
});
afterAll(async () => {
  await rt?.close();
});

describe("the level index", () => {
  const indexesOf = async (table: string) =>
    (
      (await rt.database.db.execute(
        sql`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ${table} ORDER BY indexname`,
      )) as unknown as { rows: Array<{ indexname: string; indexdef: string }> }
    ).rows;

  it("holds only warn, error and fatal lines, and a filter on any level still finds its lines", async () => {
    const levels = await createOwner(rt, "levels@example.com", "Levels");
    const day = Date.UTC(2026, 10, 23);
    const lines = LEVELS.flatMap((level, k) =>
      Array.from({ length: k + 1 }, (_, i) =>
        line(levels.workspaceId, 0, `${level} line ${i}`, {
          level,
          time: new Date(day + (k * 10 + i) * 1000),
        }),
      ),
    );
    await insertLogLines(rt.database.db, lines);
    const period = { from: new Date(day).toISOString(), to: new Date(day + DAY).toISOString() };
    for (const [k, level] of LEVELS.entries()) {
      const found = (await rt.as(levels.caller, "logs.search", {
        ...period,
        level,
        limit: 100,
      })) as Page;
      expect(found.total, level).toBe(k + 1);
      expect(found.items.every((i) => i.level === level && i.message.startsWith(level))).toBe(true);
    }
    const level = (await indexesOf("log_lines_p20261123")).filter((i) =>
      i.indexdef.includes("level"),
    );
    expect(level).toHaveLength(1);
    expect(level[0]!.indexdef).toMatch(
      /WHERE \(level = ANY \(ARRAY\['warn'::text, 'error'::text, 'fatal'::text\]\)\)/,
    );
  });

  it("replaces an older database's index of every line's level", async () => {
    const db = rt.database.db;
    await db.execute(
      sql`CREATE INDEX log_lines_ws_level_idx ON log_lines (workspace_id, level, time DESC)`,
    );
    expect((await indexesOf("log_lines")).map((i) => i.indexname)).toContain(
      "log_lines_ws_level_idx",
    );
    // A transaction is another handle: ensureLogStorage runs its statements again, as a new
    // process would on start-up.
    await db.transaction((tx) => ensureLogStorage(tx as unknown as typeof db));
    const names = (await indexesOf("log_lines")).map((i) => i.indexname);
    expect(names).not.toContain("log_lines_ws_level_idx");
    expect(names).toContain("log_lines_ws_rare_level_idx");
    const partition = (await indexesOf("log_lines_p20261120")).filter((i) =>
      i.indexdef.includes("level"),
    );
    expect(partition).toHaveLength(1);
    expect(partition[0]!.indexdef).toContain("WHERE (level = ANY");
  });
});

describe("partition statistics", () => {
  it("analyses a day partition once 10,000 lines are written to it, so the planner knows it is not empty", async () => {
    const db = rt.database.db;
    const stats = await createOwner(rt, "stats@example.com", "Stats");
    const day = Date.UTC(2026, 10, 25);
    const batch = (start: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        line(
          stats.workspaceId,
          0,
          `request ${start + i} served${start + i === 7 ? " zebrafish" : ""}`,
          {
            time: new Date(day + (start + i) * 1000),
          },
        ),
      );
    const reltuples = async () =>
      Number(
        (
          (await db.execute(
            sql`SELECT reltuples FROM pg_class WHERE relname = 'log_lines_p20261125'`,
          )) as unknown as { rows: Array<{ reltuples: number | string }> }
        ).rows[0]!.reltuples,
      );
    await insertLogLines(db, batch(0, 6_000));
    expect(await reltuples()).toBeLessThanOrEqual(0); // never analysed
    await insertLogLines(db, batch(6_000, 4_000));
    expect(await reltuples()).toBeGreaterThan(9_000);

    const found = (await rt.as(stats.caller, "logs.search", {
      from: new Date(day).toISOString(),
      to: new Date(day + DAY).toISOString(),
      q: "zebrafish",
      limit: 10,
    })) as Page;
    expect(found.items.map((i) => i.message)).toEqual(["request 7 served zebrafish"]);
  });
});

describe("the text index's pending list", () => {
  it("is merged for partitions of days that are over, and left for today's", async () => {
    const db = rt.database.db;
    const pending = await createOwner(rt, "pending@example.com", "Pending");
    const batch = (dayStart: number, label: string) =>
      Array.from({ length: 200 }, (_, i) =>
        line(pending.workspaceId, 0, `${label} job ${i} done${i === 3 ? " kingfisher" : ""}`, {
          time: new Date(dayStart + i * 1000),
        }),
      );
    // gin_clean_pending_list merges what is pending and answers how many pages that freed: 0
    // once the writer has merged the list itself.
    const merge = async (partition: string) =>
      Number(
        (
          (await db.execute(
            sql`SELECT gin_clean_pending_list(i.inhrelid::regclass) AS pages FROM pg_inherits i
                JOIN pg_index x ON x.indexrelid = i.inhrelid JOIN pg_class t ON t.oid = x.indrelid
                WHERE i.inhparent = 'log_lines_message_fts_idx'::regclass AND t.relname = ${partition}`,
          )) as unknown as { rows: Array<{ pages: number | string }> }
        ).rows[0]!.pages,
      );
    // A day long over (a backfill, late lines): merged once its batch is committed.
    const past = Date.UTC(2020, 2, 1);
    await insertLogLines(db, batch(past, "late"));
    expect(await merge("log_lines_p20200301")).toBe(0);

    // Days to come are "today" for the moment: left pending, until the clock passes them.
    const future = Date.UTC(2099, 0, 1);
    await insertLogLines(db, batch(future, "first"));
    await insertLogLines(db, batch(future + DAY, "second"));
    await mergeClosedPartitions(db, [], "log_lines_p20990102"); // the first write on 2 Jan 2099
    expect(await merge("log_lines_p20990101")).toBe(0);
    expect(await merge("log_lines_p20990102")).toBeGreaterThan(0);

    for (const [dayStart, days, messages] of [
      [past, 1, ["late job 3 done kingfisher"]],
      [future, 2, ["second job 3 done kingfisher", "first job 3 done kingfisher"]],
    ] as const) {
      const found = (await rt.as(pending.caller, "logs.search", {
        from: new Date(dayStart).toISOString(),
        to: new Date(dayStart + days * DAY).toISOString(),
        q: "kingfisher",
        limit: 10,
      })) as Page;
      expect(found.items.map((i) => i.message)).toEqual(messages);
    }
  });
});

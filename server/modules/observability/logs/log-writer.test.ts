import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { testEngine } from "../../../../test/support/test-database.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import { mineWorkspacePatterns } from "../patterns/store/pattern-mining.ts";
import type { LogLine } from "./log-line.ts";
import { insertLogLines, partitionName } from "./log-store.ts";
import { settledLineWatermark } from "./log-watermark.ts";
import { createLogWriter } from "./log-writer.ts";

let rt: TestRuntime;
let workspaceId: string;
const DAY = 86_400_000;
const day1 = Date.UTC(2026, 10, 10);
const day2 = day1 + DAY;

function line(time: number, message: string): LogLine {
  return {
    workspaceId,
    time: new Date(time),
    service: "writer",
    level: "info",
    message,
    attributes: {},
    resourceId: null,
    keyId: null,
  };
}

const storedCount = async (word: string) =>
  rowsOf<{ n: number }>(
    await rt.database.db.execute(
      sql`SELECT count(*)::int AS n FROM log_lines WHERE workspace_id = ${workspaceId} AND message LIKE ${`${word}%`}`,
    ),
  )[0]!.n;

beforeAll(async () => {
  rt = await createTestRuntime();
  workspaceId = (await createOwner(rt, "writer@example.com", "Writer")).workspaceId;
  // Both day partitions exist before the tests below, so no batch waits on creating one.
  await insertLogLines(rt.database.db, [line(day1, "seed one"), line(day2, "seed two")]);
});
afterAll(async () => {
  await rt?.close();
});

describe("two transactions in flight", () => {
  it("commits every write before resolving it and tells live tail in the order taken", async () => {
    const published: string[] = [];
    const writer = createLogWriter(rt.database.db, {
      concurrency: 2,
      lingerMs: 0,
      maxBatchLines: 10,
      onCommitted: (lines) => published.push(...lines.map((l) => l.message)),
    });
    const sent = Array.from({ length: 12 }, (_, w) =>
      Array.from({ length: 10 }, (_, i) => line(day1 + w * 1000 + i, `ordered ${w}-${i}`)),
    );
    await Promise.all(
      sent.map(async (lines) => {
        await writer.write(lines);
        // Resolved: its lines are committed, seen by any other connection.
        const [first] = lines;
        const found = rowsOf<{ n: number }>(
          await rt.database.db.execute(
            sql`SELECT count(*)::int AS n FROM log_lines WHERE message = ${first!.message}`,
          ),
        )[0]!.n;
        expect(found).toBe(1);
      }),
    );
    await writer.flush();
    expect(await storedCount("ordered")).toBe(120);
    expect(published).toEqual(sent.flat().map((l) => l.message));
    expect(writer.pendingLines()).toBe(0);
  });
});

// A transaction held open on another connection: PostgreSQL only (PGlite has one connection,
// runs one transaction at a time, and so never commits lines out of id order).
describe.runIf(testEngine === "postgres")("a batch that commits after a later one", () => {
  it("is told to live tail first, and the miner does not pass its ids while it is in flight", async () => {
    const db = rt.database.db;
    const published: string[] = [];
    const writer = createLogWriter(db, {
      concurrency: 2,
      lingerMs: 0,
      onCommitted: (lines) => published.push(...lines.map((l) => l.message)),
    });
    // Day 1's partition is locked against inserts by an open transaction: batch A, taken first,
    // takes its ids and then waits on the partition; batch B (day 2) commits past it.
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql.raw(`LOCK TABLE ${partitionName(day1)} IN SHARE MODE`));
      locked();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await isLocked;
    let aDone = false;
    const a = writer.write([line(day1 + 5000, "late one")]).then(() => {
      aDone = true;
    });
    for (;;) {
      const waiting = rowsOf<{ n: number }>(
        await db.execute(
          sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = ${partitionName(day1)}::regclass`,
        ),
      )[0]!.n;
      if (waiting > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await writer.write([line(day2 + 5000, "early one")]);
    expect(aDone).toBe(false);
    expect(await storedCount("early one")).toBe(1);
    // B is committed, but live tail hears of it only after A, which was taken first.
    expect(published).toEqual([]);

    // B's line is committed with a larger id than A's: a miner reading "id > cursor" now would
    // move its cursor past A's id. It waits for A instead, and mines nothing if A outlasts that.
    const events = rt.services.domainEvents;
    expect(await settledLineWatermark(db, 50)).toBeUndefined();
    const first = await mineWorkspacePatterns(db, events, workspaceId, { maxWriterWaitMs: 50 });
    expect(first.lines).toBe(0);

    release();
    await holder;
    await a;
    expect(published).toEqual(["late one", "early one"]);
    // The hazard was real: the line committed last holds the smaller id.
    const ids = rowsOf<{ message: string; id: string }>(
      await db.execute(
        sql`SELECT message, id::text AS id FROM log_lines WHERE message IN ('late one', 'early one')`,
      ),
    );
    const idOf = (m: string) => BigInt(ids.find((r) => r.message === m)!.id);
    expect(idOf("late one") < idOf("early one")).toBe(true);
    const all = await mineWorkspacePatterns(db, events, workspaceId, {
      maxBatches: 1000,
      maxWriterWaitMs: 5000,
    });
    expect(all.caughtUp).toBe(true);
    const mined = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT lines_mined::int AS n FROM log_pattern_miners WHERE workspace_id = ${workspaceId}`,
      ),
    )[0]!.n;
    expect(mined).toBe(await storedCount(""));
    await writer.flush();
  });
});

describe("the settled-id watermark", () => {
  it("is the last id taken when no transaction is writing lines", async () => {
    const db = rt.database.db;
    await insertLogLines(db, [line(day1 + 9000, "watermark")]);
    const [last] = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT max(id)::text AS id FROM log_lines`),
    );
    expect(await settledLineWatermark(db, 0)).toBe(Number(last!.id));
  });
});

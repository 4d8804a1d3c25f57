import { sql } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { registerIngestRoutes } from "../../../adapters/ingest/ingest-http.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import type { LogLine } from "./log-line.ts";
import { enforceLogRetention } from "./log-retention.ts";
import { EXACT_TOTAL_LIMIT } from "./log-search.ts";
import { ensureLogStorage, insertLogLines, listLogPartitions } from "./log-store.ts";
import { createLogWriter } from "./log-writer.ts";
import { base, DAY, line, type Page } from "./logs.testing.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let otherWorkspace: string;
const from = new Date(base - DAY).toISOString();
const to = new Date(base + 2 * DAY).toISOString();

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "logs@example.com", "Logs");
  owner = o.caller;
  workspaceId = o.workspaceId;
  otherWorkspace = (await createOwner(rt, "other@example.com", "Other")).workspaceId;
  const lines: LogLine[] = [];
  for (let m = 0; m < 120; m++) {
    lines.push(
      line(workspaceId, m, `GET /orders/${m} 200 in ${m}ms`, {
        level: m % 10 === 0 ? "error" : "info",
        service: m % 2 ? "api" : "worker",
      }),
    );
  }
  // Across midnight: the next day's partition.
  lines.push(line(workspaceId, 24 * 60, "connection refused by upstream", { level: "error" }));
  lines.push(line(otherWorkspace, 5, "connection refused elsewhere", { level: "error" }));
  await insertLogLines(rt.database.db, lines);
});
afterAll(async () => {
  await rt?.close();
});

const search = (input: Record<string, unknown>, caller = owner) =>
  rt.as(caller, "logs.search", { from, to, ...input }) as Promise<Page>;

describe("logs.search", () => {
  it("finds words anywhere in the message, only in the caller's workspace", async () => {
    const found = await search({ q: "refused" });
    expect(found.total).toBe(1);
    expect(found.items[0]!.message).toBe("connection refused by upstream");
  });

  it("filters by service and level and counts the whole period", async () => {
    const found = await search({ service: "worker", level: "error", limit: 5 });
    expect(found.total).toBe(12);
    expect(found.items).toHaveLength(5);
    expect(found.items.every((i) => i.service === "worker" && i.level === "error")).toBe(true);
  });

  it("pages newest first with a cursor that neither skips nor repeats a line", async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page: Page = await search({ limit: 50, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(121);
    expect(new Set(seen).size).toBe(121);
    const first = await search({ limit: 1 });
    expect(first.items[0]!.message).toBe("connection refused by upstream");
  });

  it("takes quoted phrases and exclusions", async () => {
    expect((await search({ q: '"connection refused"' })).total).toBe(1);
    expect((await search({ q: "200 -error" })).total).toBe(120);
  });

  it("counts exactly up to 10,000 matches and says when more match", async () => {
    const { caller: busy, workspaceId: busyWorkspace } = await createOwner(
      rt,
      "busy-logs@example.com",
      "Busy",
    );
    const many = Array.from({ length: EXACT_TOTAL_LIMIT + 5 }, (_, i) =>
      line(busyWorkspace, i % 600, `tick ${i}`),
    );
    many.push(line(busyWorkspace, 1, "the one needle"));
    await insertLogLines(rt.database.db, many);
    const all = await search({ limit: 3 }, busy);
    expect(all).toMatchObject({ total: EXACT_TOTAL_LIMIT, totalIsLowerBound: true });
    expect(all.items).toHaveLength(3);
    expect(await search({ q: "needle" }, busy)).toMatchObject({
      total: 1,
      totalIsLowerBound: false,
    });
    expect((await search({ q: "refused" })).totalIsLowerBound).toBe(false);
  });

  it("names the field at fault for a bad period or cursor", async () => {
    await expect(search({ from: to, to: from })).rejects.toMatchObject({
      details: { field: "to" },
    });
    await expect(search({ cursor: "not-a-cursor" })).rejects.toBeInstanceOf(AppError);
  });

  it("is refused to a client guest", async () => {
    const guest = await addMember(rt, workspaceId, "guest@example.com", "client");
    await expect(search({}, guest.caller)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("logs.histogram and logs.context", () => {
  it("counts lines per bucket and level, empty buckets included", async () => {
    const h = (await rt.as(owner, "logs.histogram", {
      from: new Date(base).toISOString(),
      to: new Date(base + 120 * 60_000).toISOString(),
      maxBuckets: 12,
    })) as {
      stepSeconds: number;
      buckets: Array<{ count: number; levels: Record<string, number> }>;
    };
    expect(h.stepSeconds).toBe(600);
    expect(h.buckets).toHaveLength(12);
    expect(h.buckets.every((b) => b.count === 10 && b.levels.error === 1)).toBe(true);
  });

  it("returns the lines around one line in time order", async () => {
    const target = (await search({ q: "/orders/50" })).items[0]!;
    const ctx = (await rt.as(owner, "logs.context", { id: target.id, before: 2, after: 2 })) as {
      before: Array<{ message: string }>;
      after: Array<{ message: string }>;
    };
    expect(ctx.before.map((l) => l.message)).toEqual([
      "GET /orders/48 200 in 48ms",
      "GET /orders/49 200 in 49ms",
    ]);
    expect(ctx.after.map((l) => l.message)).toEqual([
      "GET /orders/51 200 in 51ms",
      "GET /orders/52 200 in 52ms",
    ]);
  });
});

describe("the time index", () => {
  it("is ascending, replaces an older database's descending one, and pages still come newest first", async () => {
    const db = rt.database.db;
    const indexesOf = async (table: string) =>
      (
        (await db.execute(
          sql`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ${table} ORDER BY indexname`,
        )) as unknown as { rows: Array<{ indexname: string; indexdef: string }> }
      ).rows;
    // The layout before 2026-11-27 14:00: (workspace_id, time DESC, id DESC).
    await db.execute(
      sql`CREATE INDEX log_lines_ws_time_idx ON log_lines (workspace_id, time DESC, id DESC)`,
    );
    await db.transaction((tx) => ensureLogStorage(tx as unknown as typeof db));
    const names = (await indexesOf("log_lines")).map((i) => i.indexname);
    expect(names).not.toContain("log_lines_ws_time_idx");
    expect(names).toContain("log_lines_ws_time_id_idx");
    const byTime = (await indexesOf("log_lines_p20261120")).filter((i) =>
      /\(workspace_id, "?time"?/.test(i.indexdef),
    );
    expect(byTime.map((i) => i.indexdef.replace(/^.*USING btree /, ""))).toEqual([
      '(workspace_id, "time", id)',
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await rt.as(owner, "logs.search", {
        from,
        to,
        limit: 7,
        ...(cursor ? { cursor } : {}),
      })) as Page;
      seen.push(...page.items.map((i) => i.time));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(7);
    expect(seen).toEqual([...seen].sort().reverse());
  });
});

describe("storage and retention", () => {
  it("stores lines in day partitions and drops whole days past retention", async () => {
    const db = rt.database.db;
    const parts = (await listLogPartitions(db)).map((p) => p.name);
    expect(parts).toEqual(expect.arrayContaining(["log_lines_p20261120", "log_lines_p20261121"]));
    await rt.as(owner, "observability.settings.set", { logRetentionDays: 3 });
    // 20 Nov is 15 days old on 5 Dec: past the default 14 days every other workspace keeps.
    const result = await enforceLogRetention(db, new Date(Date.UTC(2026, 11, 5, 12)));
    expect(result.droppedPartitions).toContain("log_lines_p20261120");
    expect((await listLogPartitions(db)).map((p) => p.name)).not.toContain("log_lines_p20261120");
    // 21 Nov stays (14 days for others) but this workspace keeps 3 days: its lines are deleted.
    expect(result.deletedLines).toBe(1);
    expect((await search({})).total).toBe(0);
    const left = await db.execute(sql`SELECT count(*)::int AS n FROM log_lines_p20261121`);
    expect((left as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  });
});

describe("back-pressure", () => {
  it("answers 429 when the writer's queue is full and commits before acknowledging", async () => {
    const key = (await rt.as(owner, "ingest.keys.create", {
      name: "busy",
      defaultService: "busy",
    })) as { key: string };
    const writer = createLogWriter(rt.database.db, { maxPendingLines: 5, lingerMs: 2000 });
    const app = Fastify();
    await registerIngestRoutes(app, {
      db: rt.database.db,
      services: rt.services,
      log: rt.log,
      writer,
    });
    const post = (n: number) =>
      app.inject({
        method: "POST",
        url: "/ingest/v1/logs",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        payload: JSON.stringify(Array.from({ length: n }, (_, i) => ({ message: `busy ${i}` }))),
      });
    const [first, second] = await Promise.all([post(5), post(5)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 429]);
    const refused = first.statusCode === 429 ? first : second;
    expect(refused.headers["retry-after"]).toBe("1");
    // The accepted request was answered after its lines were committed.
    const now = new Date();
    const stored = (await rt.as(owner, "logs.search", {
      q: "busy",
      from: new Date(now.getTime() - 60_000).toISOString(),
      to: new Date(now.getTime() + 60_000).toISOString(),
    })) as Page;
    expect(stored.total).toBe(5);
    expect(writer.pendingLines()).toBe(0);
    await app.close();
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../../adapters/client.ts";
import type { DomainEventMap } from "../../../../platform/events/domain-events.ts";
import type { Caller } from "../../../../platform/operations/execute.ts";
import {
  createAutomation,
  firstRunOf,
  settledRun,
} from "../../../ai/automations/automations.testkit.ts";
import { evaluateWorkspace } from "../../alerts/engine.ts";
import { listen, makeKey } from "../../ingest/ingest.testkit.ts";
import { forgetCachedMiners, mineWorkspacePatterns } from "./pattern-mining.ts";

type Patterns = OperationOutput<"logs.patterns">;
type PatternLines = OperationOutput<"logs.patternLines">;
type NewPattern = DomainEventMap["logs.newPattern"];

const FIXTURES = path.join(import.meta.dirname, "../../../../../test/fixtures/log-patterns");
const HOUR = 3_600_000;

let rt: TestRuntime;
let app: FastifyInstance;
let url: string;
const a = { caller: undefined as unknown as Caller, workspaceId: "", key: "" };
const b = { caller: undefined as unknown as Caller, workspaceId: "", key: "" };
const heard: Array<{ workspaceId: string; event: NewPattern }> = [];
const now = Date.now();
const from = new Date(now - 6 * HOUR).toISOString();
const to = new Date(now + HOUR).toISOString();

/** Fixture lines, stamped `minutesAgo` back (one minute apart), as NDJSON for the plain endpoint. */
function fixture(name: string, hoursAgo: number): string {
  const lines = readFileSync(path.join(FIXTURES, name), "utf8").trim().split("\n");
  return lines
    .map((l, i) => {
      const time = new Date(now - hoursAgo * HOUR + i * 60_000).toISOString();
      return JSON.stringify({ ...JSON.parse(l), time });
    })
    .join("\n");
}

async function ingest(key: string, body: string) {
  const response = await fetch(`${url}/ingest/v1/logs`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${key}` },
    body,
  });
  expect(response.status).toBe(200);
}

const mine = (workspaceId: string, batchSize = 1000) =>
  mineWorkspacePatterns(rt.database.db, rt.services.domainEvents, workspaceId, {
    batchSize,
  });

const patterns = (caller: Caller, input: Record<string, unknown> = {}) =>
  rt.as(caller, "logs.patterns", { from, to, ...input }) as Promise<Patterns>;

function byTemplate(found: Patterns) {
  return new Map(found.items.map((p) => [`${p.service} ${p.template}`, p]));
}

beforeAll(async () => {
  rt = await createTestRuntime();
  for (const [who, email] of [
    [a, "patterns-a@example.com"],
    [b, "patterns-b@example.com"],
  ] as const) {
    const owner = await createOwner(rt, email, email);
    who.caller = owner.caller;
    who.workspaceId = owner.workspaceId;
  }
  ({ app, url } = await listen(rt));
  a.key = (await makeKey(rt, a.caller, { name: "a", defaultService: "misc" })).key;
  b.key = (await makeKey(rt, b.caller, { name: "b", defaultService: "misc" })).key;
  rt.services.domainEvents.on("logs.newPattern", async (_db, workspaceId, event) => {
    heard.push({ workspaceId, event });
  });
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

describe("mining ingested lines into stored patterns", () => {
  it("groups the first batch per service with exact counts, none of them new", async () => {
    await ingest(a.key, fixture("batch-known.ndjson", 3));
    // Small batches: the first catch-up spans several transactions and stays the baseline.
    const result = await mine(a.workspaceId, 25);
    expect(result).toMatchObject({ lines: 60, batches: 3, caughtUp: true, newPatterns: 0 });
    const found = byTemplate(await patterns(a.caller));
    expect([...found.keys()].sort()).toEqual([
      "api GET /orders/<*> returned <*> in <*>",
      "api slow query on table orders took <*> ms (threshold <*> ms)",
      "api user <*> logged in from <*>",
      "worker connection to queue <*> lost, reconnecting in <*> s",
      "worker job <*> finished after <*> s with <*> retries",
    ]);
    const counts = Object.fromEntries([...found].map(([k, p]) => [k.split(" ")[1], p.count]));
    expect(counts).toEqual({ GET: 24, slow: 6, user: 12, connection: 8, job: 10 });
    const slow = found.get("api slow query on table orders took <*> ms (threshold <*> ms)")!;
    expect(slow).toMatchObject({ level: "warn", totalCount: 6, isNew: false });
    expect(slow.example).toMatch(/^slow query on table orders took \d+ ms/);
    expect(slow.trend.reduce((s, n) => s + n, 0)).toBe(6);
    expect(heard).toEqual([]);
  });

  it("drills into one pattern's lines, page by page", async () => {
    const get = (await patterns(a.caller, { service: "api", q: "orders/" })).items;
    expect(get.map((p) => p.template)).toEqual(["GET /orders/<*> returned <*> in <*>"]);
    const page = (await rt.as(a.caller, "logs.patternLines", {
      patternId: get[0]!.id,
      from,
      to,
      limit: 20,
    })) as PatternLines;
    expect(page.items).toHaveLength(20);
    expect(
      page.items.every((l) => /^GET \/orders\/\d+ returned 200 in \d+ms$/.test(l.message)),
    ).toBe(true);
    const rest = (await rt.as(a.caller, "logs.patternLines", {
      patternId: get[0]!.id,
      from,
      to,
      limit: 20,
      cursor: page.nextCursor,
    })) as PatternLines;
    expect(rest.items).toHaveLength(4);
    expect(rest.nextCursor).toBeNull();
    const ids = new Set([...page.items, ...rest.items].map((l) => l.id));
    expect(ids.size).toBe(24);
  });

  it("after a restart keeps the ids and reports exactly one genuinely new shape", async () => {
    const before = byTemplate(await patterns(a.caller));
    forgetCachedMiners(rt.database.db); // the next batch restores the miner from the store
    await ingest(a.key, fixture("batch-new-shape.ndjson", 0.5));
    await mine(a.workspaceId);
    const after = byTemplate(await patterns(a.caller));
    for (const [key, p] of before) {
      expect(after.get(key)).toMatchObject({ id: p.id, templateId: p.templateId });
    }
    expect(after.get("api GET /orders/<*> returned <*> in <*>")!.count).toBe(31);
    expect(after.get("worker job <*> finished after <*> s with <*> retries")!.count).toBe(13);
    const fresh = [...after.values()].filter((p) => p.isNew);
    expect(fresh.map((p) => [p.service, p.template, p.level, p.count])).toEqual([
      ["api", "payment provider timeout after <*> ms for invoice <*>", "error", 5],
    ]);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({
      workspaceId: a.workspaceId,
      event: { service: "api", level: "error", patternId: fresh[0]!.id },
    });
    // Mining again finds nothing more to do and nothing new.
    expect(await mine(a.workspaceId)).toMatchObject({ lines: 0, newPatterns: 0, caughtUp: true });
    expect(heard).toHaveLength(1);
  });

  it("fires one new_log_pattern alert per new template, filtered by level, and resolves it later", async () => {
    await rt.as(a.caller, "alerts.rules.create", {
      name: "New warnings",
      kind: "new_log_pattern",
      params: { minLevel: "warn", windowMinutes: 60 },
      severity: "warning",
    });
    await rt.as(a.caller, "alerts.rules.create", {
      name: "New in worker",
      kind: "new_log_pattern",
      params: { service: "worker" },
      severity: "info",
    });
    const evaluate = (at: Date) =>
      evaluateWorkspace(rt.database.db, rt.services, a.workspaceId, at);
    const fired = await evaluate(new Date());
    expect(fired).toMatchObject({ rules: 2, fired: 1, errors: [] });
    const open = (await rt.as(a.caller, "alerts.list", { state: "firing" })) as Array<{
      summary: string;
      labels: Record<string, string>;
    }>;
    expect(open).toHaveLength(1);
    expect(open[0]!.summary).toContain("payment provider timeout");
    expect(open[0]!.labels).toMatchObject({ service: "api", level: "error" });
    expect(await evaluate(new Date())).toMatchObject({ fired: 0, resolved: 0 });
    expect(await evaluate(new Date(Date.now() + 2 * HOUR))).toMatchObject({ resolved: 1 });
  });

  it("starts an automation triggered by a new log pattern", async () => {
    const automation = await createAutomation(rt, a.caller, {
      name: "Tell about new errors",
      trigger: { kind: "newLogPattern", minLevel: "error" },
      steps: [{ kind: "notify", key: "tell", title: "A new error pattern appeared" }],
    });
    await ingest(
      a.key,
      JSON.stringify({
        service: "worker",
        level: "error",
        message: "disk quota exceeded on volume data",
      }),
    );
    await ingest(
      a.key,
      JSON.stringify({
        service: "worker",
        level: "info",
        message: "cache warmed with all entries",
      }),
    );
    expect(await mine(a.workspaceId)).toMatchObject({ lines: 2, newPatterns: 2 });
    const run = await firstRunOf(rt, a.caller, automation.id);
    rt.services.jobs.start(); // runs are advanced by the jobs worker
    const done = await settledRun(rt, a.caller, run.id).finally(() => rt.services.jobs.stop());
    expect(done).toMatchObject({
      status: "succeeded",
      trigger: { kind: "newLogPattern", payload: { service: "worker", level: "error" } },
    });
    const runs = (await rt.as(a.caller, "automations.runs.list", {
      automationId: automation.id,
    })) as unknown[];
    expect(runs).toHaveLength(1); // the info-level pattern did not start one
  });
});

describe("workspaces and concurrent miners", () => {
  it("keeps each workspace's patterns, baseline and lines to itself", async () => {
    const heardBefore = heard.length;
    await ingest(b.key, fixture("batch-known.ndjson", 2));
    await ingest(b.key, fixture("batch-new-shape.ndjson", 1));
    expect(await mine(b.workspaceId)).toMatchObject({ lines: 75, newPatterns: 0 });
    expect(heard).toHaveLength(heardBefore); // B's first catch-up is its baseline
    const mineB = await patterns(b.caller);
    expect(mineB.items.every((p) => !p.isNew)).toBe(true);
    expect(mineB.items.reduce((s, p) => s + p.count, 0)).toBe(75);
    const ofA = (await patterns(a.caller)).items;
    expect(ofA.some((p) => mineB.items.some((q) => q.id === p.id))).toBe(false);
    await expect(
      rt.as(a.caller, "logs.patternLines", { patternId: mineB.items[0]!.id, from, to }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("never mines a line twice when two miners run at once", async () => {
    // Alternative words (started / stopped / paused) give the miner variants, whose keys hold
    // NUL separators: the stored snapshot must keep them.
    const body = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify({
        service: "api",
        message:
          i % 2
            ? `GET /orders/${i} returned 200 in ${i}ms`
            : `vm ${["started", "stopped", "paused"][i % 3]} on host node-${i % 9} after ${i} s`,
      }),
    ).join("\n");
    await ingest(b.key, body);
    forgetCachedMiners(rt.database.db);
    const [one, two] = await Promise.all([mine(b.workspaceId, 50), mine(b.workspaceId, 50)]);
    expect(one.lines + two.lines).toBe(400);
    const [row] = (
      (await rt.database.db.execute(
        sql`SELECT sum(count)::int AS n FROM log_patterns WHERE workspace_id = ${b.workspaceId}`,
      )) as unknown as { rows: Array<{ n: number }> }
    ).rows;
    expect(row!.n).toBe(475);
  });
});

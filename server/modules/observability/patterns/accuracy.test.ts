import { describe, expect, it } from "vitest";
import { groupingAccuracy } from "./accuracy.ts";
import { TemplateMiner } from "./miner.ts";

/**
 * Logs of three made-up systems, written here from our own templates with seeded random values
 * (the Loghub samples cannot be redistributed): lines the miner was never tuned on.
 */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pick {
  int(max: number): number;
  one<T>(values: readonly T[]): T;
  ip(): string;
}
type Template = [event: string, make: (pick: Pick) => string];

const TABLES = [
  "orders",
  "customers",
  "line_items",
  "invoices",
  "payments",
  "sessions",
  "carts",
  "products",
  "prices",
  "stock",
  "events",
  "audit_log",
];
const USERS = ["app", "report", "backup", "migrator", "analytics", "admin", "grafana", "billing"];

const SYSTEMS: Record<string, Template[]> = {
  worker: [
    ["start", (p) => `Job ${p.int(99999)} started on worker w-${p.int(20)}`],
    ["finish", (p) => `Job ${p.int(99999)} finished in ${p.int(5000)} ms`],
    ["refused", (p) => `Job ${p.int(99999)} failed: connection refused by ${p.ip()}:5432`],
    ["retry", (p) => `Retrying job ${p.int(99999)} (attempt ${p.int(5)} of 5)`],
    ["beat", (p) => `Worker w-${p.int(20)} heartbeat ok, queue depth ${p.int(300)}`],
  ],
  web: [
    ["order", (p) => `GET /api/orders/${p.int(90000)} 200 ${p.int(9000)} bytes ${p.int(900)}ms`],
    ["login", (p) => `POST /api/login 401 ${p.int(200)} bytes ${p.int(90)}ms`],
    ["closed", (p) => `client ${p.ip()} closed connection after ${p.int(40)} requests`],
    ["tls", (p) => `TLS handshake failed for ${p.ip()}: unknown certificate authority`],
    ["down", (p) => `Upstream backend-${p.int(9)} marked down after ${p.int(9)} failures`],
  ],
  db: [
    [
      "checkpoint",
      (p) =>
        `checkpoint complete: wrote ${p.int(9000)} buffers (${p.int(99)}.${p.int(9)}%); ${p.int(4)} WAL file(s) added`,
    ],
    [
      "vacuum",
      (p) => `automatic vacuum of table "shop.public.${p.one(TABLES)}": index scans: ${p.int(3)}`,
    ],
    ["auth", (p) => `connection authorized: user=${p.one(USERS)} database=shop`],
    [
      "slow",
      (p) =>
        `duration: ${p.int(9000)}.${p.int(999)} ms statement: SELECT * FROM orders WHERE id = ${p.int(99999)}`,
    ],
    [
      "deadlock",
      (p) =>
        `deadlock detected: process ${p.int(60000)} waits for ShareLock on transaction ${p.int(900000)}`,
    ],
  ],
};

function sample(system: string): { contents: string[]; truth: string[] } {
  const next = random(system.length * 7919);
  const pick: Pick = {
    int: (max) => Math.floor(next() * max) + 1,
    one: (values) => values[Math.floor(next() * values.length)]!,
    ip: () => `10.${pick.int(254)}.${pick.int(254)}.${pick.int(254)}`,
  };
  const templates = SYSTEMS[system]!;
  const contents: string[] = [];
  const truth: string[] = [];
  for (let i = 0; i < 120; i++) {
    const [event, make] = templates[Math.floor(next() * templates.length)]!;
    contents.push(make(pick));
    truth.push(event);
  }
  return { contents, truth };
}

function mined(contents: string[]): string[] {
  const miner = new TemplateMiner();
  for (const line of contents) miner.add(line);
  return contents.map((line) => miner.match(line)?.templateId ?? "");
}

describe("grouping accuracy (Zhu et al. 2019)", () => {
  it("counts a message only when its predicted group is exactly its true group", () => {
    const truth = ["A", "A", "B", "B", "C"];
    expect(groupingAccuracy(["1", "1", "2", "2", "3"], truth)).toBe(1);
    // Same partition under other names is still right.
    expect(groupingAccuracy(["x", "x", "y", "y", "z"], truth)).toBe(1);
    // B split in two: its 2 messages are wrong, A and C right.
    expect(groupingAccuracy(["1", "1", "2", "4", "3"], truth)).toBe(3 / 5);
    // B and C merged: 3 wrong.
    expect(groupingAccuracy(["1", "1", "2", "2", "2"], truth)).toBe(2 / 5);
    expect(() => groupingAccuracy(["1"], truth)).toThrow(/1 predictions for 5/);
  });
});

describe("the miner on systems it was never tuned on (120 lines each, one configuration)", () => {
  it.each([
    ["worker", 0.9],
    ["web", 0.9],
    ["db", 0.9],
  ])("%s grouping accuracy stays above %s", (system, floor) => {
    const { contents, truth } = sample(system);
    const ga = groupingAccuracy(mined(contents), truth);
    expect(ga).toBeGreaterThanOrEqual(floor);
    // The floor means something: one template per line, or one for all, falls well short.
    expect(groupingAccuracy(contents, truth)).toBeLessThan(floor);
    expect(
      groupingAccuracy(
        contents.map(() => "all"),
        truth,
      ),
    ).toBeLessThan(floor);
  });
});

// Failure risk from real signals: a check failing against a local HTTP server, an alert firing
// on an error surge, a metric anomaly the engine scores, a disk filling toward empty, a changed
// resource. The ranking follows the
// signals' strength, each factor names its evidence and source, a quiet service is not listed,
// and another workspace's signals never show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { resourceChanges, resources } from "../../inventory/inventory.schema.ts";
import { evaluateWorkspace } from "../alerts/engine.ts";
import type { LogLine } from "../logs/log-line.ts";
import { insertLogLines } from "../logs/log-store.ts";
import { insertSamples, type MetricSample } from "../metrics/metric-store.ts";
import { type Listening, startHttp } from "../uptime/probe-servers.testing.ts";
import { checkFactors } from "./check-signals.ts";
import { combine, levelOf, overHorizon, readableUtc } from "./risk-model.ts";

type Risk = OperationOutput<"health.risk">;
const HOUR = 3_600_000;
const GB = 1e9;

let rt: TestRuntime;
let a: { caller: Caller; workspaceId: string };
let b: { caller: Caller; workspaceId: string };
let failing: Listening;
let healthy: Listening;
const checkIds: Record<string, string> = {};
let resourceId: string;

async function addCheck(owner: typeof a, name: string, service: string, port: number) {
  await rt.as(owner.caller, "health.settings.update", { allowPrivateTargets: true });
  const check = (await rt.as(owner.caller, "health.checks.create", {
    kind: "http",
    name,
    target: `http://127.0.0.1:${port}/`,
    service,
  })) as { id: string };
  for (let i = 0; i < 2; i++) await rt.as(owner.caller, "health.checks.run", { id: check.id });
  return check.id;
}

function errorLines(workspaceId: string, service: string, count: number): LogLine[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    workspaceId,
    time: new Date(now - (i + 1) * 60_000),
    service,
    level: "error" as const,
    message: `payment gateway timeout ${i}`,
    attributes: {},
    resourceId: null,
    keyId: null,
  }));
}

beforeAll(async () => {
  rt = await createTestRuntime();
  a = await createOwner(rt, "risk-a@example.com", "Risk A");
  b = await createOwner(rt, "risk-b@example.com", "Risk B");
  failing = await startHttp((_req, res) => {
    res.statusCode = 503;
    res.end("overloaded");
  });
  healthy = await startHttp((_req, res) => res.end("fine"));
  checkIds.checkout = await addCheck(a, "Checkout API", "checkout", failing.port);
  checkIds.blog = await addCheck(a, "Blog", "blog", healthy.port);
  checkIds.bCheckout = await addCheck(b, "B checkout", "checkout", failing.port);

  // payments: 40 error lines in the last hour, none before; an alert rule on error counts fires.
  const db = rt.database.db;
  await insertLogLines(db, [
    ...errorLines(a.workspaceId, "payments", 40),
    ...errorLines(b.workspaceId, "b-only", 40),
  ]);
  await rt.as(a.caller, "alerts.rules.create", {
    name: "Error surge",
    kind: "log_count",
    params: {
      level: "error",
      groupByService: true,
      windowMinutes: 60,
      comparator: ">",
      threshold: 5,
    },
    severity: "warning",
  });

  // queue: two days of 5-minute latency points on a daily wave; the latest step jumps to 140 ms,
  // far outside its band, and a metric_anomaly rule scores it. The evaluation runs just after a
  // 5-minute boundary so the latest complete step is the one seeded, however slow the machine.
  const step = 5 * 60_000;
  const boundary = Math.floor(Date.now() / step) * step;
  const latency: MetricSample[] = [];
  for (let k = 0; k < 48 * 12; k++)
    latency.push({
      workspaceId: a.workspaceId,
      name: "http_latency_ms",
      labels: { service: "queue" },
      time: new Date(boundary - (k + 1) * step),
      value: k === 0 ? 140 : 50 + 10 * Math.sin((2 * Math.PI * k) / 288) + Math.sin(k * 12.9898),
      resourceId: null,
    });
  await insertSamples(db, latency);
  await rt.as(a.caller, "alerts.rules.create", {
    name: "Latency unusual",
    kind: "metric_anomaly",
    params: { metric: "http_latency_ms", groupBy: ["service"], stepMinutes: 5, historyHours: 48 },
    severity: "warning",
  });
  await evaluateWorkspace(db, rt.services, a.workspaceId, new Date(boundary + 1000));

  // search: /data loses 10 GB a day from 100 GB a week ago → empty in about 3 days.
  const now = Date.now();
  const samples: MetricSample[] = [];
  for (let i = 0; i <= 7 * 24; i++)
    samples.push({
      workspaceId: a.workspaceId,
      name: "node_filesystem_avail_bytes",
      labels: { service: "search", instance: "db-1", mountpoint: "/data" },
      time: new Date(now - (7 * 24 - i) * HOUR),
      value: 100 * GB - (10 * GB * i) / 24,
      resourceId: null,
    });
  await insertSamples(db, samples);

  // A resource a scan found modified yesterday (the scan writes resource_changes like this).
  const [row] = await db
    .insert(resources)
    .values({
      workspaceId: a.workspaceId,
      provider: "aws",
      account: "1",
      region: "eu-west-1",
      scope: "ec2@eu-west-1",
      type: "compute.vm",
      nativeType: "ec2:instance",
      nativeId: "i-0risk",
      name: "worker-1",
      state: "running",
      firstSeenAt: new Date(now - 30 * 24 * HOUR),
      lastSeenAt: new Date(now),
    })
    .returning();
  resourceId = row!.id;
  await db.insert(resourceChanges).values({
    workspaceId: a.workspaceId,
    resourceId,
    kind: "modified",
    diff: null,
    at: new Date(now - 24 * HOUR),
  });
}, 120_000);

afterAll(async () => {
  await failing?.close();
  await healthy?.close();
  await rt?.close();
});

const risk = (owner: typeof a, input: Record<string, unknown> = {}) =>
  rt.as(owner.caller, "health.risk", input) as Promise<Risk>;

describe("health.risk", () => {
  it("ranks the down service first, then the error surge, the anomaly, the filling disk and the changed resource", async () => {
    const { entities } = await risk(a);
    expect(entities.map((e) => `${e.kind}:${e.name}`)).toEqual([
      "service:checkout",
      "service:payments",
      "service:queue",
      "service:search",
      "resource:worker-1",
    ]);
    expect(entities.map((e) => e.level)).toEqual(["high", "high", "high", "high", "low"]);
    for (const e of entities) {
      expect(e.score).toBeCloseTo(combine(e.factors.map((f) => f.weight)), 2);
      expect(e.factors.map((f) => f.weight)).toEqual(
        [...e.factors.map((f) => f.weight)].sort((x, y) => y - x),
      );
    }
  });

  it("names each factor's evidence and what it links to", async () => {
    const { entities } = await risk(a);
    const [checkout, payments, queue, search, worker] = entities;
    expect(checkout!.factors.map((f) => f.signal)).toEqual(["check_down", "check_failures"]);
    expect(checkout!.factors[0]!.link).toEqual({ kind: "check", id: checkIds.checkout });
    expect(checkout!.factors[1]!.evidence).toMatchObject({ failed: 2, runs: 2 });

    const alert = payments!.factors.find((f) => f.signal === "alert_open")!;
    const [firing] = (await rt.as(a.caller, "alerts.list", { state: "firing" })) as {
      id: string;
    }[];
    expect(alert.link).toEqual({ kind: "alert", id: firing!.id });
    expect(alert.evidence).toMatchObject({
      severity: "warning",
      state: "firing",
      kind: "log_count",
    });
    const logs = payments!.factors.find((f) => f.signal === "error_logs_rising")!;
    expect(logs.evidence).toMatchObject({ lastHour: 40, usualPerHour: 0 });
    expect(logs.link).toEqual({ kind: "logs", id: "payments" });

    const capacity = search!.factors[0]!;
    expect(capacity.signal).toBe("capacity");
    expect(capacity.evidence).toMatchObject({
      metric: "node_filesystem_avail_bytes",
      mountpoint: "/data",
    });
    expect(capacity.evidence.daysLeft as number).toBeGreaterThan(2.5);
    expect(capacity.evidence.daysLeft as number).toBeLessThan(3.5);

    // The anomaly alert fired and opened an incident for the service: both count.
    expect(queue!.factors.map((f) => f.signal)).toEqual(["incident", "metric_anomaly"]);
    const anomaly = queue!.factors[1]!;
    expect(anomaly.evidence).toMatchObject({ kind: "metric_anomaly", value: "140" });
    expect(Number(anomaly.evidence.anomalyScore)).toBeGreaterThan(0.8);

    expect(worker!.id).toBe(resourceId);
    expect(worker!.factors).toEqual([
      expect.objectContaining({
        signal: "recent_changes",
        link: { kind: "resource", id: resourceId },
      }),
    ]);
  });

  it("leaves a quiet service out and filters by service or resource", async () => {
    const all = await risk(a);
    expect(all.entities.find((e) => e.id === "blog")).toBeUndefined();
    const one = await risk(a, { service: "search" });
    expect(one.entities.map((e) => e.id)).toEqual(["search"]);
    const res = await risk(a, { resourceId });
    expect(res.entities.map((e) => e.name)).toEqual(["worker-1"]);
    expect((await risk(a, { limit: 1 })).entities).toHaveLength(1);
  });

  it("a shorter horizon lowers trend-based risk; a capacity crossing beyond it drops out", async () => {
    const week = (await risk(a)).entities.find((e) => e.id === "payments")!;
    const day = (await risk(a, { horizonDays: 1 })).entities.find((e) => e.id === "payments")!;
    expect(day.score).toBeLessThan(week.score);
    expect(
      (await risk(a, { horizonDays: 1 })).entities.find((e) => e.id === "search"),
    ).toBeUndefined();
  });

  it("never shows another workspace's signals", async () => {
    const mine = await risk(a);
    const links = mine.entities.flatMap((e) => e.factors.map((f) => f.link.id));
    expect(links).not.toContain(checkIds.bCheckout);
    expect(mine.entities.find((e) => e.id === "b-only")).toBeUndefined();
    const theirs = await risk(b);
    expect(theirs.entities.map((e) => e.id)).toEqual(["checkout", "b-only"]);
    expect(theirs.entities[0]!.factors.every((f) => f.link.id === checkIds.bCheckout)).toBe(true);
  });

  it("counts a down check once, not again as the open incident its health-check alert opened", async () => {
    const before = (await risk(b)).entities.find((e) => e.id === "checkout")!;
    await rt.as(b.caller, "alerts.rules.create", {
      name: "Checks down",
      kind: "health_check_failing",
      params: {},
      severity: "critical",
    });
    await evaluateWorkspace(rt.database.db, rt.services, b.workspaceId, new Date());
    const open = (await rt.as(b.caller, "incidents.list", { status: "open" })) as {
      groupKey: string;
    }[];
    expect(open.map((i) => i.groupKey)).toContain("service:checkout");
    const after = (await risk(b)).entities.find((e) => e.id === "checkout")!;
    expect(after.factors.map((f) => f.signal)).toEqual(["check_down", "check_failures"]);
    expect(after.score).toBe(before.score);
  });

  it("is refused to a client guest, like the health checks and alerts it reads", async () => {
    const guest = await addMember(rt, a.workspaceId, "risk-guest@example.com", "client");
    await expect(rt.as(guest.caller, "health.risk", {})).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("refuses an invalid horizon, naming the field", async () => {
    await expect(risk(a, { horizonDays: 0 })).rejects.toThrow(/horizonDays/);
  });
});

describe("risk model", () => {
  it("restates a 7-day prior for other horizons and combines by noisy-OR", () => {
    expect(overHorizon(0.5, 7)).toBeCloseTo(0.5);
    expect(overHorizon(0.5, 14)).toBeCloseTo(0.75);
    expect(combine([0.5, 0.5])).toBeCloseTo(0.75);
    expect(combine([])).toBe(0);
    expect([levelOf(0.6), levelOf(0.3), levelOf(0.1)]).toEqual(["high", "medium", "low"]);
  });

  it("writes instants in factor sentences to the minute, in UTC, not as raw ISO", () => {
    expect(readableUtc(new Date("2026-11-26T13:54:43.091Z"))).toBe("2026-11-26 13:54 UTC");
  });

  it("reads rising latency against the check's own median, not a fixed limit", () => {
    const check = { id: "c", name: "API", status: "up", statusSince: null, lastError: null };
    const stats = {
      runs: 10,
      failed: 0,
      flips: 0,
      lastFailedAt: null,
      recentN: 6,
      baselineN: 100,
    };
    const slower = checkFactors(check, { ...stats, recentP50: 400, baselineP50: 100 }, 7);
    expect(slower.map((f) => [f.signal, f.weight])).toEqual([["latency_rising", 0.4]]);
    expect(checkFactors(check, { ...stats, recentP50: 120, baselineP50: 100 }, 7)).toEqual([]);
  });
});

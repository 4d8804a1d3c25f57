// Alert rules on stored telemetry: samples written through the metric store and lines through
// the log store, evaluated by the engine at chosen instants (pending → firing → resolved).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import type { Level } from "../logs/log-line.ts";
import { insertLogLines } from "../logs/log-store.ts";
import { insertSamples } from "../metrics/metric-store.ts";
import { evaluateWorkspace } from "./engine.ts";
import { logCountEvaluator } from "./evaluators/log-count.ts";
import { metricThresholdEvaluator } from "./evaluators/metric-threshold.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
// Whole minutes, so roll-up buckets line up with the windows the assertions reason about.
const T = Math.floor(Date.now() / 60_000) * 60_000;
const at = (offsetMs: number) => new Date(T + offsetMs);
const MIN = 60_000;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "telemetry@example.com", "Telemetry");
  owner = o.caller;
  workspaceId = o.workspaceId;
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const call = (name: Parameters<TestRuntime["as"]>[1], input: unknown = {}) =>
  rt.as(owner, name, input);
const evaluate = (now: Date) => evaluateWorkspace(rt.database.db, rt.services, workspaceId, now);
const ctx = (now: Date) => ({ db: rt.database.db, workspaceId, now });

/** Samples every `everyMs` from `fromMs` to `toMs` (inclusive) relative to T. */
function samples(
  name: string,
  labels: Record<string, string>,
  fromMs: number,
  toMs: number,
  everyMs: number,
  value: (i: number) => number,
) {
  const out = [];
  for (let t = fromMs, i = 0; t <= toMs; t += everyMs, i++)
    out.push({ workspaceId, name, labels, time: at(t), value: value(i), resourceId: null });
  return out;
}

async function alertsOf(ruleId: string) {
  return ((await call("alerts.list", { limit: 200 })) as OperationOutput<"alerts.list">).filter(
    (a) => a.ruleId === ruleId,
  );
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("metric threshold rules", () => {
  it("fire per group after `for`, say actual against threshold, and resolve when the value drops", async () => {
    await insertSamples(rt.database.db, [
      ...samples(
        "cpu_usage",
        { host: "a", service: "api" },
        -10 * MIN,
        0,
        15_000,
        (i) => 90 + (i % 3),
      ),
      ...samples("cpu_usage", { host: "b", service: "api" }, -10 * MIN, 0, 15_000, () => 20),
      ...samples("cpu_usage", { host: "c", service: "batch" }, -10 * MIN, 0, 15_000, () => 99),
    ]);
    const rule = (await call("alerts.rules.create", {
      name: "API CPU hot",
      kind: "metric_threshold",
      params: {
        metric: "cpu_usage",
        matchers: [{ label: "service", op: "=~", value: "api|web" }],
        groupBy: ["host"],
        aggregation: "avg",
        windowMinutes: 5,
        comparator: ">",
        threshold: 80,
      },
      forSeconds: 120,
    })) as { id: string };

    expect(await evaluate(at(0))).toMatchObject({ pending: 1, fired: 0, errors: [] });
    const [pending] = await alertsOf(rule.id);
    expect(pending).toMatchObject({ state: "pending", labels: { host: "a", metric: "cpu_usage" } });
    // Samples at −5 min … 0, values 90, 91, 92 repeating: 21 of them average 91.
    expect(pending!.summary).toBe("avg(cpu_usage) {host=a} over 5 min is 91, threshold > 80");

    // Still hot two minutes later (the window still holds the hot samples): it fires.
    expect(await evaluate(at(2 * MIN + 10_000))).toMatchObject({ fired: 1, errors: [] });
    // Host a cools down; six minutes on, the window holds only the cool samples.
    await insertSamples(
      rt.database.db,
      samples("cpu_usage", { host: "a", service: "api" }, 15_000, 6 * MIN, 15_000, () => 30),
    );
    expect(await evaluate(at(6 * MIN + 1_000))).toMatchObject({ resolved: 1, errors: [] });
    const [resolved] = await alertsOf(rule.id);
    const history = (await call("alerts.history", { id: resolved!.id })) as { state: string }[];
    expect(history.map((h) => h.state)).toEqual(["pending", "firing", "resolved"]);
    await call("alerts.rules.delete", { id: rule.id });
  });

  it("computes a counter's rate across a reset, as Prometheus does", async () => {
    // +30 every 15 s (2/s), then the process restarts and counts from 0 again.
    const before = samples(
      "http_requests_total",
      { job: "api" },
      -4 * MIN,
      -2 * MIN,
      15_000,
      (i) => 1000 + 30 * i,
    );
    const after = samples(
      "http_requests_total",
      { job: "api" },
      -2 * MIN + 15_000,
      0,
      15_000,
      (i) => 30 * (i + 1),
    );
    await insertSamples(rt.database.db, [...before, ...after]);
    const signals = await metricThresholdEvaluator.evaluate(
      metricThresholdEvaluator.params.parse({
        metric: "http_requests_total",
        aggregation: "rate",
        windowMinutes: 5,
        comparator: ">",
        threshold: 1.5,
      }),
      ctx(at(1_000)),
    );
    // 16 increments of 30 over 240 s: exactly 2/s (a naive last − first would be negative).
    expect(signals).toHaveLength(1);
    expect(signals[0]!.annotations?.value).toBe("2");
    expect(signals[0]!.summary).toBe("rate(http_requests_total) over 5 min is 2, threshold > 1.5");
    const below = await metricThresholdEvaluator.evaluate(
      metricThresholdEvaluator.params.parse({
        metric: "http_requests_total",
        aggregation: "rate",
        windowMinutes: 5,
        comparator: ">",
        threshold: 2,
      }),
      ctx(at(1_000)),
    );
    expect(below).toEqual([]);
  });

  it("reads the minute roll-up for long windows and counts every sample in it", async () => {
    await insertSamples(
      rt.database.db,
      samples("queue_depth", { queue: "mail" }, -180 * MIN, -1_000, 30_000, (i) => i % 10),
    );
    const params = metricThresholdEvaluator.params.parse({
      metric: "queue_depth",
      aggregation: "count",
      windowMinutes: 120,
      comparator: ">=",
      threshold: 0,
    });
    const [signal] = await metricThresholdEvaluator.evaluate(params, ctx(at(0)));
    // 120 whole minutes × 2 samples a minute.
    expect(signal!.annotations?.value).toBe("240");
  });

  it("names the bad field of a rule's params", async () => {
    const badRegex = await refusal(() =>
      call("alerts.rules.create", {
        name: "Bad",
        kind: "metric_threshold",
        params: {
          metric: "cpu",
          matchers: [{ label: "job", op: "=~", value: "(api" }],
          threshold: 1,
        },
      }),
    );
    expect(badRegex.message).toMatch(/params\.matchers\.0\.value/);
    // Valid in JavaScript, not in PostgreSQL, which runs it: refused at save, not failing
    // silently at every evaluation.
    const namedGroup = await refusal(() =>
      call("alerts.rules.create", {
        name: "Named group",
        kind: "metric_threshold",
        params: {
          metric: "cpu",
          matchers: [
            { label: "job", op: "=~", value: "api|web" },
            { label: "host", op: "=~", value: "(?<h>a)" },
          ],
          threshold: 1,
        },
      }),
    );
    expect(namedGroup.message).toMatch(
      /^params\.matchers\.1\.value: is not a regular expression PostgreSQL runs/,
    );
    const noThreshold = await refusal(() =>
      call("alerts.rules.create", {
        name: "Bad",
        kind: "metric_threshold",
        params: { metric: "cpu" },
      }),
    );
    expect(noThreshold.message).toMatch(/params\.threshold/);
    const badLevel = await refusal(() =>
      call("alerts.rules.create", {
        name: "Bad",
        kind: "log_count",
        params: { level: "loud", threshold: 1 },
      }),
    );
    expect(badLevel.message).toMatch(/params\.level/);
    const tooLong = await refusal(() =>
      call("alerts.rules.create", {
        name: "Bad",
        kind: "metric_anomaly",
        params: { metric: "cpu", stepMinutes: 1, historyHours: 100 },
      }),
    );
    expect(tooLong.message).toMatch(/params\.historyHours/);
  });
});

describe("absence of data", () => {
  it("fires for a series that stopped and for a metric that never came, and resolves when data returns", async () => {
    await insertSamples(rt.database.db, [
      ...samples("heartbeat", { host: "a" }, -60 * MIN, -20 * MIN, MIN, () => 1),
      ...samples("heartbeat", { host: "b" }, -60 * MIN, 0, MIN, () => 1),
    ]);
    const stopped = (await call("alerts.rules.create", {
      name: "Host silent",
      kind: "metric_absent",
      params: { metric: "heartbeat", groupBy: ["host"], windowMinutes: 10 },
    })) as { id: string };
    const never = (await call("alerts.rules.create", {
      name: "Exporter missing",
      kind: "metric_absent",
      params: { metric: "node_exporter_build_info", windowMinutes: 10 },
    })) as { id: string };
    expect(await evaluate(at(1_000))).toMatchObject({ fired: 2, errors: [] });
    const [silent] = await alertsOf(stopped.id);
    expect(silent).toMatchObject({ state: "firing", labels: { host: "a" } });
    const lastSeen = at(-20 * MIN)
      .toISOString()
      .slice(11, 16);
    expect(silent!.summary).toBe(
      `No samples of heartbeat {host=a} for 10 min (last sample in the minute from ${lastSeen} UTC)`,
    );
    const [missing] = await alertsOf(never.id);
    expect(missing!.summary).toBe(
      "No samples of node_exporter_build_info for 10 min (nothing within 24 h)",
    );

    await insertSamples(
      rt.database.db,
      samples("heartbeat", { host: "a" }, 30_000, 30_000, MIN, () => 1),
    );
    expect(await evaluate(at(MIN))).toMatchObject({ resolved: 1, fired: 0, errors: [] });
    expect((await alertsOf(stopped.id))[0]!.state).toBe("resolved");
    await call("alerts.rules.delete", { id: stopped.id });
    await call("alerts.rules.delete", { id: never.id });
  });
});

describe("metric anomalies through the shared engine", () => {
  it("fires for the group whose latest step leaves its usual band, explaining expected vs actual", async () => {
    // Two days of 5-minute points with a daily wave and deterministic noise, for two hosts;
    // host a's latest point jumps far above anything it did before.
    let seed = 7;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const wave = (i: number) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + 2 * noise();
    const from = -48 * 60 * MIN;
    const last = -5 * MIN; // the latest complete 5-minute step before T
    const count = (last - from) / (5 * MIN);
    await insertSamples(rt.database.db, [
      ...samples("latency_ms", { host: "a" }, from, last, 5 * MIN, (i) =>
        i === count ? 140 : wave(i),
      ),
      ...samples("latency_ms", { host: "b" }, from, last, 5 * MIN, (i) => wave(i)),
    ]);
    const rule = (await call("alerts.rules.create", {
      name: "Latency unusual",
      kind: "metric_anomaly",
      params: { metric: "latency_ms", groupBy: ["host"], stepMinutes: 5, historyHours: 48 },
    })) as { id: string };
    expect(await evaluate(at(1_000))).toMatchObject({ fired: 1, errors: [] });
    const [alert] = await alertsOf(rule.id);
    expect(alert!.labels.host).toBe("a");
    expect(alert!.summary).toMatch(
      /^avg\(latency_ms\) \{host=a\} is 140, expected [\d.]+ \(usual [\d.]+ to [\d.]+\), anomaly score [01]\.\d\d$/,
    );
    expect(Number(alert!.annotations.score)).toBeGreaterThan(0.8);
    // The wave is around 50 ± 12 at any time of day: that is what the engine expected.
    expect(Number(alert!.annotations.expected)).toBeGreaterThan(36);
    expect(Number(alert!.annotations.expected)).toBeLessThan(64);
    await call("alerts.rules.delete", { id: rule.id });
  });
});

describe("log count rules", () => {
  it("fire per service when matching lines exceed the threshold in the window", async () => {
    const line = (service: string, level: Level, message: string, offsetMs: number) => ({
      workspaceId,
      time: at(offsetMs),
      service,
      level,
      message,
      attributes: {},
      resourceId: null,
      keyId: null,
    });
    await insertLogLines(rt.database.db, [
      ...Array.from({ length: 120 }, (_, i) =>
        line("api", "error", `upstream timeout after ${i} ms`, -i * 2_000),
      ),
      ...Array.from({ length: 30 }, (_, i) => line("web", "error", "upstream timeout", -i * 2_000)),
      ...Array.from({ length: 200 }, (_, i) =>
        line("api", "info", "upstream timeout retried", -i * 1_000),
      ),
      // Outside the window: does not count.
      ...Array.from({ length: 200 }, (_, i) =>
        line("web", "error", "upstream timeout", -10 * MIN - i),
      ),
    ]);
    const rule = (await call("alerts.rules.create", {
      name: "Timeouts",
      kind: "log_count",
      params: {
        q: "timeout",
        level: "error",
        windowMinutes: 5,
        threshold: 100,
        groupByService: true,
      },
    })) as { id: string };
    expect(await evaluate(at(1_000))).toMatchObject({ fired: 1, errors: [] });
    const [alert] = await alertsOf(rule.id);
    expect(alert).toMatchObject({ labels: { service: "api" }, annotations: { count: "120" } });
    // A count is measured, not identity: a silence made from this alert must still match it
    // when the count moves.
    expect(alert!.labels).not.toHaveProperty("count");
    expect(alert!.summary).toBe(
      'Count 120 error lines matching "timeout" from api in 5 min, threshold > 100'.replace(
        "Count ",
        "",
      ),
    );
    // Fewer than one line works as a heartbeat: a service that went quiet fires.
    const quiet = await logCountEvaluator.evaluate(
      logCountEvaluator.params.parse({ service: "batch", comparator: "<", threshold: 1 }),
      ctx(at(1_000)),
    );
    expect(quiet.map((q) => q.summary)).toEqual(["0 lines from batch in 5 min, threshold < 1"]);
    // Ten minutes on, the burst has left the window.
    expect(await evaluate(at(10 * MIN))).toMatchObject({ resolved: 1, errors: [] });
    await call("alerts.rules.delete", { id: rule.id });
  });
});

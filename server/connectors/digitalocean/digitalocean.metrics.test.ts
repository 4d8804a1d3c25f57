import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DiscoveredResource, PulledSample } from "../types.ts";
import { digitaloceanProvider } from "./index.ts";
import { CPU_LOOKBACK_S, cpuUtilisation, type DoMetricSeries } from "./monitoring.ts";
import {
  type DigitalOceanReplay,
  MONITORING_STEP_S,
  REPLAY_FILESYSTEM_FREE_SHARE,
  REPLAY_MEMORY_AVAILABLE,
  REPLAY_MEMORY_TOTAL,
} from "./replay.testing.ts";
import { FAST_RETRY, replayForThisFile } from "./replay-hooks.testing.ts";

const FROM = new Date("2026-11-02T10:00:00Z");
const TO = new Date("2026-11-02T10:10:00Z");
const FROM_S = FROM.getTime() / 1000;
const MONITORING = "/v2/monitoring/metrics/droplet/";
const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/digitalocean");
const example = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as {
    data: { result: DoMetricSeries[] };
  };
const setup = replayForThisFile({ pageSize: 2 });
const { connector, context } = setup;
let replay: DigitalOceanReplay;
beforeAll(() => {
  replay = setup.replay();
});

async function discovered(service: string) {
  const found: DiscoveredResource[] = [];
  for await (const r of connector().scan({ region: "global", service }, context())) found.push(r);
  return found;
}

async function pullAll(targets: DiscoveredResource[]) {
  const samples: PulledSample[] = [];
  for await (const batch of connector().pullMetrics!({ targets, from: FROM, to: TO }, context()))
    samples.push(...batch);
  return samples;
}

const monitoringCalls = () => replay.requests.filter((r) => r.path.startsWith(MONITORING));
const at = (stepsAfterFrom: number) =>
  new Date((FROM_S + stepsAfterFrom * MONITORING_STEP_S) * 1000);

/** CPU busy percent between two points of the cpu example, summed over its modes by hand. */
function busyPercent(before: number, after: number) {
  let all = 0;
  let idle = 0;
  for (const series of example("droplet_cpu").data.result) {
    const delta = Number(series.values[after]![1]) - Number(series.values[before]![1]);
    all += delta;
    if (series.metric.mode === "idle" || series.metric.mode === "iowait") idle += delta;
  }
  return (100 * (all - idle)) / all;
}

describe("DigitalOcean droplet metrics through the connector", () => {
  it("asks the Monitoring API for each droplet's window by host id, and nothing for other resources", async () => {
    const droplets = await discovered("droplets");
    const volumes = await discovered("volumes");
    expect(droplets).toHaveLength(3);
    replay.requests.length = 0;
    await pullAll([...droplets, ...volumes]);
    const calls = monitoringCalls();
    expect(calls).toHaveLength(droplets.length * 7);
    expect(replay.requests).toHaveLength(calls.length);
    const [first] = droplets;
    const hostId = first!.costResourceId!;
    const mine = calls.filter((c) => c.query.get("host_id") === hostId);
    expect(mine.map((c) => c.path.slice(MONITORING.length)).sort()).toEqual([
      "bandwidth",
      "bandwidth",
      "cpu",
      "filesystem_free",
      "filesystem_size",
      "memory_available",
      "memory_total",
    ]);
    for (const call of mine) {
      expect(call.headers.authorization).toBe(`Bearer ${replay.token}`);
      expect(call.query.get("end")).toBe(String(TO.getTime() / 1000));
      // The cpu counters start earlier so the window's first interval has its point before.
      const lookback = call.path.endsWith("/cpu") ? CPU_LOOKBACK_S : 0;
      expect(call.query.get("start")).toBe(String(FROM_S - lookback));
    }
    const bandwidth = mine.filter((c) => c.path.endsWith("/bandwidth"));
    expect(bandwidth.map((c) => `${c.query.get("interface")} ${c.query.get("direction")}`)).toEqual(
      expect.arrayContaining(["public inbound", "public outbound"]),
    );
  });

  it("stores CPU % derived from the counters, memory and filesystem used %, and network bytes/s", async () => {
    const [droplet] = await discovered("droplets");
    const samples = await pullAll([droplet!]);
    expect(samples.every((s) => s.nativeId === droplet!.nativeId)).toBe(true);
    const named = (name: string) => samples.filter((s) => s.name === name);
    const region = droplet!.region;

    // The cpu example's three points land 4 and 2 minutes before FROM and at FROM: the interval
    // ending before the window is left out, the one ending at FROM is its first sample.
    expect(named("digitalocean_droplet_cpu_utilization_percent")).toEqual([
      {
        nativeId: droplet!.nativeId,
        name: "digitalocean_droplet_cpu_utilization_percent",
        labels: { region },
        time: FROM,
        value: expect.closeTo(busyPercent(1, 2), 9),
      },
    ]);

    const total = Number(REPLAY_MEMORY_TOTAL);
    expect(named("digitalocean_droplet_memory_utilization_percent")).toEqual(
      REPLAY_MEMORY_AVAILABLE.map((available, i) => ({
        nativeId: droplet!.nativeId,
        name: "digitalocean_droplet_memory_utilization_percent",
        labels: { region },
        time: at(i),
        value: (100 * (total - Number(available))) / total,
      })),
    );
    expect(named("digitalocean_droplet_memory_utilization_percent").map((s) => s.value)).toEqual([
      25, 50, 75,
    ]);

    const [disk] = example("droplet_filesystem").data.result;
    const filesystem = named("digitalocean_droplet_filesystem_utilization_percent");
    expect(filesystem).toHaveLength(disk!.values.length);
    for (const [i, sample] of filesystem.entries()) {
      const size = Number(disk!.values[i]![1]);
      expect(sample.time).toEqual(at(i));
      expect(sample.labels).toEqual({
        device: "/dev/vda1",
        fstype: "ext4",
        mountpoint: "/",
        region,
      });
      expect(sample.value).toBeCloseTo((100 * (size - size * REPLAY_FILESYSTEM_FREE_SHARE)) / size);
    }

    const [link] = example("droplet_bandwidth").data.result;
    for (const name of [
      "digitalocean_droplet_network_in_bytes_per_second",
      "digitalocean_droplet_network_out_bytes_per_second",
    ])
      expect(named(name)).toEqual(
        link!.values.map(([, mbps], i) => ({
          nativeId: droplet!.nativeId,
          name,
          labels: { interface: "public", region },
          time: at(i),
          value: (Number(mbps) * 1_000_000) / 8,
        })),
      );
    expect(samples.every((s) => s.time >= FROM && s.time < TO)).toBe(true);
  });

  it("derives one CPU % per pair of consecutive counter points, skipping a counter reset", () => {
    const series = example("droplet_cpu").data.result;
    const times = series[0]!.values.map(([t]) => Number(t));
    // Between the first two points: 119.96 CPU seconds in all, 119.74 idle and 0.02 iowait.
    expect(busyPercent(0, 1)).toBeCloseTo((100 * 0.2) / 119.96, 9);
    expect(cpuUtilisation(series)).toEqual([
      { time: times[1], value: expect.closeTo(busyPercent(0, 1), 9), labels: {} },
      { time: times[2], value: expect.closeTo(busyPercent(1, 2), 9), labels: {} },
    ]);
    // A reboot sets the counters back: the interval across it says nothing and is left out.
    const rebooted = series.map((s) => ({
      ...s,
      values: s.values.map(([t, v], i) => [t, i === 1 ? String(Number(v) / 1000) : v]),
    })) as DoMetricSeries[];
    expect(cpuUtilisation(rebooted).map((p) => p.time)).toEqual([times[2]]);
  });

  it("skips resources that are not droplets without calling the API", async () => {
    const targets = [...(await discovered("volumes")), ...(await discovered("databases"))];
    expect(targets.length).toBeGreaterThan(0);
    replay.requests.length = 0;
    expect(await pullAll(targets)).toEqual([]);
    expect(replay.requests).toEqual([]);
  });

  it("retries a 429 and a 500, then succeeds", async () => {
    const [droplet] = await discovered("droplets");
    const baseline = await pullAll([droplet!]);
    replay.requests.length = 0;
    replay.fail(
      `${MONITORING}cpu`,
      { status: 429, body: { id: "too_many_requests", message: "API rate limit exceeded" } },
      { status: 500, body: { id: "server_error", message: "Unexpected server-side error" } },
    );
    expect(await pullAll([droplet!])).toEqual(baseline);
    expect(replay.requests.filter((r) => r.path === `${MONITORING}cpu`)).toHaveLength(3);
  });

  it("fails with DigitalOcean's message: a 403 at once, persistent 5xx after the retries", async () => {
    const [droplet] = await discovered("droplets");
    replay.requests.length = 0;
    replay.fail(`${MONITORING}memory_total`, {
      status: 403,
      body: { id: "forbidden", message: "You are not authorized to perform this operation" },
    });
    await expect(pullAll([droplet!])).rejects.toThrow(
      /DigitalOcean API 403: You are not authorized.*lacks the scope/,
    );
    expect(replay.requests.filter((r) => r.path.endsWith("/memory_total"))).toHaveLength(1);
    // The droplet's other calls were under way when the 403 came; let them land first.
    await vi.waitFor(() => expect(monitoringCalls()).toHaveLength(7));

    const failures = Array.from({ length: FAST_RETRY.attempts }, () => ({
      status: 503,
      body: { id: "service_unavailable", message: "Monitoring is unavailable" },
    }));
    replay.fail(`${MONITORING}filesystem_free`, ...failures);
    await expect(pullAll([droplet!])).rejects.toThrow(
      /DigitalOcean API 503: Monitoring is unavailable/,
    );
  });

  it("refuses an answer whose status is not success", async () => {
    const [droplet] = await discovered("droplets");
    replay.fail(`${MONITORING}filesystem_size`, {
      status: 200,
      body: { status: "error", data: { resultType: "matrix", result: [] } },
    });
    await expect(pullAll([droplet!])).rejects.toThrow(
      /filesystem_size metrics answered status "error"/,
    );
  });

  it("offers metrics pulls and asks for the monitoring read scope", () => {
    expect(digitaloceanProvider.pulls).toEqual(["metrics", "costs"]);
    expect(digitaloceanProvider.policy.text).toContain("monitoring:read");
  });
});

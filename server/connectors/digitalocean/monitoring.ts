import type { ConnectorContext, MetricTarget, PulledSample } from "../types.ts";
import { DigitalOceanApiError, type DigitalOceanClient } from "./client.ts";

/**
 * Droplet metrics from DigitalOcean's Monitoring API (`GET /v2/monitoring/metrics/droplet/<m>`,
 * scope `monitoring:read`), which answers Prometheus-style range queries:
 * `{ status, data: { resultType: "matrix", result: [{ metric: {labels}, values: [[unix, "v"]] }] } }`.
 * The figures come from the DigitalOcean agent (do-agent, installed by default on droplets); a
 * droplet without it answers an empty result, which is no samples rather than an error.
 *
 * | DigitalOcean metric                   | stored as                                            |
 * |---------------------------------------|------------------------------------------------------|
 * | cpu (per-mode CPU seconds, counters)  | digitalocean_droplet_cpu_utilization_percent          |
 * | memory_total, memory_available        | digitalocean_droplet_memory_utilization_percent       |
 * | filesystem_size, filesystem_free      | digitalocean_droplet_filesystem_utilization_percent   |
 * |                                       | (per device and mountpoint)                          |
 * | bandwidth public inbound (Mbps)       | digitalocean_droplet_network_in_bytes_per_second      |
 * | bandwidth public outbound (Mbps)      | digitalocean_droplet_network_out_bytes_per_second     |
 *
 * Seven calls a droplet per pull: DigitalOcean has no batch query across droplets, and its 5,000
 * requests an hour per token are shared with discovery, so the private interface's bandwidth
 * (unbilled) and the load averages are left out.
 */
export const DO_DROPLET_METRICS = {
  cpu: "digitalocean_droplet_cpu_utilization_percent",
  memory: "digitalocean_droplet_memory_utilization_percent",
  filesystem: "digitalocean_droplet_filesystem_utilization_percent",
  networkIn: "digitalocean_droplet_network_in_bytes_per_second",
  networkOut: "digitalocean_droplet_network_out_bytes_per_second",
} as const;

/** One series of a Monitoring API answer. */
export interface DoMetricSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

interface DoMetricsAnswer {
  status?: string;
  data?: { resultType?: string; result?: DoMetricSeries[] };
}

interface Point {
  time: number; // Unix seconds
  value: number;
  labels: Record<string, string>;
}

/**
 * The cpu counters are asked for from this far before the window, so the first interval that ends
 * inside it has the point before it (DigitalOcean's points are 1–5 minutes apart).
 */
export const CPU_LOOKBACK_S = 300;
/** Bandwidth comes in megabits per second; stored as bytes per second like the other networks. */
const MBPS_TO_BYTES_PER_SECOND = 1_000_000 / 8;
/** CPU modes in which the CPU does no work for the droplet. */
const IDLE_MODES = new Set(["idle", "iowait"]);
const DROPLET_URN = /^do:droplet:(\d+)$/;

/** The series' labels except the droplet's own and those named in `drop`. */
function labelsOf(series: DoMetricSeries, drop: string[] = []): Record<string, string> {
  return Object.fromEntries(
    Object.entries(series.metric ?? {}).filter(([key]) => key !== "host_id" && !drop.includes(key)),
  );
}

function pointsOf(series: DoMetricSeries[], drop: string[] = []): Point[] {
  return series.flatMap((one) => {
    const labels = labelsOf(one, drop);
    return (one.values ?? [])
      .map(([time, value]) => ({ time: Number(time), value: Number(value), labels }))
      .filter((p) => Number.isFinite(p.time) && Number.isFinite(p.value));
  });
}

/**
 * CPU utilisation in percent from DigitalOcean's cpu metric. That metric is not a percentage: it
 * is one cumulative counter of CPU seconds per mode (idle, iowait, irq, nice, softirq, steal,
 * system, user), summed over the droplet's vCPUs. Storing the counters would mean nothing on a
 * chart, so each pair of consecutive points becomes one sample at the later point's time:
 * 100 × (Δall modes − Δidle − Δiowait) / Δall modes. Idle and iowait count as idle (the CPU does
 * no work), as the hypervisor-side CPU figures of CloudWatch and Azure Monitor see it. An interval
 * where a counter went back (the droplet rebooted) or a mode is missing at one end is skipped.
 */
export function cpuUtilisation(series: DoMetricSeries[]): Point[] {
  const byTime = new Map<number, { all: number; idle: number; modes: number }>();
  for (const point of pointsOf(series)) {
    const at = byTime.get(point.time) ?? { all: 0, idle: 0, modes: 0 };
    at.all += point.value;
    if (IDLE_MODES.has(point.labels.mode ?? "")) at.idle += point.value;
    at.modes += 1;
    byTime.set(point.time, at);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const samples: Point[] = [];
  for (let i = 1; i < times.length; i++) {
    const before = byTime.get(times[i - 1]!)!;
    const after = byTime.get(times[i]!)!;
    const all = after.all - before.all;
    const idle = after.idle - before.idle;
    if (after.modes !== before.modes || all <= 0 || idle < 0 || idle > all) continue;
    samples.push({ time: times[i]!, value: (100 * (all - idle)) / all, labels: {} });
  }
  return samples;
}

/**
 * Used share in percent of a size and what is free of it, matched by time and labels (a
 * filesystem's device and mountpoint): 100 × (total − free) / total.
 */
export function usedPercent(total: DoMetricSeries[], free: DoMetricSeries[]): Point[] {
  const keyOf = (p: Point) => `${p.time} ${JSON.stringify(p.labels)}`;
  const totals = new Map(pointsOf(total).map((p) => [keyOf(p), p]));
  return pointsOf(free).flatMap((f) => {
    const t = totals.get(keyOf(f));
    if (!t || t.value <= 0) return [];
    return [{ ...t, value: (100 * (t.value - f.value)) / t.value }];
  });
}

async function seriesOf(
  client: DigitalOceanClient,
  ctx: ConnectorContext,
  metric: string,
  query: Record<string, string>,
): Promise<DoMetricSeries[]> {
  const path = `/v2/monitoring/metrics/droplet/${metric}`;
  const answer = await client.get<DoMetricsAnswer>(path, ctx, query);
  if (answer?.status !== "success")
    throw new DigitalOceanApiError(
      200,
      null,
      `DigitalOcean's ${metric} metrics answered status "${answer?.status}", not "success"`,
    );
  const result = answer.data?.result;
  if (!Array.isArray(result))
    throw new DigitalOceanApiError(200, null, `DigitalOcean's ${metric} metrics have no result`);
  return result;
}

/** Samples of each droplet target for [from, to), one batch per droplet; others are skipped. */
export async function* pullDropletMetrics(
  client: DigitalOceanClient,
  targets: MetricTarget[],
  from: Date,
  to: Date,
  ctx: ConnectorContext,
): AsyncGenerator<PulledSample[]> {
  const start = Math.floor(from.getTime() / 1000);
  const end = Math.floor(to.getTime() / 1000);
  for (const target of targets) {
    const hostId = target.type === "compute.vm" ? DROPLET_URN.exec(target.nativeId)?.[1] : null;
    if (!hostId) continue;
    const get = (metric: string, extra: Record<string, string> = {}, lookback = 0) =>
      seriesOf(client, ctx, metric, {
        host_id: hostId,
        start: String(start - lookback),
        end: String(end),
        ...extra,
      });
    const bandwidth = (direction: string) =>
      get("bandwidth", { interface: "public", direction }).then((s) =>
        pointsOf(s, ["direction"]).map((p) => ({
          ...p,
          value: p.value * MBPS_TO_BYTES_PER_SECOND,
        })),
      );
    const [cpu, memory, filesystem, networkIn, networkOut] = await Promise.all([
      get("cpu", {}, CPU_LOOKBACK_S).then(cpuUtilisation),
      Promise.all([get("memory_total"), get("memory_available")]).then(([t, a]) =>
        usedPercent(t, a),
      ),
      Promise.all([get("filesystem_size"), get("filesystem_free")]).then(([t, f]) =>
        usedPercent(t, f),
      ),
      bandwidth("inbound"),
      bandwidth("outbound"),
    ]);
    const samples: PulledSample[] = [];
    const add = (name: string, points: Point[]) => {
      for (const p of points)
        if (p.time * 1000 >= from.getTime() && p.time * 1000 < to.getTime())
          samples.push({
            nativeId: target.nativeId,
            name,
            labels: { ...p.labels, region: target.region },
            time: new Date(p.time * 1000),
            value: p.value,
          });
    };
    add(DO_DROPLET_METRICS.cpu, cpu);
    add(DO_DROPLET_METRICS.memory, memory);
    add(DO_DROPLET_METRICS.filesystem, filesystem);
    add(DO_DROPLET_METRICS.networkIn, networkIn);
    add(DO_DROPLET_METRICS.networkOut, networkOut);
    if (samples.length > 0) yield samples;
  }
}

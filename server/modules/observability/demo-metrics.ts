import { seededRandom } from "../costs/analysis/seeded-random.ts";
import { DEMO_INCIDENT, dailyLoad } from "./demo-logs.ts";
import { leOf } from "./ingest/otlp-metrics-outcome.ts";
import type { MetricSample } from "./metrics/metric-store.ts";

/**
 * Invented host metrics for the demo's services: a sample every ten minutes, following the
 * same daily load as the logs, with noise, and the storefront incident (DEMO_INCIDENT) as a
 * latency and CPU spike on one host while its request rate sags. Each host's series belong to
 * the inventory resource of its name, and CPU goes back two weeks (demoCpuHistory), so the
 * savings advice can judge the VMs: the agency's tools box idles, the Initech VM is oversized.
 */

const STEP_MS = 10 * 60_000;
const GIB = 1024 ** 3;

interface DemoHost {
  service: string;
  host: string;
  /** Requests per second at the daily peak. */
  peakRps: number;
  /** Typical p95 latency, milliseconds. */
  latencyMs: number;
  memoryGiB: number;
  /** CPU percent: base plus this much at the daily peak. */
  cpuBase: number;
  cpuPerLoad: number;
  /** Serves HTTP: request rate and latency too. */
  web: boolean;
}

const web = { cpuBase: 12, cpuPerLoad: 55, web: true };
export const METRIC_HOSTS: readonly DemoHost[] = [
  {
    service: "storefront",
    host: "acme-web-1",
    peakRps: 42,
    latencyMs: 120,
    memoryGiB: 3.1,
    ...web,
  },
  {
    service: "storefront",
    host: "acme-web-2",
    peakRps: 40,
    latencyMs: 125,
    memoryGiB: 3.3,
    ...web,
  },
  { service: "globex-api", host: "globex-api", peakRps: 18, latencyMs: 45, memoryGiB: 0.7, ...web },
  {
    service: "initech-portal",
    host: "initech-app",
    peakRps: 6,
    latencyMs: 310,
    memoryGiB: 5.2,
    ...web,
    cpuBase: 5,
    cpuPerLoad: 20,
  },
  {
    service: "internal",
    host: "agency-tools",
    peakRps: 0,
    latencyMs: 0,
    memoryGiB: 1.2,
    cpuBase: 1.5,
    cpuPerLoad: 3,
    web: false,
  },
];

/** Days of CPU history before the other series start, for judging idle and oversized VMs. */
export const CPU_HISTORY_DAYS = 14;

export const DEMO_METRICS = {
  cpu: "cpu_utilization_percent",
  memory: "memory_used_bytes",
  latency: "http_request_duration_p95_ms",
  rate: "http_requests_per_second",
  /** A counter and a histogram, as an OpenTelemetry or Prometheus client sends them. */
  requests: "http_requests_total",
  duration: "http_request_duration_seconds_bucket",
} as const;

/** The duration histogram's bucket bounds, seconds (Prometheus client defaults, trimmed). */
const DURATION_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Number.POSITIVE_INFINITY];

/**
 * Samples of every demo series from `from` to `now`, ten minutes apart; `resourceIds` gives
 * each host's inventory resource.
 */
export function demoMetricSamples(
  workspaceId: string,
  from: number,
  now: number,
  resourceIds: ReadonlyMap<string, string> = new Map(),
): MetricSample[] {
  const random = seededRandom(7919);
  const noise = (spread: number) => 1 + (random() - 0.5) * spread;
  const incidentStart = now - DEMO_INCIDENT.hoursAgo * 3_600_000;
  const incidentEnd = incidentStart + DEMO_INCIDENT.minutes * 60_000;
  const samples: MetricSample[] = [];
  const start = Math.ceil(from / STEP_MS) * STEP_MS;
  for (const h of METRIC_HOSTS) {
    const labels = { service: h.service, host: h.host };
    const resourceId = resourceIds.get(h.host) ?? null;
    const sample = (name: string, time: number, value: number, le?: string) =>
      samples.push({
        workspaceId,
        name,
        labels: le === undefined ? labels : { ...labels, le },
        time: new Date(time),
        value,
        resourceId,
      });
    // The counters' running totals since the series began.
    let requested = 0;
    const inBuckets = DURATION_BOUNDS.map(() => 0);
    for (let time = start; time <= now; time += STEP_MS) {
      const load = dailyLoad(time);
      const isStalled =
        h.host === DEMO_INCIDENT.host && time >= incidentStart && time < incidentEnd;
      const rps = h.peakRps * load * noise(0.2) * (isStalled ? 0.35 : 1);
      const latency = h.latencyMs * (0.8 + 0.4 * load) * noise(0.3) * (isStalled ? 8 : 1);
      const cpu = isStalled
        ? 92 + random() * 6
        : Math.min(95, h.cpuBase + h.cpuPerLoad * load * noise(0.25));
      // Memory creeps up through the day and drops at the nightly restart (03:00 UTC).
      const sinceRestart = ((time - 3 * 3_600_000) % 86_400_000) / 86_400_000;
      const memory = h.memoryGiB * GIB * (0.85 + 0.15 * sinceRestart) * noise(0.02);
      if (h.web) {
        sample(DEMO_METRICS.rate, time, Math.round(rps * 100) / 100);
        sample(DEMO_METRICS.latency, time, Math.round(latency));
        const requests = (rps * STEP_MS) / 1000;
        requested += requests;
        sample(DEMO_METRICS.requests, time, Math.round(requested));
        // Durations spread exponentially, with the p95 above: mean = p95 / ln 20.
        const mean = latency / 1000 / Math.log(20);
        for (const [i, le] of DURATION_BOUNDS.entries()) {
          inBuckets[i]! += requests * (1 - Math.exp(-le / mean));
          sample(DEMO_METRICS.duration, time, Math.round(inBuckets[i]!), leOf(le));
        }
      }
      sample(DEMO_METRICS.cpu, time, Math.round(cpu * 10) / 10);
      sample(DEMO_METRICS.memory, time, Math.round(memory));
    }
  }
  return samples;
}

/**
 * CPU of every demo host for the CPU_HISTORY_DAYS before `from` (the other series start there),
 * from its own random stream, so the series from `from` on are the same with or without it.
 */
export function demoCpuHistory(
  workspaceId: string,
  from: number,
  resourceIds: ReadonlyMap<string, string>,
): MetricSample[] {
  const random = seededRandom(104_729);
  const samples: MetricSample[] = [];
  const start = Math.ceil((from - CPU_HISTORY_DAYS * 86_400_000) / STEP_MS) * STEP_MS;
  for (const h of METRIC_HOSTS) {
    const labels = { service: h.service, host: h.host };
    const resourceId = resourceIds.get(h.host) ?? null;
    for (let time = start; time < from; time += STEP_MS) {
      const noise = 1 + (random() - 0.5) * 0.25;
      const cpu = Math.min(95, h.cpuBase + h.cpuPerLoad * dailyLoad(time) * noise);
      samples.push({
        workspaceId,
        name: DEMO_METRICS.cpu,
        labels,
        time: new Date(time),
        value: Math.round(cpu * 10) / 10,
        resourceId,
      });
    }
  }
  return samples;
}

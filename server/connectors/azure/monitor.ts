import type { MonitorClient } from "@azure/arm-monitor";
import type { ConnectorContext, MetricTarget, PulledSample } from "../types.ts";

/**
 * Azure Monitor platform metrics of virtual machines (Microsoft.Compute/virtualMachines, "Supported
 * metrics" reference): host-level, no agent needed. One GET per VM asks for all five at a 5-minute
 * grain; Azure Monitor has no batch call across resources in the ARM API (the data-plane
 * metrics:getBatch needs a regional endpoint and another role), so calls go one VM at a time under
 * the connector's rate limiter.
 *
 * | Azure metric               | aggregation | stored as                               |
 * |----------------------------|-------------|-----------------------------------------|
 * | Percentage CPU             | Average     | azure_vm_cpu_utilization_percent        |
 * | Network In Total           | Total       | azure_vm_network_in_bytes               |
 * | Network Out Total          | Total       | azure_vm_network_out_bytes              |
 * | Disk Read Operations/Sec   | Average     | azure_vm_disk_read_ops_per_second       |
 * | Disk Write Operations/Sec  | Average     | azure_vm_disk_write_ops_per_second      |
 */
export const AZURE_VM_METRICS = [
  { metric: "Percentage CPU", aggregation: "average", stored: "azure_vm_cpu_utilization_percent" },
  { metric: "Network In Total", aggregation: "total", stored: "azure_vm_network_in_bytes" },
  { metric: "Network Out Total", aggregation: "total", stored: "azure_vm_network_out_bytes" },
  {
    metric: "Disk Read Operations/Sec",
    aggregation: "average",
    stored: "azure_vm_disk_read_ops_per_second",
  },
  {
    metric: "Disk Write Operations/Sec",
    aggregation: "average",
    stored: "azure_vm_disk_write_ops_per_second",
  },
] as const;

const byMetric = new Map<string, (typeof AZURE_VM_METRICS)[number]>(
  AZURE_VM_METRICS.map((m) => [m.metric.toLowerCase(), m]),
);

/** The subscription of an ARM id (`/subscriptions/<id>/…`). */
const subscriptionOf = (armId: string) => /^\/?subscriptions\/([^/]+)/i.exec(armId)?.[1] ?? null;

/** Samples of each VM target for [from, to), one batch per VM. */
export async function* pullAzureVmMetrics(
  clientOf: (subscriptionId: string) => MonitorClient,
  targets: MetricTarget[],
  from: Date,
  to: Date,
  ctx: ConnectorContext,
): AsyncGenerator<PulledSample[]> {
  const timespan = `${from.toISOString()}/${to.toISOString()}`;
  for (const target of targets) {
    if (target.type !== "compute.vm") continue;
    const subscription = subscriptionOf(target.nativeId);
    if (!subscription) continue;
    const answer = await clientOf(subscription).metrics.list(target.nativeId.replace(/^\//, ""), {
      timespan,
      interval: "PT5M",
      metricnames: AZURE_VM_METRICS.map((m) => m.metric).join(","),
      aggregation: "Average,Total",
      abortSignal: ctx.signal,
    });
    const samples: PulledSample[] = [];
    for (const metric of answer.value ?? []) {
      const spec = byMetric.get(metric.name.value.toLowerCase());
      if (!spec) continue;
      for (const series of metric.timeseries ?? [])
        for (const point of series.data ?? []) {
          const value = point[spec.aggregation];
          // Azure answers a grain with no data as a point without the aggregation: not a zero.
          if (typeof value !== "number") continue;
          const time = new Date(point.timeStamp);
          if (time < from || time >= to) continue;
          samples.push({
            nativeId: target.nativeId,
            name: spec.stored,
            labels: { aggregation: spec.aggregation, region: target.region },
            time,
            value,
          });
        }
    }
    if (samples.length > 0) yield samples;
  }
}

import type { ConnectorContext, MetricTarget, PulledSample } from "../types.ts";
import { type GcpClients, NO_GAX_RETRY } from "./clients.ts";

/**
 * Cloud Monitoring's CPU utilisation of Compute Engine instances (metric
 * `compute.googleapis.com/instance/cpu/utilization`, a GAUGE fraction 0–1 sampled every minute),
 * aligned to 5-minute means and stored as a percentage like the other providers' CPU metrics.
 * One listTimeSeries per project covers all its instances (the SDK follows nextPageToken); a
 * series names its instance by zone and name, which is how the VM's nativeId is built.
 */
export const GCP_CPU_METRIC = "compute.googleapis.com/instance/cpu/utilization";
export const GCP_CPU_STORED = "gcp_vm_cpu_utilization_percent";

const projectOf = (nativeId: string) =>
  /^\/\/compute\.googleapis\.com\/projects\/([^/]+)\//.exec(nativeId)?.[1] ?? null;

const seconds = (d: Date) => ({ seconds: Math.floor(d.getTime() / 1000), nanos: 0 });

export async function* pullGcpVmMetrics(
  clients: GcpClients,
  targets: MetricTarget[],
  from: Date,
  to: Date,
  ctx: ConnectorContext,
): AsyncGenerator<PulledSample[]> {
  const byProject = new Map<string, Map<string, MetricTarget>>();
  for (const target of targets) {
    const project = target.type === "compute.vm" ? projectOf(target.nativeId) : null;
    if (!project) continue;
    if (!byProject.has(project)) byProject.set(project, new Map());
    byProject.get(project)!.set(target.nativeId, target);
  }
  for (const [project, wanted] of byProject) {
    const series = clients.monitoring.listTimeSeriesAsync(
      {
        name: `projects/${project}`,
        filter: `metric.type = "${GCP_CPU_METRIC}" AND resource.type = "gce_instance"`,
        interval: { startTime: seconds(from), endTime: seconds(to) },
        aggregation: { alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_MEAN" },
        view: "FULL",
      },
      { ...NO_GAX_RETRY, signal: ctx.signal } as object,
    );
    for await (const one of series) {
      const zone = one.resource?.labels?.zone;
      const name = one.metric?.labels?.instance_name;
      if (!zone || !name) continue;
      const target = wanted.get(
        `//compute.googleapis.com/projects/${project}/zones/${zone}/instances/${name}`,
      );
      if (!target) continue;
      const samples: PulledSample[] = [];
      for (const point of one.points ?? []) {
        const value = point.value?.doubleValue;
        const end = point.interval?.endTime;
        if (typeof value !== "number" || !end?.seconds) continue;
        const time = new Date(Number(end.seconds) * 1000);
        if (time < from || time >= to) continue;
        samples.push({
          nativeId: target.nativeId,
          name: GCP_CPU_STORED,
          labels: { aggregation: "average", region: target.region },
          time,
          value: value * 100,
        });
      }
      if (samples.length > 0) yield samples;
    }
  }
}

import {
  CloudWatchClient,
  type MetricDataQuery,
  paginateGetMetricData,
} from "@aws-sdk/client-cloudwatch";
import type { ConnectorContext, MetricTarget, PulledSample } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient } from "./clients.ts";
import { metricFamilyOf } from "./metric-table.ts";

/** GetMetricData accepts at most 500 queries per call (CloudWatch API reference). */
export const MAX_QUERIES_PER_CALL = 500;
/** Basic monitoring publishes 5-minute data points; finer periods would come back empty. */
export const METRIC_PERIOD_SECONDS = 300;

interface QueryMeta {
  nativeId: string;
  storedName: string;
  stat: string;
  namespace: string;
}

/** One query per (resource, metric); ids are what the answer is matched back by. */
export function buildQueries(targets: MetricTarget[]) {
  const queries: MetricDataQuery[] = [];
  const meta = new Map<string, QueryMeta>();
  for (const target of targets) {
    const found = metricFamilyOf(target);
    if (!found) continue;
    const { family, dimensionValue } = found;
    for (const metric of family.metrics) {
      // Ids must start with a lower-case letter and hold only letters, digits and _.
      const id = `q${queries.length}`;
      queries.push({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: family.namespace,
            MetricName: metric.metricName,
            Dimensions: [{ Name: family.dimension, Value: dimensionValue }],
          },
          Period: METRIC_PERIOD_SECONDS,
          Stat: metric.stat,
        },
        ReturnData: true,
      });
      meta.set(id, {
        nativeId: target.nativeId,
        storedName: metric.storedName,
        stat: metric.stat,
        namespace: family.namespace,
      });
    }
  }
  return { queries, meta };
}

/**
 * Pulls the standard metrics of one region's resources for [from, to): queries in batches of
 * 500, each batch's pages followed by NextToken (a batch can span several pages when it holds
 * more data points than one answer carries). Yields one batch of samples per page.
 */
export async function* pullCloudWatchMetrics(
  settings: AwsSettings,
  region: string,
  targets: MetricTarget[],
  from: Date,
  to: Date,
  ctx: ConnectorContext,
): AsyncGenerator<PulledSample[]> {
  const { queries, meta } = buildQueries(targets);
  if (queries.length === 0) return;
  const client = guardClient(
    new CloudWatchClient(clientConfig(settings, region)),
    ctx,
    `cloudwatch ${region}`,
  );
  try {
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
      const input = {
        MetricDataQueries: queries.slice(i, i + MAX_QUERIES_PER_CALL),
        StartTime: from,
        EndTime: to,
        ScanBy: "TimestampAscending" as const,
      };
      for await (const page of paginateGetMetricData({ client }, input)) {
        const samples: PulledSample[] = [];
        for (const result of page.MetricDataResults ?? []) {
          const m = result.Id ? meta.get(result.Id) : undefined;
          if (!m) continue;
          const times = result.Timestamps ?? [];
          const values = result.Values ?? [];
          times.forEach((time, k) => {
            const value = values[k];
            if (value === undefined) return;
            samples.push({
              nativeId: m.nativeId,
              name: m.storedName,
              labels: { namespace: m.namespace, stat: m.stat, region },
              time,
              value,
            });
          });
        }
        if (samples.length > 0) yield samples;
      }
    }
  } finally {
    client.destroy();
  }
}

import { invalid } from "../../../platform/errors.ts";
import type { MetricSample } from "../metrics/metric-store.ts";
import { type ExponentialBuckets, exponentialBuckets } from "./exponential-buckets.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { serviceFromResource } from "./otlp-logs.ts";
import {
  cumulativeBuckets,
  keptPartly,
  newOutcome,
  type OtlpMetricsOutcome,
} from "./otlp-metrics-outcome.ts";
import { attributesObject, dateFromNanos, type KeyValue, objects } from "./otlp-values.ts";

interface NumberPoint {
  attributes?: KeyValue[];
  timeUnixNano?: unknown;
  asDouble?: number;
  asInt?: string | number;
}
interface CountPoint {
  attributes?: KeyValue[];
  timeUnixNano?: unknown;
  count?: string | number;
  sum?: number;
  bucketCounts?: Array<string | number>;
  explicitBounds?: number[];
  // An exponential histogram's.
  scale?: number;
  zeroCount?: string | number;
  zeroThreshold?: number;
  positive?: { offset?: number; bucketCounts?: Array<string | number> };
  negative?: { offset?: number; bucketCounts?: Array<string | number> };
}
/** AggregationTemporality: 1 DELTA, 2 CUMULATIVE (OTLP/JSON sends enums as integers). */
type Temporality = number | string;
interface Metric {
  name?: string;
  gauge?: { dataPoints?: NumberPoint[] };
  sum?: { dataPoints?: NumberPoint[]; aggregationTemporality?: Temporality };
  histogram?: { dataPoints?: CountPoint[]; aggregationTemporality?: Temporality };
  exponentialHistogram?: { dataPoints?: CountPoint[]; aggregationTemporality?: Temporality };
  summary?: { dataPoints?: CountPoint[] };
}
interface ExportMetrics {
  resourceMetrics?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeMetrics?: Array<{ metrics?: Metric[] }>;
  }>;
}

const KINDS = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const;
/** What of a point is not stored, by kind (the answer's partialSuccess names it). */
export const PARTS_NOT_KEPT = {
  summary: "summary quantiles",
} as const;

/** An exponential histogram's positive or negative buckets in the OTLP/JSON shape. */
function bucketsOf(buckets: CountPoint["positive"]): ExponentialBuckets {
  return {
    offset: Number(buckets?.offset ?? 0),
    counts: (buckets?.bucketCounts ?? []).map(Number),
  };
}

/** Whether a sum or histogram's points are increases since the export before (DELTA). */
function isDeltaOf(data: { aggregationTemporality?: Temporality } | undefined): boolean {
  const t = data?.aggregationTemporality;
  return t === 1 || t === "AGGREGATION_TEMPORALITY_DELTA";
}

/** Label values are strings in the Prometheus model; OTLP attribute values are stringified. */
export function labelValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function labelsOf(attrs: Record<string, unknown>, base: Record<string, string>) {
  const labels = { ...base };
  for (const [k, v] of Object.entries(attrs)) labels[k] = labelValue(v);
  return labels;
}

/** The labels every sample of a resource carries: its service and host. */
export function resourceLabels(
  resourceAttrs: Record<string, unknown>,
  source: IngestSource,
): Record<string, string> {
  const base: Record<string, string> = {
    service: serviceFromResource(resourceAttrs) ?? source.defaultService,
  };
  if (typeof resourceAttrs["host.name"] === "string") base.host = resourceAttrs["host.name"];
  return base;
}

/**
 * Samples of an OTLP metrics export in the OTLP/JSON shape (otlp-metrics-proto.ts reads
 * protobuf bodies straight to the same samples). Gauges and sums give one sample per point (sums as
 * exported: cumulative or delta, as the sender chose, delta ones marked `isDelta` for rates to
 * add up; metric-increase.ts); histograms, exponential histograms and
 * summaries give `<name>_count` and `<name>_sum`, as Prometheus names them, and histograms
 * their cumulative `<name>_bucket{le=…}` too (exponential ones at powers of two,
 * exponential-buckets.ts). Summary quantiles are not kept, and metrics without a name are
 * dropped: `outcome` says so for the answer.
 */
export function samplesFromOtlpMetrics(
  payload: unknown,
  source: IngestSource,
  received: Date,
  outcome: OtlpMetricsOutcome = newOutcome(),
) {
  const samples: MetricSample[] = [];
  if (payload === null || typeof payload !== "object" || Array.isArray(payload))
    throw invalid("body", "must be an OTLP ExportMetricsServiceRequest object");
  type ResourceMetrics = NonNullable<ExportMetrics["resourceMetrics"]>[number];
  type ScopeMetrics = NonNullable<ResourceMetrics["scopeMetrics"]>[number];
  const all = objects<ResourceMetrics>(
    (payload as ExportMetrics).resourceMetrics,
    "resourceMetrics",
  );
  for (const [r, rm] of all.entries()) {
    const at = `resourceMetrics[${r}]`;
    const resourceAttrs = objects<KeyValue>(rm.resource?.attributes, `${at}.resource.attributes`);
    const base = resourceLabels(attributesObject(resourceAttrs), source);
    const push = (
      name: string,
      attrs: KeyValue[],
      time: unknown,
      value: number,
      isDelta: boolean,
      le?: string,
    ) =>
      samples.push({
        workspaceId: source.workspaceId,
        name,
        labels: { ...labelsOf(attributesObject(attrs), base), ...(le === undefined ? {} : { le }) },
        time: dateFromNanos(time) ?? received,
        value,
        resourceId: source.resourceId,
        isDelta,
      });
    for (const [s, sm] of objects<ScopeMetrics>(rm.scopeMetrics, `${at}.scopeMetrics`).entries()) {
      const metrics = objects<Metric>(sm.metrics, `${at}.scopeMetrics[${s}].metrics`);
      for (const [i, m] of metrics.entries()) {
        const path = `${at}.scopeMetrics[${s}].metrics[${i}]`;
        const points = (kind: string, list: unknown) =>
          objects<NumberPoint & CountPoint>(list, `${path}.${kind}.dataPoints`);
        if (!m.name) {
          for (const kind of KINDS)
            outcome.rejectedDataPoints += points(kind, m[kind]?.dataPoints).length;
          continue;
        }
        const attrsOf = (p: { attributes?: KeyValue[] }, kind: string) =>
          objects<KeyValue>(p.attributes, `${path}.${kind}.dataPoints[].attributes`);
        for (const kind of ["gauge", "sum"] as const)
          for (const p of points(kind, m[kind]?.dataPoints))
            push(
              m.name,
              attrsOf(p, kind),
              p.timeUnixNano,
              p.asDouble ?? Number(p.asInt ?? Number.NaN),
              kind === "sum" && isDeltaOf(m.sum),
            );
        for (const kind of ["histogram", "exponentialHistogram", "summary"] as const)
          for (const p of points(kind, m[kind]?.dataPoints)) {
            // A summary's count and sum are cumulative: it has no temporality.
            const delta = kind !== "summary" && isDeltaOf(m[kind]);
            const time = p.timeUnixNano;
            push(`${m.name}_count`, attrsOf(p, kind), time, Number(p.count ?? 0), delta);
            if (p.sum !== undefined) push(`${m.name}_sum`, attrsOf(p, kind), time, p.sum, delta);
            if (kind === "summary") keptPartly(outcome, PARTS_NOT_KEPT.summary, m.name);
            const buckets =
              kind === "histogram"
                ? cumulativeBuckets((p.bucketCounts ?? []).map(Number), p.explicitBounds ?? [])
                : kind === "exponentialHistogram"
                  ? exponentialBuckets({
                      scale: Number(p.scale ?? 0),
                      zeroCount: Number(p.zeroCount ?? 0),
                      zeroThreshold: Number(p.zeroThreshold ?? 0),
                      positive: bucketsOf(p.positive),
                      negative: bucketsOf(p.negative),
                    })
                  : [];
            for (const [le, n] of buckets)
              push(`${m.name}_bucket`, attrsOf(p, kind), time, n, delta, le);
          }
      }
    }
  }
  return samples;
}

// The metric ingest bench's request bodies and sender, shared by the bench (its untimed first
// requests) and its senders' thread (metric-clients.ts).
import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";

export const METRICS = 50;
export const SERIES = 100;

/** One OTLP/HTTP JSON export: client `c`'s 5,000 series, at time `ms`. */
export function exportBody(c: number, n: number, ms: number) {
  const nanos = `${BigInt(ms) * 1_000_000n}`;
  const metrics = Array.from({ length: METRICS }, (_, m) => ({
    name: `bench_metric_${m}`,
    gauge: {
      dataPoints: Array.from({ length: SERIES }, (_, h) => ({
        attributes: [{ key: "instance", value: { stringValue: `c${c}-h${h}` } }],
        timeUnixNano: nanos,
        asDouble: (n * 31 + h) % 1000,
      })),
    },
  }));
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "bench" } }] },
        scopeMetrics: [{ metrics }],
      },
    ],
  });
}

const resource = resourceFromAttributes({ "service.name": "bench" });

/** The same export as the SDK's protobuf exporter encodes it (its own serializer). */
export function exportProtobuf(c: number, n: number, ms: number) {
  const time: [number, number] = [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
  const request: ResourceMetrics = {
    resource,
    scopeMetrics: [
      {
        scope: { name: "bench" },
        metrics: Array.from({ length: METRICS }, (_, m) => ({
          descriptor: {
            name: `bench_metric_${m}`,
            description: "",
            unit: "",
            type: InstrumentType.GAUGE,
            valueType: 1, // ValueType.DOUBLE
          },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: Array.from({ length: SERIES }, (_, h) => ({
            attributes: { instance: `c${c}-h${h}` },
            startTime: time,
            endTime: time,
            value: (n * 31 + h) % 1000,
          })),
        })),
      },
    ],
  };
  return Buffer.from(ProtobufMetricsSerializer.serializeRequest(request)!);
}

export interface Target {
  url: string;
  headers: Record<string, string>;
  protobuf: boolean;
}

/**
 * Sends client `c`'s export `n` with samples at `ms`: the samples stored, 0 when refused with
 * 429 (after a pause of 100 ms), and the milliseconds spent building the body.
 */
export async function sendExport(
  target: Target,
  c: number,
  n: number,
  ms: number,
): Promise<{ stored: number; refused: boolean; buildingMs: number }> {
  const built = performance.now();
  const body = target.protobuf ? exportProtobuf(c, n, ms) : exportBody(c, n, ms);
  const buildingMs = performance.now() - built;
  const response = await fetch(target.url, { method: "POST", headers: target.headers, body });
  const answer = await response.text();
  if (response.status === 429) {
    await new Promise((r) => setTimeout(r, 100));
    return { stored: 0, refused: true, buildingMs };
  }
  if (response.status !== 200)
    throw new Error(`metric ingest answered ${response.status}: ${answer}`);
  return { stored: METRICS * SERIES, refused: false, buildingMs };
}

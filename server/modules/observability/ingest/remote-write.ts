import protobuf from "protobufjs";
import snappy from "snappyjs";
import { AppError } from "../../../platform/errors.ts";
import type { MetricSample } from "../metrics/metric-store.ts";
import type { IngestSource } from "./ingest-keys.service.ts";

/*
 * Prometheus remote_write 1.0 (prometheus/prompb types.proto and remote.proto, Apache-2.0):
 * WriteRequest{timeseries=1}, TimeSeries{labels=1, samples=2}, Label{name=1, value=2},
 * Sample{value=1 double, timestamp=2 int64 ms}. Declared from those field numbers; other fields
 * (metadata, exemplars, native histograms) are skipped by the decoder.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    prompb: {
      nested: {
        WriteRequest: {
          fields: { timeseries: { rule: "repeated", type: "TimeSeries", id: 1 } },
        },
        TimeSeries: {
          fields: {
            labels: { rule: "repeated", type: "Label", id: 1 },
            samples: { rule: "repeated", type: "Sample", id: 2 },
          },
        },
        Label: { fields: { name: { type: "string", id: 1 }, value: { type: "string", id: 2 } } },
        Sample: {
          fields: { value: { type: "double", id: 1 }, timestamp: { type: "int64", id: 2 } },
        },
      },
    },
  },
});
const WriteRequest = root.lookupType("prompb.WriteRequest");

interface Decoded {
  timeseries?: Array<{
    labels?: Array<{ name: string; value: string }>;
    samples?: Array<{ value?: number; timestamp?: string }>;
  }>;
}

/** Samples of a snappy-compressed remote_write body; `job` becomes the service label. */
export function samplesFromRemoteWrite(body: Uint8Array, source: IngestSource): MetricSample[] {
  let decoded: Decoded;
  try {
    // Bounded: a few kilobytes of snappy can claim gigabytes.
    const raw = snappy.uncompress(body, 64 * 1024 * 1024);
    decoded = WriteRequest.toObject(WriteRequest.decode(raw), { longs: String }) as Decoded;
  } catch {
    throw new AppError("invalid_input", "The body is not a snappy-compressed remote_write request");
  }
  const samples: MetricSample[] = [];
  for (const ts of decoded.timeseries ?? []) {
    const labels: Record<string, string> = {};
    let name = "";
    for (const l of ts.labels ?? []) {
      if (l.name === "__name__") name = l.value;
      else labels[l.name] = l.value;
    }
    if (!name) continue;
    labels.service ??= labels.job ?? source.defaultService;
    for (const s of ts.samples ?? []) {
      samples.push({
        workspaceId: source.workspaceId,
        name,
        labels,
        time: new Date(Number(s.timestamp ?? 0)),
        value: s.value ?? 0,
        resourceId: source.resourceId,
      });
    }
  }
  return samples;
}

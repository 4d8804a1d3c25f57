import protobuf from "protobufjs";
import snappy from "snappyjs";
import { AppError } from "../../../platform/errors.ts";
import type { MetricSample } from "../metrics/metric-store.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { endOf, fields, I64, LEN, VARINT } from "./proto-wire.ts";

/*
 * Prometheus remote_write 1.0 (prometheus/prompb types.proto and remote.proto, Apache-2.0):
 * WriteRequest{timeseries=1}, TimeSeries{labels=1, samples=2}, Label{name=1, value=2},
 * Sample{value=1 double, timestamp=2 int64 ms}. Read straight from the wire into samples (no
 * message objects, no timestamps as decimal strings); other fields (metadata, exemplars, native
 * histograms) and fields of an unexpected wire type are skipped.
 */

/** A signed 64-bit varint as the nearest double (Long or LongBits, as protobufjs gives it). */
function int64(r: protobuf.Reader): number {
  const v = r.int64() as unknown as number | { toNumber(): number };
  return typeof v === "number" ? v : v.toNumber();
}

function readSamples(raw: Uint8Array, source: IngestSource): MetricSample[] {
  const r = protobuf.Reader.create(raw);
  const samples: MetricSample[] = [];
  const timeSeries = (end: number) => {
    const labels: Record<string, string> = {};
    let name = "";
    const points: number[] = []; // positions of the Sample messages: after the labels are known
    fields(r, end, (no, wire) => {
      if (no === 1 && wire === LEN) {
        let key = "";
        let value = "";
        fields(r, endOf(r), (field, type) => {
          if (field === 1 && type === LEN) key = r.string();
          else if (field === 2 && type === LEN) value = r.string();
          else r.skipType(type);
        });
        if (key === "__name__") name = value;
        else labels[key] = value;
      } else if (no === 2 && wire === LEN) {
        points.push(r.pos);
        r.skip(r.uint32());
      } else r.skipType(wire);
    });
    if (!name) return;
    labels.service ??= labels.job ?? source.defaultService;
    for (const at of points) {
      r.pos = at;
      let value = 0;
      let time = 0;
      fields(r, endOf(r), (field, type) => {
        if (field === 1 && type === I64) value = r.double();
        else if (field === 2 && type === VARINT) time = int64(r);
        else r.skipType(type);
      });
      samples.push({
        workspaceId: source.workspaceId,
        name,
        labels,
        time: new Date(time),
        value,
        resourceId: source.resourceId,
      });
    }
    r.pos = end;
  };
  fields(r, r.len, (no, wire) => {
    if (no === 1 && wire === LEN) timeSeries(endOf(r));
    else r.skipType(wire);
  });
  return samples;
}

/** Samples of a snappy-compressed remote_write body; `job` becomes the service label. */
export function samplesFromRemoteWrite(body: Uint8Array, source: IngestSource): MetricSample[] {
  try {
    // Bounded: a few kilobytes of snappy can claim gigabytes.
    return readSamples(snappy.uncompress(body, 64 * 1024 * 1024), source);
  } catch {
    throw new AppError("invalid_input", "The body is not a snappy-compressed remote_write request");
  }
}

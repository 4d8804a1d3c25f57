import protobuf from "protobufjs";
import type { MetricSample } from "../metrics/metric-store.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { labelValue, resourceLabels } from "./otlp-metrics.ts";
import { decodeAnyValue, decodeResourceAttributes } from "./otlp-proto.ts";
import { attributesObject, plainValue } from "./otlp-values.ts";

/*
 * OTLP/HTTP protobuf metrics read straight from the wire into samples: the same samples as
 * samplesFromOtlpMetrics gives for the decoded export (otlp-metrics-test checks both), without
 * first building the export as objects (every point, attribute and 64-bit integer one) that are
 * dropped at once. Field numbers are those of otlp-proto.ts (opentelemetry-proto): only the
 * fields samples need are read, the rest skipped, so newer senders still decode. Attribute
 * values other than strings and the resource take otlp-proto.ts' decoder (rare and per resource).
 */

const LEN = 2; // wire type of strings, bytes and messages
const I64 = 1; // wire type of fixed64, sfixed64 and double

/** The end of the length-delimited field at the reader's position. */
const endOf = (r: protobuf.Reader) => r.uint32() + r.pos;

/** Calls `field(number, wireType)` for each field up to `end`; it must read or skip the value. */
function fields(r: protobuf.Reader, end: number, field: (no: number, wire: number) => void) {
  while (r.pos < end) {
    const tag = r.uint32();
    field(tag >>> 3, tag & 7);
  }
  if (r.pos !== end) throw new Error("a field runs past its message");
}

/** Positions of fields to come back to (a message's fields may come in any order). */
interface Span {
  no: number;
  start: number;
  end: number;
}
function spanOf(r: protobuf.Reader, no: number): Span {
  const end = endOf(r);
  const span = { no, start: r.pos, end };
  r.pos = end;
  return span;
}

/** 64-bit unsigned integer of a fixed64 field, as the nearest double (Number of its digits). */
function fixed64(r: protobuf.Reader): number {
  const low = r.fixed32();
  return r.fixed32() * 2 ** 32 + low;
}

/** 64-bit signed integer of a sfixed64 field, as the nearest double. */
function sfixed64(r: protobuf.Reader): number {
  const low = r.fixed32();
  return r.sfixed32() * 2 ** 32 + low;
}

interface Point {
  time: Date;
  attributes: Record<string, string>;
  value: number | undefined;
  asInt: number | undefined;
  count: number | undefined;
  sum: number | undefined;
}

/** Reads one export's samples; throws on a malformed body. */
export function samplesFromOtlpMetricsProto(
  body: Uint8Array,
  source: IngestSource,
  received: Date,
): MetricSample[] {
  const r = protobuf.Reader.create(body);
  const samples: MetricSample[] = [];
  // Points of one export mostly share a timestamp: its Date is made once.
  let lastLow = -1;
  let lastHigh = -1;
  let lastTime = received;
  const timeOf = (low: number, high: number) => {
    if (low !== lastLow || high !== lastHigh) {
      lastLow = low;
      lastHigh = high;
      // Whole milliseconds of the nanoseconds, exactly (as dateFromNanos cuts its digits).
      const ms = Number(((BigInt(high) << 32n) | BigInt(low)) / 1_000_000n);
      lastTime = ms > 0 ? new Date(ms) : received;
    }
    return lastTime;
  };

  const keyValue = (end: number, into: Record<string, string>) => {
    let key = "";
    let value: string | null = "null"; // no value: plainValue's null, as JSON
    fields(r, end, (no, wire) => {
      if (no === 1 && wire === LEN) key = r.string();
      else if (no === 2 && wire === LEN) {
        const valueEnd = endOf(r);
        const start = r.pos;
        // A lone string (field 1) is read here; any other value by the full decoder.
        let lone = false;
        if (r.pos < valueEnd && r.uint32() === ((1 << 3) | LEN)) {
          const at = r.pos;
          lone = endOf(r) === valueEnd;
          r.pos = at;
        }
        if (lone) value = r.string();
        else value = labelValue(plainValue(decodeAnyValue(body.subarray(start, valueEnd))));
        r.pos = valueEnd;
      } else r.skipType(wire);
    });
    if (key) into[key] = value;
  };

  /** A NumberDataPoint (value at 4 or 6) or a histogram or summary point (count 4, sum 5). */
  const point = (end: number, counted: boolean, attributesNo: number): Point => {
    const p: Point = {
      time: received,
      attributes: {},
      value: undefined,
      asInt: undefined,
      count: undefined,
      sum: undefined,
    };
    fields(r, end, (no, wire) => {
      if (no === 3 && wire === I64) {
        const low = r.fixed32();
        p.time = timeOf(low, r.fixed32());
      } else if (no === attributesNo && wire === LEN) keyValue(endOf(r), p.attributes);
      else if (!counted && no === 4 && wire === I64) p.value = r.double();
      else if (!counted && no === 6 && wire === I64) p.asInt = sfixed64(r);
      else if (counted && no === 4 && wire === I64) p.count = fixed64(r);
      else if (counted && no === 5 && wire === I64) p.sum = r.double();
      else r.skipType(wire);
    });
    return p;
  };

  const push = (base: Record<string, string>, name: string, p: Point, value: number) => {
    const labels = { ...base };
    for (const key in p.attributes) labels[key] = p.attributes[key]!;
    samples.push({
      workspaceId: source.workspaceId,
      name,
      labels,
      time: p.time,
      value,
      resourceId: source.resourceId,
    });
  };

  /** Gauge and Sum (NumberDataPoint, attributes 7); Histogram and Summary (attributes 9, 7). */
  const data = (base: Record<string, string>, name: string, span: Span) => {
    r.pos = span.start;
    fields(r, span.end, (no, wire) => {
      if (no !== 1 || wire !== LEN) return r.skipType(wire);
      const end = endOf(r);
      if (span.no === 5 || span.no === 7) {
        const p = point(end, false, 7);
        push(base, name, p, p.value ?? p.asInt ?? Number.NaN);
      } else {
        const p = point(end, true, span.no === 9 ? 9 : 7);
        push(base, `${name}_count`, p, p.count ?? 0);
        if (p.sum !== undefined) push(base, `${name}_sum`, p, p.sum);
      }
    });
  };

  const metric = (base: Record<string, string>, end: number) => {
    let name = "";
    const spans: Span[] = [];
    fields(r, end, (no, wire) => {
      if (no === 1 && wire === LEN) name = r.string();
      else if ((no === 5 || no === 7 || no === 9 || no === 11) && wire === LEN)
        spans.push(spanOf(r, no));
      else r.skipType(wire);
    });
    if (!name) return;
    for (const span of spans) data(base, name, span);
    r.pos = end;
  };

  const resourceMetrics = (end: number) => {
    let resource: Span | undefined;
    const scopes: Span[] = [];
    fields(r, end, (no, wire) => {
      if (no === 1 && wire === LEN) resource = spanOf(r, no);
      else if (no === 2 && wire === LEN) scopes.push(spanOf(r, no));
      else r.skipType(wire);
    });
    const base = resourceLabels(
      attributesObject(
        resource && decodeResourceAttributes(body.subarray(resource.start, resource.end)),
      ),
      source,
    );
    for (const scope of scopes) {
      r.pos = scope.start;
      fields(r, scope.end, (no, wire) => {
        if (no === 2 && wire === LEN) metric(base, endOf(r));
        else r.skipType(wire);
      });
    }
    r.pos = end;
  };

  fields(r, r.len, (no, wire) => {
    if (no === 1 && wire === LEN) resourceMetrics(endOf(r));
    else r.skipType(wire);
  });
  return samples;
}

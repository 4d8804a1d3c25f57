import protobuf from "protobufjs";
import { labelsKeyOf, type MetricSample } from "../metrics/metric-store.ts";
import { hintSeries } from "../metrics/series-cache.ts";
import {
  type ExponentialBuckets,
  type ExponentialPoint,
  emptyExponentialPoint,
  exponentialBuckets,
} from "./exponential-buckets.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { labelValue, PARTS_NOT_KEPT, resourceLabels } from "./otlp-metrics.ts";
import {
  cumulativeBuckets,
  keptPartly,
  newOutcome,
  type OtlpMetricsOutcome,
} from "./otlp-metrics-outcome.ts";
import { decodeAnyValue, decodeResourceAttributes } from "./otlp-proto.ts";
import { attributesObject, plainValue } from "./otlp-values.ts";
import { endOf, fields, I64, LEN, VARINT } from "./proto-wire.ts";

/*
 * OTLP/HTTP protobuf metrics read straight from the wire into samples: the same samples as
 * samplesFromOtlpMetrics gives for the decoded export (otlp-metrics-test checks both), without
 * first building the export as objects (every point, attribute and 64-bit integer one) that are
 * dropped at once. Field numbers are those of otlp-proto.ts (opentelemetry-proto): only the
 * fields samples need are read, the rest skipped, so newer senders still decode. Attribute
 * values other than strings and the resource take otlp-proto.ts' decoder (rare and per resource).
 */

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

/** An attribute field: from its length prefix (`from`), its message (`start`) to `end`. */
interface AttributeSpan {
  from: number;
  start: number;
  end: number;
}

/*
 * Label objects by the bytes of a point's attributes, per workspace, resource labels and metric
 * name: a series seen before costs a lookup, not decoding its attributes, a label object and its
 * keys (hintSeries records them for ingest). The key holds each attribute field with its length
 * prefix, so different attribute lists never share one. Bounded: emptied when it reaches
 * MAX_CACHED_LABELS.
 */
type LabelTable = Map<string, Readonly<Record<string, string>>>;
const labelTables = new Map<string, LabelTable>();
let cachedLabels = 0;
const MAX_CACHED_LABELS = 200_000;

/** A resource's labels and their canonical key. */
interface Base {
  labels: Record<string, string>;
  key: string;
}

interface Point {
  time: Date;
  attributes: AttributeSpan[];
  value: number | undefined;
  asInt: number | undefined;
  count: number | undefined;
  sum: number | undefined;
  /** An explicit-bounds histogram's bucket counts and bounds. */
  buckets: number[];
  bounds: number[];
  /** An exponential histogram's: scale, zero bucket and buckets. */
  exponential?: ExponentialPoint;
}

/** ExponentialHistogramDataPoint.Buckets: offset 1 (sint32), bucket_counts 2 (uint64s). */
function exponentialBucketsAt(r: protobuf.Reader, end: number): ExponentialBuckets {
  const buckets: ExponentialBuckets = { offset: 0, counts: [] };
  const count = () => {
    const v = r.uint64() as unknown as number | { toNumber(unsigned?: boolean): number };
    return typeof v === "number" ? v : v.toNumber(true);
  };
  fields(r, end, (no, wire) => {
    if (no === 1 && wire === VARINT) buckets.offset = r.sint32();
    else if (no === 2 && wire === LEN) {
      const stop = endOf(r);
      while (r.pos < stop) buckets.counts.push(count());
    } else if (no === 2 && wire === VARINT) buckets.counts.push(count());
    else r.skipType(wire);
  });
  return buckets;
}

/** Metric fields of the data kinds (opentelemetry-proto metrics.proto). */
const GAUGE = 5;
const SUM = 7;
const HISTOGRAM = 9;
const EXPONENTIAL_HISTOGRAM = 10;
const SUMMARY = 11;
/** AggregationTemporality DELTA. */
const DELTA = 1;
/** Where each kind's points keep their attributes. */
const ATTRIBUTES_NO: Record<number, number> = {
  [GAUGE]: 7,
  [SUM]: 7,
  [HISTOGRAM]: 9,
  [EXPONENTIAL_HISTOGRAM]: 1,
  [SUMMARY]: 7,
};

/** Reads one export's samples, and into `outcome` what it drops; throws on a malformed body. */
export function samplesFromOtlpMetricsProto(
  body: Uint8Array,
  source: IngestSource,
  received: Date,
  outcome: OtlpMetricsOutcome = newOutcome(),
): MetricSample[] {
  const r = protobuf.Reader.create(body);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
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

  /** Repeated fixed64 or double values, packed (one LEN field) or one a field. */
  const repeated = (wire: number, into: number[], read: () => number) => {
    if (wire !== LEN) return into.push(read());
    const end = endOf(r);
    while (r.pos < end) into.push(read());
  };

  /** Scale 6, zero_count 7, positive 8, negative 9 and zero_threshold 14 of an exponential point. */
  const exponentialField = (p: Point, no: number, wire: number) => {
    p.exponential ??= emptyExponentialPoint();
    const e = p.exponential;
    if (no === 6 && wire === VARINT) e.scale = r.sint32();
    else if (no === 7 && wire === I64) e.zeroCount = fixed64(r);
    else if (no === 8 && wire === LEN) e.positive = exponentialBucketsAt(r, endOf(r));
    else if (no === 9 && wire === LEN) e.negative = exponentialBucketsAt(r, endOf(r));
    else if (no === 14 && wire === I64) e.zeroThreshold = r.double();
    else r.skipType(wire);
  };

  /**
   * A NumberDataPoint (value at 4 or 6), or a histogram, exponential histogram or summary point
   * (count 4, sum 5; an explicit histogram's bucket counts 6 and bounds 7), of the metric field
   * `kind`.
   */
  const point = (end: number, kind: number): Point => {
    const counted = kind !== GAUGE && kind !== SUM;
    const p: Point = {
      time: received,
      attributes: [],
      value: undefined,
      asInt: undefined,
      count: undefined,
      sum: undefined,
      buckets: [],
      bounds: [],
    };
    fields(r, end, (no, wire) => {
      if (no === 3 && wire === I64) {
        const low = r.fixed32();
        p.time = timeOf(low, r.fixed32());
      } else if (no === ATTRIBUTES_NO[kind] && wire === LEN) {
        const from = r.pos;
        const end = endOf(r);
        p.attributes.push({ from, start: r.pos, end });
        r.pos = end;
      } else if (!counted && no === 4 && wire === I64) p.value = r.double();
      else if (!counted && no === 6 && wire === I64) p.asInt = sfixed64(r);
      else if (counted && no === 4 && wire === I64) p.count = fixed64(r);
      else if (counted && no === 5 && wire === I64) p.sum = r.double();
      else if (kind === HISTOGRAM && no === 6) repeated(wire, p.buckets, () => fixed64(r));
      else if (kind === HISTOGRAM && no === 7) repeated(wire, p.bounds, () => r.double());
      else if (kind === EXPONENTIAL_HISTOGRAM && no >= 6) exponentialField(p, no, wire);
      else r.skipType(wire);
    });
    return p;
  };

  /** The label table of a metric name under a resource's labels. */
  const tableOf = (baseKey: string, name: string) => {
    const key = `${source.workspaceId}\u0000${baseKey}\u0000${name}`;
    let table = labelTables.get(key);
    if (!table) {
      table = new Map();
      labelTables.set(key, table);
    }
    return table;
  };

  /**
   * The point's labels: the resource's, its attributes over them, and a bucket's `le`; one
   * object per series.
   */
  const labelsOf = (
    base: Record<string, string>,
    table: LabelTable,
    name: string,
    p: Point,
    le?: string,
  ) => {
    let key = le === undefined ? "" : `${le}\u0000`;
    for (const a of p.attributes) key += bytes.toString("latin1", a.from, a.end);
    const known = table.get(key);
    if (known) return known;
    const labels = { ...base };
    const after = r.pos;
    for (const a of p.attributes) {
      r.pos = a.start;
      keyValue(a.end, labels);
    }
    r.pos = after;
    if (le !== undefined) labels.le = le;
    if (++cachedLabels > MAX_CACHED_LABELS) {
      labelTables.clear();
      cachedLabels = 1;
    }
    const hinted = hintSeries(labels, source.workspaceId, name);
    table.set(key, hinted);
    return hinted;
  };

  const push = (
    labels: Readonly<Record<string, string>>,
    name: string,
    p: Point,
    value: number,
    isDelta: boolean,
  ) => {
    samples.push({
      workspaceId: source.workspaceId,
      name,
      labels,
      time: p.time,
      value,
      resourceId: source.resourceId,
      isDelta,
    });
  };

  /**
   * Whether a Sum, Histogram or ExponentialHistogram holds increases since the export before:
   * its aggregation_temporality (field 2) is DELTA (1). Read before the points, which may come
   * first.
   */
  const isDeltaAt = (span: Span) => {
    if (span.no === GAUGE || span.no === SUMMARY) return false;
    let temporality = 0;
    r.pos = span.start;
    fields(r, span.end, (no, wire) => {
      if (no === 2 && wire === VARINT) temporality = r.int32();
      else r.skipType(wire);
    });
    return temporality === DELTA;
  };

  /**
   * Gauge and Sum points give a sample each; the others `_count` and `_sum`, and an explicit
   * histogram its cumulative `_bucket{le}` series.
   */
  const data = (base: Base, name: string, span: Span) => {
    const counted = span.no !== GAUGE && span.no !== SUM;
    const names = counted ? [`${name}_count`, `${name}_sum`, `${name}_bucket`] : [name];
    const tables = names.map((n) => tableOf(base.key, n));
    if (span.no === SUMMARY) keptPartly(outcome, PARTS_NOT_KEPT.summary, name);
    const delta = isDeltaAt(span);
    r.pos = span.start;
    fields(r, span.end, (no, wire) => {
      if (no !== 1 || wire !== LEN) return r.skipType(wire);
      const p = point(endOf(r), span.no);
      if (!counted) {
        const value = p.value ?? p.asInt ?? Number.NaN;
        push(labelsOf(base.labels, tables[0]!, name, p), name, p, value, delta);
        return;
      }
      push(labelsOf(base.labels, tables[0]!, names[0]!, p), names[0]!, p, p.count ?? 0, delta);
      if (p.sum !== undefined)
        push(labelsOf(base.labels, tables[1]!, names[1]!, p), names[1]!, p, p.sum, delta);
      const buckets =
        span.no === EXPONENTIAL_HISTOGRAM
          ? exponentialBuckets(p.exponential ?? emptyExponentialPoint())
          : cumulativeBuckets(p.buckets, p.bounds);
      for (const [le, n] of buckets)
        push(labelsOf(base.labels, tables[2]!, names[2]!, p, le), names[2]!, p, n, delta);
    });
  };

  /** Points of a data field, not read (a metric without a name: they are dropped). */
  const pointsIn = (span: Span) => {
    let n = 0;
    r.pos = span.start;
    fields(r, span.end, (no, wire) => {
      if (no === 1 && wire === LEN) n++;
      r.skipType(wire);
    });
    return n;
  };

  const metric = (base: Base, end: number) => {
    let name = "";
    const spans: Span[] = [];
    fields(r, end, (no, wire) => {
      if (no === 1 && wire === LEN) name = r.string();
      else if (ATTRIBUTES_NO[no] !== undefined && wire === LEN) spans.push(spanOf(r, no));
      else r.skipType(wire);
    });
    if (!name) for (const span of spans) outcome.rejectedDataPoints += pointsIn(span);
    else for (const span of spans) data(base, name, span);
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
    const labels = resourceLabels(
      attributesObject(
        resource && decodeResourceAttributes(body.subarray(resource.start, resource.end)),
      ),
      source,
    );
    const base: Base = { labels, key: labelsKeyOf(labels) };
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

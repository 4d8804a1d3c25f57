import { leOf } from "./otlp-metrics-outcome.ts";

/*
 * An OTLP exponential histogram point as cumulative `_bucket{le}` series, the shape
 * histogram_quantile and the metrics explorer read. At scale s, positive bucket i holds values in
 * (base^i, base^(i+1)] with base = 2^(2^-s); negative bucket i holds (-base^(i+1), -base^i]
 * mirrored. Senders pick fine scales (the JS SDK starts at 20 and lowers it only as the range
 * grows), which would make up to 160 series a point whose bounds move as the scale changes.
 * Buckets are merged down to scale 0 (bounds at powers of two: fixed, so a series keeps its `le`
 * from one export to the next), and further when they would still span more than MAX_BUCKETS.
 * Merging is exact: bucket i at scale s lies within bucket i >> 1 at scale s - 1.
 */

export interface ExponentialBuckets {
  offset: number;
  counts: number[];
}

export interface ExponentialPoint {
  scale: number;
  zeroCount: number;
  /** Values within ±zeroThreshold are counted in zeroCount; 0 when unset. */
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
}

/** A point without any of its bucket fields yet (proto3 leaves zeros out): all in +Inf. */
export function emptyExponentialPoint(): ExponentialPoint {
  return {
    scale: 0,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset: 0, counts: [] },
    negative: { offset: 0, counts: [] },
  };
}

/** Most `le` series a point gives (besides the zero bucket and +Inf). */
export const MAX_BUCKETS = 64;
/** The finest scale kept: bounds at powers of two. */
const TARGET_SCALE = 0;

/** Count per bucket index at a coarser scale (`shift` halvings), non-empty only. */
function merged(buckets: ExponentialBuckets, shift: number): Map<number, number> {
  const byIndex = new Map<number, number>();
  for (const [k, n] of buckets.counts.entries()) {
    if (!(n > 0)) continue;
    // An arithmetic shift floors negative indexes too, as merging requires.
    const index = (buckets.offset + k) >> shift;
    byIndex.set(index, (byIndex.get(index) ?? 0) + n);
  }
  return byIndex;
}

function span(indexes: Iterable<number>): number {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const i of indexes) {
    low = Math.min(low, i);
    high = Math.max(high, i);
  }
  return high >= low ? high - low + 1 : 0;
}

/**
 * [le, values at most le] from the lowest bound up, ending with "+Inf" and the point's total
 * count. Every bound between the lowest and highest non-empty bucket is listed (an empty one
 * repeats the count below it), so series do not come and go with the values that fill them.
 */
export function exponentialBuckets(point: ExponentialPoint): Array<[string, number]> {
  let scale = Math.min(point.scale, TARGET_SCALE);
  let shift = point.scale - scale;
  let positive = merged(point.positive, shift);
  let negative = merged(point.negative, shift);
  while (span(positive.keys()) + span(negative.keys()) > MAX_BUCKETS) {
    scale -= 1;
    shift += 1;
    positive = merged(point.positive, shift);
    negative = merged(point.negative, shift);
  }
  // The upper bound of bucket i: base^(i+1) = 2^((i+1) · 2^-scale).
  const bound = (i: number) => 2 ** ((i + 1) * 2 ** -scale);
  const out: Array<[string, number]> = [];
  let total = 0;
  const run = (
    byIndex: Map<number, number>,
    from: number,
    to: number,
    step: number,
    le: (i: number) => number,
  ) => {
    for (let i = from; step > 0 ? i <= to : i >= to; i += step) {
      total += byIndex.get(i) ?? 0;
      out.push([leOf(le(i)), total]);
    }
  };
  if (negative.size > 0) {
    // Most negative first: bucket i ends (towards zero) at -base^i.
    const keys = [...negative.keys()];
    run(negative, Math.max(...keys), Math.min(...keys), -1, (i) => -(2 ** (i * 2 ** -scale)));
  }
  if (point.zeroCount > 0 || negative.size > 0) {
    total += point.zeroCount;
    out.push([leOf(Math.max(point.zeroThreshold, 0)), total]);
  }
  if (positive.size > 0) {
    const keys = [...positive.keys()];
    run(positive, Math.min(...keys), Math.max(...keys), 1, bound);
  }
  out.push(["+Inf", total]);
  return out;
}

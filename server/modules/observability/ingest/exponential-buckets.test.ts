import { describe, expect, it } from "vitest";
import { exponentialBuckets, MAX_BUCKETS } from "./exponential-buckets.ts";

const none = { offset: 0, counts: [] };

describe("exponential histogram buckets as cumulative le series", () => {
  it("merges a fine scale down to powers of two, exactly", () => {
    // Scale 3: eight buckets a doubling; indexes 8..15 are (2, 4], 16 is (4, 4·2^(1/8)].
    const buckets = exponentialBuckets({
      scale: 3,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 8, counts: [1, 0, 2, 0, 0, 0, 0, 1, 4] },
      negative: none,
    });
    expect(buckets).toEqual([
      ["4", 4],
      ["8", 8],
      ["+Inf", 8],
    ]);
  });

  it("keeps a coarser scale than powers of two as it is", () => {
    // Scale -1: base 4; bucket 0 is (1, 4], bucket 1 is (4, 16].
    const buckets = exponentialBuckets({
      scale: -1,
      zeroCount: 2,
      zeroThreshold: 0,
      positive: { offset: 0, counts: [1, 3] },
      negative: none,
    });
    expect(buckets).toEqual([
      ["0", 2],
      ["4", 3],
      ["16", 6],
      ["+Inf", 6],
    ]);
  });

  it("lists negative buckets from the most negative, then the zero bucket", () => {
    const buckets = exponentialBuckets({
      scale: 0,
      zeroCount: 1,
      zeroThreshold: 0,
      // Bucket 2 is [-8, -4), bucket 0 is [-2, -1).
      negative: { offset: 0, counts: [1, 0, 2] },
      positive: none,
    });
    expect(buckets).toEqual([
      ["-4", 2],
      ["-2", 2],
      ["-1", 3],
      ["0", 4],
      ["+Inf", 4],
    ]);
  });

  it("merges further when the values span more bounds than a point may have", () => {
    const counts = new Array(200).fill(0);
    counts[0] = 1;
    counts[199] = 1;
    const buckets = exponentialBuckets({
      scale: 0,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: -100, counts },
      negative: none,
    });
    expect(buckets.length).toBeLessThanOrEqual(MAX_BUCKETS + 1);
    expect(buckets.at(-1)).toEqual(["+Inf", 2]);
    // Every bound still a power of two, each holding what lies below it.
    for (const [le] of buckets.slice(0, -1))
      expect(Number.isInteger(Math.log2(Number(le)))).toBe(true);
    expect(buckets[0]![1]).toBe(1);
  });

  it("gives only +Inf for a point without buckets", () => {
    expect(
      exponentialBuckets({
        scale: 20,
        zeroCount: 0,
        zeroThreshold: 0,
        positive: none,
        negative: none,
      }),
    ).toEqual([["+Inf", 0]]);
  });
});

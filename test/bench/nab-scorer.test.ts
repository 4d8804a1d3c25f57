import { describe, expect, it } from "vitest";
import {
  NAB_PROFILES,
  prepareCorpus,
  probationLength,
  type ScoredFile,
  scaledSigmoid,
  scoreAtThreshold,
  scoreCorpus,
} from "../../bench/observability/nab-scorer.ts";

// 20 rows one second apart, one window over rows 10..13 (4 rows wide); probation is rows 0..2.
const times = Array.from({ length: 20 }, (_, i) => i * 1000);
const window: [number, number] = [10_000, 13_000];

function fileWith(scoreAt: Record<number, number>): ScoredFile {
  return { name: "hand", times, scores: times.map((_, i) => scoreAt[i] ?? 0), windows: [window] };
}

describe("NAB scorer", () => {
  it("follows the paper's scaled sigmoid: 0.98661 at the left edge, 0 at the right", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it("keeps 15 % of a file, at most 750 rows, as probation", () => {
    expect(probationLength(20)).toBe(3);
    expect(probationLength(4032)).toBe(604);
    expect(probationLength(10_000)).toBe(750);
  });

  it("scores the null detector (a constant) 0 on every profile", () => {
    // Long enough that flagging every row costs more than the one window earns.
    const long = Array.from({ length: 400 }, (_, i) => i * 1000);
    const constant: ScoredFile = {
      name: "null",
      times: long,
      scores: long.map(() => 0.5),
      windows: [[200_000, 203_000]],
    };
    for (const result of Object.values(scoreCorpus([constant]))) {
      expect(result.score).toBe(0);
      expect(result.fn).toBe(1);
    }
  });

  it("scores a detection at the first row of every window, and nothing else, 100", () => {
    const other: ScoredFile = {
      name: "two windows",
      times,
      scores: times.map((_, i) => (i === 5 || i === 15 ? 1 : 0)),
      windows: [
        [5000, 7000],
        [15_000, 18_000],
      ],
    };
    const results = scoreCorpus([fileWith({ 10: 1 }), other]);
    for (const result of Object.values(results)) {
      expect(result.score).toBeCloseTo(100, 10);
      expect(result).toMatchObject({ tp: 3, fp: 0, fn: 0 });
    }
  });

  it("matches a hand-computed case: a late detection beats a costly early false positive", () => {
    // Row 12 sits halfway into the window (y = −(13 − 12 + 1)/4 = −0.5): reward
    // σ(−0.5)/σ(−1) = 0.848283/0.986614 = 0.859792. Row 16 is one window width past its right
    // edge (y = (16 − 13)/(4 − 1) = 1): cost A_FP · 0.986614. Row 5 precedes every window: A_FP.
    const results = scoreCorpus([fileWith({ 12: 0.9, 16: 0.95, 5: 0.7 })]);
    // Standard: threshold 0.95 → −1 − 0.108528 (worse than null); 0.9 → 0.859792 − 0.108528 =
    // 0.751264; 0.7 adds −0.11. Normalised: 100 · (0.751264 + 1) / (1 + 1) = 87.5632.
    expect(results.standard!.threshold).toBe(0.9);
    expect(results.standard!.score).toBeCloseTo(87.5632, 3);
    // Low FP: A_FP = 0.22 → 0.859792 − 0.217055 = 0.642737 → 82.1368.
    expect(results.reward_low_FP_rate!.score).toBeCloseTo(82.1368, 3);
    // Low FN: A_FN = 2, null −2, perfect 1 → 100 · (0.751264 + 2) / 3 = 91.7088.
    expect(results.reward_low_FN_rate!.score).toBeCloseTo(91.7088, 3);
  });

  it("scores a threshold chosen elsewhere: every row at or above it is a detection", () => {
    // The hand-computed case above, at thresholds it would not choose for itself.
    const corpus = prepareCorpus([fileWith({ 12: 0.9, 16: 0.95, 5: 0.7 })]);
    const standard = NAB_PROFILES.standard!;
    // 0.95: only the false positive at row 16 → (−1 − 0.108528 + 1) / 2.
    expect(scoreAtThreshold(corpus, standard, 0.95).score).toBeCloseTo(-5.4264, 3);
    // 0.8 sits between scores: rows 12 and 16, as at 0.9.
    expect(scoreAtThreshold(corpus, standard, 0.8).score).toBeCloseTo(87.5632, 3);
    // 0.5: row 5 too, −0.11 → 100 · (0.641264 + 1) / 2.
    const low = scoreAtThreshold(corpus, standard, 0.5);
    expect(low.score).toBeCloseTo(82.0632, 3);
    expect(low.threshold).toBe(0.5);
    expect([low.tp, low.fp, low.fn]).toEqual([1, 2, 0]);
    // Above every score: the null detector.
    expect(scoreAtThreshold(corpus, standard, 2).score).toBe(0);
  });

  it("counts only a window's earliest detection and ignores windows inside probation", () => {
    const early: ScoredFile = {
      name: "probation window",
      times,
      scores: times.map(() => 0),
      windows: [[0, 2000]],
    };
    const results = scoreCorpus([fileWith({ 10: 1, 11: 1, 12: 1, 13: 1 }), early], {
      standard: NAB_PROFILES.standard!,
    });
    expect(results.standard!.score).toBeCloseTo(100, 10);
  });
});

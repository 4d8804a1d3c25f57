import { describe, expect, it } from "vitest";
import {
  NAB_PROFILES,
  prepareCorpus,
  type ScoredFile,
  scoreAtThreshold,
  type ThresholdResult,
} from "../../bench/observability/nab-scorer.ts";
import { type ScoredDirectory, unseenLines } from "../../bench/observability/nab-unseen.ts";

// 400 rows one second apart, one window over rows 200..239; the detector scores 0 elsewhere.
const times = Array.from({ length: 400 }, (_, i) => i * 1000);
function fileWith(name: string, inWindow: number): ScoredFile {
  return {
    name,
    times,
    scores: times.map((_, i) => (i === 205 ? inWindow : 0)),
    windows: [[200_000, 239_000]],
  };
}

/** Every profile's result at one threshold, as if chosen on other data. */
function chosenAt(threshold: number): Record<string, ThresholdResult> {
  const corpus = prepareCorpus([fileWith("other/z.csv", 1)]);
  return Object.fromEntries(
    Object.entries(NAB_PROFILES).map(([name, profile]) => [
      name,
      scoreAtThreshold(corpus, profile, threshold),
    ]),
  );
}

const unseen: ScoredDirectory = {
  // One window found at 0.9, one only at 0.3: a threshold of 0.5 misses the second.
  files: [fileWith("groupOne/x.csv", 0.9), fileWith("groupTwo/y.csv", 0.3)],
  points: 800,
  engineMs: 0,
  engineCpuMs: 0,
  missing: ["groupTwo/absent.csv"],
};

const scoreIn = (line: string) => Number(line.trim().split(/\s+/).at(-6));
const thresholdIn = (line: string) => line.trim().split(/\s+/).at(-5);

describe("NAB bench: the unseen group", () => {
  it("scores unseen files at the provided data's threshold, not only at their own", () => {
    const lines = unseenLines(unseen, chosenAt(0.5), chosenAt(0.6));
    const own = lines.find((l) => l.includes("C (unseen) (2)"))!;
    const carried = lines.find((l) => l.includes("C at provided threshold"))!;
    expect(thresholdIn(carried)).toBe("@0.500");
    expect(scoreIn(own)).toBeGreaterThan(scoreIn(carried));
    expect(lines.find((l) => l.includes("C at A's threshold"))).toContain("@0.600");
    expect(lines.some((l) => l.includes("C groupOne (1)"))).toBe(true);
  });

  it("says how many labelled files were missing from the directory", () => {
    expect(unseenLines(unseen, chosenAt(0.5), {})[0]).toContain(
      "1 labelled files not in the directory, skipped",
    );
  });
});

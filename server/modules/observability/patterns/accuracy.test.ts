import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { groupingAccuracy } from "./accuracy.ts";
import { TemplateMiner } from "./miner.ts";

const FIXTURES = new URL("../../../../test/fixtures/loghub/", import.meta.url);

function sample(system: string): { contents: string[]; truth: string[] } {
  const text = readFileSync(new URL(`${system}_sample.csv`, FIXTURES), "utf8");
  const rows = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
  }).data;
  return {
    contents: rows.map((row) => row.Content ?? ""),
    truth: rows.map((row) => row.EventTemplate ?? ""),
  };
}

function mined(contents: string[]): string[] {
  const miner = new TemplateMiner();
  for (const line of contents) miner.add(line);
  return contents.map((line) => miner.match(line)?.templateId ?? "");
}

describe("grouping accuracy (Zhu et al. 2019)", () => {
  it("counts a message only when its predicted group is exactly its true group", () => {
    const truth = ["A", "A", "B", "B", "C"];
    expect(groupingAccuracy(["1", "1", "2", "2", "3"], truth)).toBe(1);
    // Same partition under other names is still right.
    expect(groupingAccuracy(["x", "x", "y", "y", "z"], truth)).toBe(1);
    // B split in two: its 2 messages are wrong, A and C right.
    expect(groupingAccuracy(["1", "1", "2", "4", "3"], truth)).toBe(3 / 5);
    // B and C merged: 3 wrong.
    expect(groupingAccuracy(["1", "1", "2", "2", "2"], truth)).toBe(2 / 5);
    expect(() => groupingAccuracy(["1"], truth)).toThrow(/1 predictions for 5/);
  });
});

describe("the miner on Loghub samples (100 lines each, one generic configuration)", () => {
  it.each([
    ["BGL", 0.9],
    ["OpenStack", 0.9],
  ])("%s grouping accuracy stays above %s", (system, floor) => {
    const { contents, truth } = sample(system);
    const ga = groupingAccuracy(mined(contents), truth);
    expect(ga).toBeGreaterThanOrEqual(floor);
    // The floor means something: one template per line, or one for all, falls well short.
    expect(groupingAccuracy(contents, truth)).toBeLessThan(floor);
    expect(
      groupingAccuracy(
        contents.map(() => "all"),
        truth,
      ),
    ).toBeLessThan(floor);
  });
});

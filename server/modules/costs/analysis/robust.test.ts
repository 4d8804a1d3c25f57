import { describe, expect, it } from "vitest";
import { dayNumber } from "./daily-series.ts";
import { cleanOutliers } from "./robust.ts";
import { syntheticSeries, WORKWEEK } from "./synthetic.fixture.ts";

const START = "2024-01-01";
const valuesOf = (spec: Parameters<typeof syntheticSeries>[0]) =>
  syntheticSeries(spec).map((point) => point.value);

describe("cleanOutliers", () => {
  it("replaces a one-off day by what its neighbours suggest, at the start as in the middle", () => {
    const values = valuesOf({
      start: START,
      days: 20,
      level: 100,
      noise: 0.03,
      spikes: { 0: 900, 12: 400 },
    });
    const cleaned = cleanOutliers(values, dayNumber(START));
    expect(cleaned.outliers).toEqual([0, 12]);
    expect(cleaned.values[0]).toBeGreaterThan(90);
    expect(cleaned.values[0]).toBeLessThan(110);
    expect(cleaned.values[12]).toBeLessThan(110);
    expect(cleaned.values[5]).toBe(values[5]);
  });

  it("keeps a level shift, even one only two days old", () => {
    const values = valuesOf({
      start: START,
      days: 20,
      level: 100,
      noise: 0.02,
      shift: { at: 18, factor: 1.6 },
    });
    expect(cleanOutliers(values, dayNumber(START)).outliers).toEqual([]);
  });

  it("keeps weekends once there are weeks enough to see them", () => {
    const values = valuesOf({ start: START, days: 21, level: 100, weekly: WORKWEEK, noise: 0.03 });
    expect(cleanOutliers(values, dayNumber(START)).outliers).toEqual([]);
  });

  it("leaves intermittent series alone: their bursts are their usage", () => {
    const values = [0, 0, 12, 0, 0, 0, 15, 0, 0, 11, 0, 0, 0, 14];
    expect(cleanOutliers(values, dayNumber(START)).outliers).toEqual([]);
  });
});

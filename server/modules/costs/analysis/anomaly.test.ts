import { describe, expect, it } from "vitest";
import { detectAnomalies, explainAnomaly } from "./anomaly.ts";
import { type DailyPoint, dateOfDay, dayNumber } from "./daily-series.ts";
import { syntheticSeries, WORKWEEK } from "./synthetic.fixture.ts";

const START = "2024-01-01";
const dayIndex = (date: string) => dayNumber(date) - dayNumber(START);
const flaggedDays = (series: DailyPoint[], options = {}) =>
  detectAnomalies(series, options).map((anomaly) => dayIndex(anomaly.date));

describe("detectAnomalies", () => {
  it("flags injected spikes and a drop on their days, and not the weekends", () => {
    const series = syntheticSeries({
      start: START,
      days: 90,
      level: 100,
      weekly: WORKWEEK,
      noise: 0.05,
      spikes: { 30: 150, 45: -60, 52: 80, 76: 60 },
      seed: 3,
    });
    const days = flaggedDays(series);
    expect(days).toEqual(expect.arrayContaining([30, 45, 52, 76]));
    expect(days.filter((day) => ![30, 45, 52, 76].includes(day)).length).toBeLessThanOrEqual(1);
  });

  it("stays quiet on noisy series without anomalies (under 1 % of days)", () => {
    let flagged = 0;
    let judged = 0;
    for (let seed = 1; seed <= 20; seed++) {
      for (const spec of [
        { noise: 0.2 },
        { noise: 0.1, weekly: WORKWEEK },
        { noise: 0.05, slope: 1 },
      ]) {
        flagged += detectAnomalies(
          syntheticSeries({ start: START, days: 90, level: 100, seed, ...spec }),
        ).length;
        judged += 90 - 14;
      }
    }
    expect(flagged / judged).toBeLessThan(0.01);
  });

  it("flags the first day of a level shift, then learns the new level within a week", () => {
    const series = syntheticSeries({
      start: START,
      days: 80,
      level: 100,
      noise: 0.03,
      shift: { at: 50, factor: 1.6 },
      seed: 9,
    });
    const days = flaggedDays(series);
    expect(days[0]).toBe(50);
    expect(days.every((day) => day >= 50 && day < 57)).toBe(true);
  });

  it("rates a doubled day high, a 60 % bump medium and a 30 % bump low", () => {
    const series = syntheticSeries({
      start: START,
      days: 40,
      level: 100,
      noise: 0.02,
      spikes: { 20: 100, 30: 30, 35: 60 },
      seed: 1,
    });
    const anomalies = detectAnomalies(series);
    expect(anomalies.map((a) => [dayIndex(a.date), a.severity])).toEqual([
      [20, "high"],
      [30, "low"],
      [35, "medium"],
    ]);
    const spike = anomalies[0]!;
    expect(spike.deviation).toBeCloseTo(spike.actual - spike.expected, 9);
    expect(spike.expected).toBeGreaterThan(95);
    expect(spike.expected).toBeLessThan(105);
    expect(spike.actual).toBeGreaterThan(spike.upper);
    expect(spike.score).toBeGreaterThan(10);
  });

  it("ignores cents: a weekend going from $0.02 to $0.10 on a $5 a day service", () => {
    const series = syntheticSeries({
      start: START,
      days: 40,
      level: 5,
      weekly: [0.004, 1, 1, 1, 1, 1, 0.004],
      noise: 0.002,
      seed: 2,
    });
    const sunday = series.findIndex((p, i) => i > 28 && new Date(p.date).getUTCDay() === 0);
    series[sunday] = { ...series[sunday]!, value: 0.1 };
    expect(detectAnomalies(series, { minImpact: 0 })).toEqual([]);
  });

  it("ignores a jump of cents on a series of cents unless minImpact allows it", () => {
    const series = syntheticSeries({
      start: START,
      days: 30,
      level: 0.02,
      noise: 0.05,
      spikes: { 25: 0.08 },
      seed: 4,
    });
    expect(detectAnomalies(series)).toEqual([]);
    expect(flaggedDays(series, { minImpact: 0 })).toEqual([25]);
  });

  it("says nothing about a new series before it has minHistory days", () => {
    const zeros = Array.from({ length: 40 }, (_, i) => ({
      date: dateOfDay(dayNumber(START) + i),
      value: 0,
    }));
    const fresh = syntheticSeries({
      start: "2024-02-10",
      days: 30,
      level: 50,
      noise: 0.02,
      spikes: { 5: 200, 20: 200 },
      seed: 5,
    });
    const days = flaggedDays([...zeros, ...fresh]);
    expect(days).toEqual([40 + 20]);
    expect(flaggedDays([...zeros, ...fresh], { minHistory: 3 })).toEqual([45, 60]);
  });

  it("judges each day on earlier days only: what follows changes no verdict", () => {
    const series = syntheticSeries({
      start: START,
      days: 60,
      level: 100,
      weekly: WORKWEEK,
      noise: 0.08,
      spikes: { 35: 90, 50: 120 },
      seed: 6,
    });
    const full = detectAnomalies(series);
    expect(full.map((a) => dayIndex(a.date))).toEqual([35, 50]);
    for (let day = 14; day < 60; day++) {
      const asOfThatDay = detectAnomalies(series.slice(0, day + 1)).filter(
        (a) => dayIndex(a.date) === day,
      );
      expect(asOfThatDay).toEqual(full.filter((a) => dayIndex(a.date) === day));
    }
  });

  it("flags more with a higher sensitivity", () => {
    const series = syntheticSeries({
      start: START,
      days: 60,
      level: 100,
      noise: 0.1,
      spikes: { 30: 25, 40: 35, 50: 60 },
      seed: 8,
    });
    const relaxed = detectAnomalies(series, { sensitivity: 0.5 }).length;
    const normal = detectAnomalies(series).length;
    const keen = detectAnomalies(series, { sensitivity: 2 }).length;
    expect(relaxed).toBeLessThan(normal);
    expect(normal).toBeLessThan(keen);
    expect(() => detectAnomalies(series, { sensitivity: 0 })).toThrow(RangeError);
  });
});

describe("explainAnomaly", () => {
  const child = (key: string, level: number, spikes: Record<number, number> = {}, seed = 1) => ({
    key,
    series: syntheticSeries({
      start: START,
      days: 45,
      level,
      weekly: WORKWEEK,
      noise: 0.05,
      spikes,
      seed,
    }),
  });

  it("names the service that drove a day's spike, with most of the deviation", () => {
    const children = [
      child("AmazonEC2", 300, {}, 1),
      child("AmazonS3", 40, { 40: 250 }, 2),
      child("AWSLambda", 15, {}, 3),
    ];
    const contributors = explainAnomaly(children, dateOfDay(dayNumber(START) + 40));
    expect(contributors.map((c) => c.key)[0]).toBe("AmazonS3");
    expect(contributors[0]!.deviation).toBeGreaterThan(200);
    expect(contributors[0]!.share).toBeGreaterThan(0.8);
    expect(contributors.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 9);
  });

  it("counts a child that first appears that day as new cost, and a missing one as zero", () => {
    const children = [
      child("AmazonEC2", 100),
      { key: "AmazonSageMaker", series: [{ date: "2024-02-05", value: 400 }] },
      {
        key: "AmazonRDS",
        series: syntheticSeries({ start: START, days: 35, level: 30, noise: 0.01 }),
      },
    ];
    const [first, second] = explainAnomaly(children, "2024-02-05");
    expect(first).toMatchObject({
      key: "AmazonSageMaker",
      actual: 400,
      expected: 0,
      deviation: 400,
    });
    expect(second!.key).toBe("AmazonRDS");
    expect(second!.actual).toBe(0);
    expect(second!.expected).toBeGreaterThan(25);
  });
});

import { describe, expect, it } from "vitest";
import { seededRandom } from "../../costs/analysis/seeded-random.ts";
import { AnomalyEngine, scoreSeries } from "./anomaly-engine.ts";
import { DAY_MS, dominantCycle, WEEK_MS } from "./seasonality.ts";

const START = Date.UTC(2026, 2, 2);
const STEP = 10 * 60_000; // 144 points a day

/** A daily cycle (peak in the afternoon) with Gaussian-ish noise, `days` long. */
function dailySeries(days: number, seed = 7, edit?: (i: number, value: number) => number) {
  const random = seededRandom(seed);
  return Array.from({ length: days * 144 }, (_, i) => {
    const cycle = 100 + 40 * Math.sin((2 * Math.PI * (i % 144)) / 144);
    const noise = (random() + random() + random() - 1.5) * 4;
    const value = cycle + noise;
    return { timestamp: START + i * STEP, value: edit ? edit(i, value) : value };
  });
}

const itemsFrom = <T>(items: T[], from: number, skip: Set<number> = new Set()) =>
  items.filter((_, i) => i >= from && !skip.has(i));

describe("anomaly engine", () => {
  it("scores an injected spike on a seasonal series high and the ordinary points low", () => {
    const spike = 8 * 144 + 30;
    const verdicts = scoreSeries(dailySeries(10, 7, (i, v) => (i === spike ? v + 45 : v)));
    expect(verdicts[spike]!.score).toBeGreaterThan(0.9);
    expect(verdicts[spike]!.value).toBeGreaterThan(verdicts[spike]!.upper);
    const others = itemsFrom(verdicts, 144, new Set([spike])).map((v) => v.score);
    expect(Math.max(...others)).toBeLessThan(0.5);
  });

  it("sees a broken daily shape that a point-to-point view would miss", () => {
    // On day 9 the afternoon peak stays flat at the morning's level for three hours: each
    // point is close to the one before it, only the daily cycle says it is wrong.
    const from = 9 * 144 + 30;
    const to = from + 18;
    const series = dailySeries(10, 11, (i, v) =>
      i >= from && i < to ? 100 + (v - Math.round(v)) : v,
    );
    const verdicts = scoreSeries(series);
    const flat = verdicts.slice(from, to);
    expect(Math.max(...flat.map((v) => v.score))).toBeGreaterThan(0.7);
    expect(flat.some((v) => v.periodMs === DAY_MS && v.score > 0.5)).toBe(true);
    const before = verdicts.slice(144 * 3, from).map((v) => v.score);
    expect(Math.max(...before)).toBeLessThan(0.5);
  });

  it("does not flag a step that comes at the same time every day; flags one at an odd hour", () => {
    // Business hours: 20 by night, 70 from 08:00 to 18:00, small noise. Persistence (the
    // plain model) is surprised at every step, the daily model expects them.
    const random = seededRandom(5);
    const odd = 9 * 144 + 24; // 04:00 on day 9, at the day level: the building wakes early
    const series = Array.from({ length: 10 * 144 }, (_, i) => {
      const hour = (i % 144) / 6;
      const level = (hour >= 8 && hour < 18) || (i >= odd && i < odd + 6) ? 70 : 20;
      return { timestamp: START + i * STEP, value: level + (random() - 0.5) * 2 };
    });
    const verdicts = scoreSeries(series);
    const ordinary = itemsFrom(verdicts.slice(0, odd), 3 * 144).map((v) => v.score);
    expect(Math.max(...ordinary)).toBeLessThan(0.5);
    expect(verdicts[odd]!.score).toBeGreaterThan(0.9);
  });

  it("reports a level shift when it starts, then takes the new level as normal", () => {
    const random = seededRandom(3);
    const shift = 1500;
    const series = Array.from({ length: 3000 }, (_, i) => ({
      timestamp: START + i * 60_000,
      value: (i < shift ? 100 : 150) + (random() - 0.5) * 4,
    }));
    const verdicts = scoreSeries(series);
    const atShift = verdicts.slice(shift, shift + 5);
    expect(Math.max(...atShift.map((v) => v.score))).toBeGreaterThan(0.9);
    expect(atShift[0]!.deviation).toBeGreaterThan(40);
    // Within a few points the forecast follows the new level, and the scores settle.
    const settled = verdicts.slice(shift + 20);
    expect(Math.max(...settled.map((v) => v.score))).toBeLessThan(0.5);
    expect(Math.abs(settled[0]!.expected - 150)).toBeLessThan(3);
    expect(
      Math.max(
        ...itemsFrom(verdicts, 100)
          .slice(0, shift - 100)
          .map((v) => v.score),
      ),
    ).toBeLessThan(0.5);
  });

  it("explains every point: expected value, band, deviation and z-score; silent while warming up", () => {
    const engine = new AnomalyEngine({ warmup: 32 });
    const verdicts = dailySeries(3).map((p) => engine.update(p.timestamp, p.value));
    expect(verdicts.slice(0, 32).every((v) => v.isWarmingUp && v.score === 0)).toBe(true);
    for (const v of verdicts.slice(64)) {
      expect(v.isWarmingUp).toBe(false);
      expect(v.lower).toBeLessThan(v.expected);
      expect(v.upper).toBeGreaterThan(v.expected);
      expect(v.deviation).toBeCloseTo(v.value - v.expected, 9);
      expect(Math.sign(v.zScore)).toBe(Math.sign(v.deviation));
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThanOrEqual(1);
    }
  });

  it("scores a point past the band by how rare it is for this series: less on heavy tails", () => {
    // Two flat series, one with Gaussian-like noise, one whose noise has a heavy (Pareto) tail;
    // in each, point 3000 lands at twice its own band's half-width from the forecast.
    const at = 3000;
    const noises = {
      gaussian: (r: () => number) => (r() + r() + r() + r() - 2) * 3,
      heavy: (r: () => number) => (r() < 0.5 ? -1 : 1) * (r() ** -0.5 - 1),
    };
    const scores = Object.values(noises).map((noise) => {
      const random = seededRandom(9);
      const series = Array.from({ length: at + 1 }, (_, i) => ({
        timestamp: START + i * 60_000,
        value: 100 + noise(random),
      }));
      // The forecast and band for a point come from the points before it only.
      const band = scoreSeries(series)[at]!;
      series[at]!.value = band.expected + 2 * (band.upper - band.expected);
      return scoreSeries(series)[at]!.score;
    });
    const [gaussian, heavy] = scores as [number, number];
    expect(heavy).toBeGreaterThan(0.5);
    expect(gaussian).toBeGreaterThan(heavy + 0.1);
  });

  it("judges a daily cost series by its weekly rhythm: a weekday spike, not every weekend", () => {
    // What costs would send: one point a day, weekends at 40 % of weekdays, a spike on day 75.
    const random = seededRandom(21);
    const spike = 75;
    const days = Array.from({ length: 90 }, (_, d) => {
      const weekday = new Date(START + d * DAY_MS).getUTCDay();
      const usual = weekday === 0 || weekday === 6 ? 40 : 100;
      return {
        timestamp: START + d * DAY_MS,
        value: usual + (random() - 0.5) * 6 + (d === spike ? 60 : 0),
      };
    });
    const verdicts = scoreSeries(days, { warmup: 14 });
    expect(verdicts[spike]!.score).toBeGreaterThan(0.9);
    expect(verdicts[spike]!.periodMs).toBe(7 * DAY_MS);
    // From the third week on, weekends are expected, not anomalies.
    const ordinary = verdicts.slice(21).filter((_, i) => i + 21 !== spike);
    expect(Math.max(...ordinary.map((v) => v.score))).toBeLessThan(0.5);
  });

  it("measures a spike against the worst of the last weeks: a smaller one soon after is not news", () => {
    // 5-minute points, flat with noise; a burst of +200 on day 3, bursts of +60 the next day
    // and eight weeks later (the record has halved four times by then).
    const perDay = 288;
    const big = 3 * perDay + 100;
    const soon = 4 * perDay + 100;
    const later = 60 * perDay + 100;
    const random = seededRandom(5);
    const series = (bursts: Map<number, number>) =>
      Array.from({ length: 61 * perDay }, (_, i) => ({
        timestamp: START + i * 5 * 60_000,
        value: 100 + (random() - 0.5) * 4 + (bursts.get(i) ?? 0),
      }));
    const verdicts = scoreSeries(
      series(
        new Map([
          [big, 200],
          [soon, 60],
          [later, 60],
        ]),
      ),
    );
    expect(verdicts[big]!.score).toBeGreaterThan(0.9);
    expect(verdicts[soon]!.score).toBeLessThan(0.5);
    // The band says the same: the smaller burst is inside it, wider than before the big one.
    expect(verdicts[soon]!.value).toBeLessThan(verdicts[soon]!.upper);
    expect(verdicts[soon]!.upper - verdicts[soon]!.expected).toBeGreaterThan(
      3 * (verdicts[big - 10]!.upper - verdicts[big - 10]!.expected),
    );
    expect(verdicts[later]!.score).toBeGreaterThan(0.9);
    // Without the big burst before it, the same +60 is news the next day too.
    expect(scoreSeries(series(new Map([[soon, 60]])))[soon]!.score).toBeGreaterThan(0.9);
    // ...and so it is after it with recordShare 0 (costs: every spike costs money).
    const bursts = new Map([
      [big, 200],
      [soon, 60],
    ]);
    expect(scoreSeries(series(bursts), { recordShare: 0 })[soon]!.score).toBeGreaterThan(0.9);
  });

  it("counts a level shift once on a weekly cycle: the forecast weeks later is the new level", () => {
    // Daily points, weekends at 40 %, everything +60 from day 50 (the models are additive).
    // When the weekly baselines reach the new level (two and three weeks on), the correction
    // that absorbed the shift must not be added on top of them.
    const random = seededRandom(9);
    const shift = 50;
    const weekly = [0.4, 1, 1, 1, 1, 1, 0.4];
    const levelOf = (day: number) => 100 * weekly[(day + 4) % 7]! + (day < shift ? 0 : 60);
    const series = Array.from({ length: 90 }, (_, day) => ({
      timestamp: day * DAY_MS,
      value: levelOf(day) + (random() - 0.5) * 6,
    }));
    const verdicts = scoreSeries(series, { warmup: 14, candidatePeriods: [WEEK_MS] });
    expect(verdicts[shift]!.deviation).toBeGreaterThan(40);
    for (let day = shift + 10; day < 90; day++) {
      expect(Math.abs(verdicts[day]!.expected - levelOf(day))).toBeLessThan(0.1 * levelOf(day));
    }
  });

  it("flags a burst of activity that no single point reveals, once: usual spikes, five times as often", () => {
    // Spikes of the usual size on 8 % of points, then on 45 % for half a day: every spike is
    // inside the band (the series has had hundreds like it) and the median forecast stays at
    // the base, but 24 points with that many above the usual 90th percentile are not chance.
    const random = seededRandom(2);
    const from = 2000;
    const to = from + 72;
    const series = Array.from({ length: 2400 }, (_, i) => {
      const share = i >= from && i < to ? 0.45 : 0.08;
      const value = 10 + random() + (random() < share ? 5 + 10 * random() : 0);
      return { timestamp: START + i * STEP, value };
    });
    const verdicts = scoreSeries(series);
    const first = verdicts.findIndex((v, i) => i >= from && v.score >= 0.5);
    expect(first).toBeGreaterThanOrEqual(from);
    expect(first).toBeLessThan(from + 24);
    const before = verdicts.slice(200, from).map((v) => v.score);
    expect(Math.max(...before)).toBeLessThan(0.5);
    // One alert for the run: its count keeps growing, which is not news again.
    expect(verdicts.slice(from).filter((v) => v.score >= 0.5)).toHaveLength(1);
  });

  it("keeps the band of a series that never went negative at or above zero", () => {
    // A burst widens the band on purpose; for a count it must not reach below zero.
    const burst = (i: number, v: number) => (i === 3 * 144 ? v * 8 : v);
    const counts = scoreSeries(dailySeries(5, 3, burst)).filter((v) => !v.isWarmingUp);
    expect(Math.min(...counts.map((v) => v.lower))).toBe(0);
    expect(counts.every((v) => v.expected >= 0)).toBe(true);
    // A series that has been below zero (a balance, a temperature) keeps its whole band.
    const shifted = scoreSeries(dailySeries(5, 3, (i, v) => burst(i, v) - 100));
    expect(Math.min(...shifted.map((v) => v.lower))).toBeLessThan(-100);
  });

  it("is deterministic: the same series gives the same verdicts", () => {
    const series = dailySeries(9, 5, (i, v) => (i === 1000 ? v * 2 : v));
    expect(scoreSeries(series)).toEqual(scoreSeries(series));
  });

  it("finds a cycle that is neither a day nor a week from autocorrelation", () => {
    const random = seededRandom(9);
    const values = Array.from(
      { length: 1200 },
      (_, i) => 10 * Math.sin((2 * Math.PI * i) / 42) + random(),
    );
    expect(dominantCycle(values)?.lag).toBe(42);
    // A random walk wanders but has no cycle.
    let level = 0;
    const walk = Array.from({ length: 1200 }, () => (level += random() - 0.5));
    expect(dominantCycle(walk)).toBeUndefined();
  });

  it("refuses points that go back in time and values that are not numbers", () => {
    const engine = new AnomalyEngine();
    engine.update(START, 1);
    expect(() => engine.update(START - 1, 1)).toThrow(/before the previous point/);
    expect(() => engine.update(START + 1, Number.NaN)).toThrow(/not a finite number/);
  });
});

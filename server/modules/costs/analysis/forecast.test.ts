import { describe, expect, it } from "vitest";
import { dateOfDay, dayNumber } from "./daily-series.ts";
import { type Forecast, forecastDaily } from "./forecast.ts";
import { type SyntheticSpec, syntheticSeries, WORKWEEK } from "./synthetic.fixture.ts";

const START = "2024-01-01";

/** Trains on the first `train` days of a synthetic series and forecasts the next `horizon`. */
function backtest(spec: Omit<SyntheticSpec, "start" | "days">, train: number, horizon: number) {
  const series = syntheticSeries({ ...spec, start: START, days: train + horizon });
  const until = dateOfDay(dayNumber(START) + train + horizon);
  const forecast = forecastDaily(series.slice(0, train), until);
  const actual = series.slice(train).map((point) => point.value);
  const total = actual.reduce((a, b) => a + b, 0);
  const mape =
    forecast.points.reduce((sum, p, i) => sum + Math.abs(p.value - actual[i]!) / actual[i]!, 0) /
    horizon;
  const covered = forecast.points.filter(
    (p, i) => actual[i]! >= p.lower && actual[i]! <= p.upper,
  ).length;
  const totalCovered = total >= forecast.totalLower && total <= forecast.totalUpper;
  return { forecast, actual, total, mape, covered, totalCovered };
}

/** Coverage of the 80 % intervals over many seeds of one kind of series. */
function coverage(spec: Omit<SyntheticSpec, "start" | "days" | "seed">, train: number) {
  let points = 0;
  let totals = 0;
  const runs = 40;
  for (let seed = 1; seed <= runs; seed++) {
    const run = backtest({ ...spec, seed }, train, 14);
    points += run.covered / 14;
    totals += run.totalCovered ? 1 : 0;
  }
  return { points: points / runs, totals: totals / runs };
}

const halfWidth = (f: Forecast) => f.totalUpper - f.total;

describe("forecastDaily", () => {
  it("forecasts a flat, noisy month within a few percent, its 80 % bands covering about 80 %", () => {
    const run = backtest({ level: 100, noise: 0.05, seed: 7 }, 21, 10);
    expect(run.forecast.points).toHaveLength(10);
    expect(run.forecast.points[0]!.date).toBe("2024-01-22");
    expect(run.mape).toBeLessThan(0.08);
    expect(Math.abs(run.forecast.total - run.total) / run.total).toBeLessThan(0.05);

    const { points, totals } = coverage({ level: 100, noise: 0.05 }, 21);
    expect(points).toBeGreaterThan(0.7);
    expect(points).toBeLessThan(0.92);
    expect(totals).toBeGreaterThan(0.65);
  });

  it("learns a weekly pattern from three weeks: weekends forecast low, weekdays high", () => {
    const run = backtest({ level: 100, weekly: WORKWEEK, noise: 0.05, seed: 3 }, 21, 14);
    expect(run.forecast.method).toMatch(/^ETS\(A,A?d?N?,A\)/);
    expect(run.mape).toBeLessThan(0.12);
    const saturday = run.forecast.points.find((p) => new Date(p.date).getUTCDay() === 6)!;
    const monday = run.forecast.points.find((p) => new Date(p.date).getUTCDay() === 1)!;
    expect(saturday.value).toBeLessThan(0.6 * monday.value);
    expect(coverage({ level: 100, weekly: WORKWEEK, noise: 0.05 }, 21).totals).toBeGreaterThan(0.7);
  });

  it("follows a growing series with a (damped) trend", () => {
    const run = backtest({ level: 100, slope: 2, noise: 0.03, seed: 5 }, 42, 14);
    expect(run.forecast.method).toMatch(/^ETS\(A,Ad,/);
    const values = run.forecast.points.map((p) => p.value);
    expect(values.at(-1)!).toBeGreaterThan(values[0]! + 5);
    expect(Math.abs(run.forecast.total - run.total) / run.total).toBeLessThan(0.06);
  });

  it("sets a one-off yearly fee on day 1 aside instead of forecasting it again", () => {
    const run = backtest({ level: 50, noise: 0.05, spikes: { 0: 1500 }, seed: 2 }, 14, 17);
    expect(run.forecast.method).toContain("one-off");
    expect(run.forecast.total).toBeGreaterThan(0.9 * 50 * 17);
    expect(run.forecast.total).toBeLessThan(1.1 * 50 * 17);
    expect(run.forecast.totalUpper).toBeLessThan(1.5 * 50 * 17);
  });

  it("keeps forecasting a charge that came back on the 1st of every month", () => {
    const history = syntheticSeries({
      start: "2024-01-01",
      days: 80,
      level: 20,
      noise: 0.05,
      spikes: { 0: 300, 31: 300, 60: 300 },
    });
    const forecast = forecastDaily(history, "2024-04-05");
    const first = forecast.points.find((p) => p.date === "2024-04-01")!;
    expect(forecast.method).toContain("monthly charge on day 1");
    expect(first.value).toBeGreaterThan(280);
    expect(forecast.points.find((p) => p.date === "2024-04-02")!.value).toBeLessThan(30);
  });

  it("forecasts a fee on the 1st of a series that costs nothing on other days", () => {
    // A commitment service: $100 on the 1st of each month and nothing else.
    const history = Array.from({ length: 88 }, (_, t) => {
      const date = new Date(Date.UTC(2026, 8, 1 + t)).toISOString().slice(0, 10);
      return { date, value: date.endsWith("-01") ? 100 : 0 };
    });
    const forecast = forecastDaily(history, "2027-01-01");
    expect(forecast.method).toContain("monthly charge on day 1");
    expect(forecast.points.find((p) => p.date === "2026-12-01")!.value).toBeCloseTo(100, 6);
    expect(forecast.points.find((p) => p.date === "2026-12-02")!.value).toBeCloseTo(0, 6);
    expect(forecast.total).toBeCloseTo(100, 6);
  });

  it("forecasts a monthly credit as it came: a dip on its day, the usual cost around it", () => {
    const history = syntheticSeries({ start: "2026-09-01", days: 88, level: 9, noise: 0.03 }).map(
      (p) => (p.date.endsWith("-01") ? { ...p, value: p.value - 7.77 } : p),
    );
    const forecast = forecastDaily(history, "2026-12-08");
    const first = forecast.points.find((p) => p.date === "2026-12-01")!;
    expect(forecast.method).toContain("monthly charge on day 1");
    expect(first.value).toBeGreaterThan(0.5);
    expect(first.value).toBeLessThan(2.5);
    expect(forecast.points.find((p) => p.date === "2026-12-02")!.value).toBeGreaterThan(8);
  });

  it("gives the total an interval of the sum, narrower than the sum of the days' intervals", () => {
    const { forecast } = backtest({ level: 100, noise: 0.1, seed: 4 }, 28, 14);
    const widths = forecast.points.map((p) => p.upper - p.value);
    const sumOfWidths = widths.reduce((a, b) => a + b, 0);
    const rootSumOfSquares = Math.sqrt(widths.reduce((a, b) => a + b * b, 0));
    expect(halfWidth(forecast)).toBeLessThan(0.8 * sumOfWidths);
    expect(halfWidth(forecast)).toBeGreaterThan(rootSumOfSquares);
  });

  it("widens the bands with the horizon and with the level", () => {
    const history = syntheticSeries({ start: START, days: 30, level: 100, noise: 0.1, slope: 0.5 });
    const at80 = forecastDaily(history, "2024-03-01");
    const at95 = forecastDaily(history, "2024-03-01", { level: 0.95 });
    const first = at80.points[0]!;
    const last = at80.points.at(-1)!;
    expect(last.upper - last.lower).toBeGreaterThan(first.upper - first.lower);
    expect(halfWidth(at95)).toBeGreaterThan(1.3 * halfWidth(at80));
    expect(at95.level).toBe(0.95);
  });

  it("gives short histories a forecast near their mean, with wider bands than long ones", () => {
    const short = forecastDaily(
      syntheticSeries({ start: START, days: 4, level: 10, noise: 0.1 }),
      "2024-01-15",
    );
    const long = forecastDaily(
      syntheticSeries({ start: START, days: 28, level: 10, noise: 0.1 }),
      "2024-02-08",
    );
    expect(short.points).toHaveLength(10);
    expect(short.total / 10).toBeGreaterThan(8);
    expect(short.total / 10).toBeLessThan(12);
    expect(halfWidth(short) / short.total).toBeGreaterThan(halfWidth(long) / long.total);
  });

  it("reads missing days as zeros", () => {
    const gappy = [
      { date: "2024-01-01", value: 10 },
      { date: "2024-01-03", value: 10 },
      { date: "2024-01-05", value: 10 },
    ];
    const filled = [10, 0, 10, 0, 10].map((value, i) => ({
      date: dateOfDay(dayNumber(START) + i),
      value,
    }));
    expect(forecastDaily(gappy, "2024-01-09")).toEqual(forecastDaily(filled, "2024-01-09"));
  });

  it("never forecasts a negative cost for a series without credits", () => {
    const falling = Array.from({ length: 21 }, (_, i) => ({
      date: dateOfDay(dayNumber(START) + i),
      value: Math.max(0, 100 - 6 * i),
    }));
    const forecast = forecastDaily(falling, "2024-02-15");
    for (const point of forecast.points) {
      expect(point.value).toBeGreaterThanOrEqual(0);
      expect(point.lower).toBeGreaterThanOrEqual(0);
    }
    expect(forecast.totalLower).toBeGreaterThanOrEqual(0);
  });

  it("forecasts credits (negative costs) as negative", () => {
    const credits = Array.from({ length: 10 }, (_, i) => ({
      date: dateOfDay(dayNumber(START) + i),
      value: -5 + 0.2 * Math.sin(i),
    }));
    const forecast = forecastDaily(credits, "2024-01-20");
    expect(forecast.total).toBeLessThan(-40);
    expect(forecast.points[0]!.upper).toBeLessThan(0);
  });

  it("forecasts zeros for a series that never cost anything, and nothing without history", () => {
    const zeros = forecastDaily(
      [
        { date: START, value: 0 },
        { date: "2024-01-05", value: 0 },
      ],
      "2024-01-10",
    );
    expect(zeros.points).toHaveLength(4);
    expect(zeros.points.every((p) => p.value === 0 && p.upper === 0)).toBe(true);
    expect(forecastDaily([], "2024-01-10").points).toEqual([]);
    expect(forecastDaily([{ date: "2024-01-12", value: 3 }], "2024-01-10").total).toBe(0);
  });

  it("refuses a level outside (0, 1) and a malformed date", () => {
    expect(() => forecastDaily([], "2024-01-10", { level: 80 })).toThrow(RangeError);
    expect(() => forecastDaily([{ date: "2024-1-1", value: 1 }], "2024-01-10")).toThrow(RangeError);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { dayFromToday, focusBill } from "../anomalies/cost-file.testkit.ts";

type Forecast = OperationOutput<"costs.forecast">;

// A steady bill: $40 a day of EC2 and $10 of S3, ±4 %, for ten weeks up to yesterday.
const STEADY = [
  { service: "Amazon EC2", id: "i-app", name: "app", region: "eu-west-1", daily: 40 },
  { service: "Amazon S3", id: "bucket-logs", name: "logs", region: "eu-west-1", daily: 10 },
];
const HORIZON = 21;

let rt: TestRuntime;
let owner: Caller;
let empty: Caller;

const forecast = async (input: Record<string, unknown>, caller = owner) =>
  (await rt.as(caller, "costs.forecast", input)) as Forecast;

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call was allowed");
}

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "forecast@example.com", "Forecast")).caller;
  empty = (await createOwner(rt, "empty@example.com", "Empty")).caller;
  await rt.as({ ...owner, upload: focusBill(STEADY, { days: 70 }) }, "costs.import", {});
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

describe("costs.forecast", () => {
  it("forecasts a steady bill near its level, the total inside its band", async () => {
    const result = await forecast({ until: dayFromToday(HORIZON) });
    expect(result.currency).toBe("USD");
    expect(result.history).toHaveLength(60);
    expect(result.history.at(-1)!.date).toBe(dayFromToday(-1));
    expect(result.points).toHaveLength(HORIZON);
    expect(result.points[0]!.date).toBe(dayFromToday(0));
    const total = Number(result.total);
    expect(total / HORIZON).toBeGreaterThan(47);
    expect(total / HORIZON).toBeLessThan(53);
    expect(Number(result.totalLower)).toBeLessThan(total);
    expect(Number(result.totalUpper)).toBeGreaterThan(total);
    for (const point of result.points) {
      expect(Number(point.lower)).toBeLessThanOrEqual(Number(point.value));
      expect(Number(point.upper)).toBeGreaterThanOrEqual(Number(point.value));
    }
  });

  it("never narrows a day's band with the horizon, and widens the total's", async () => {
    const long = await forecast({ until: dayFromToday(HORIZON) });
    const width = (p: Forecast["points"][number]) => Number(p.upper) - Number(p.lower);
    // A steady series' level barely moves (smoothing weight near 0), so each day's band may
    // stay the same width; it must never shrink.
    long.points.slice(1).forEach((point, i) => {
      expect(width(point)).toBeGreaterThanOrEqual(width(long.points[i]!) - 0.0002);
    });
    const short = await forecast({ until: dayFromToday(7) });
    const totalWidth = (f: Forecast) => Number(f.totalUpper) - Number(f.totalLower);
    expect(totalWidth(long)).toBeGreaterThan(1.5 * totalWidth(short));
  });

  it("by default completes this month: the cost so far plus the forecast to its end", async () => {
    const result = await forecast({});
    const today = dayFromToday(0);
    const nextMonth = new Date(`${today.slice(0, 8)}01T00:00:00Z`);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    expect(result.until).toBe(nextMonth.toISOString().slice(0, 10));
    expect(result.periodStart).toBe(`${today.slice(0, 8)}01`);
    expect(result.points.at(-1)!.date < result.until).toBe(true);
    const soFar = (await rt.as(owner, "costs.summary", {
      from: result.periodStart,
      to: today,
    })) as { total: string };
    const monthToDate = result.periodStart < today ? Number(soFar.total) : 0;
    expect(Number(result.actualToDate)).toBeCloseTo(monthToDate, 3);
    expect(Number(result.projectedPeriodTotal)).toBeCloseTo(
      Number(result.actualToDate) + Number(result.total),
      3,
    );
    expect(Number(result.projectedPeriodLower)).toBeLessThan(Number(result.projectedPeriodTotal));
    expect(Number(result.projectedPeriodUpper)).toBeGreaterThan(
      Number(result.projectedPeriodTotal),
    );
  });

  it("forecasts only what the filters keep, and each of the largest groups", async () => {
    const s3 = await forecast({
      until: dayFromToday(HORIZON),
      filters: { ServiceName: ["Amazon S3"] },
    });
    expect(Number(s3.total) / HORIZON).toBeGreaterThan(9);
    expect(Number(s3.total) / HORIZON).toBeLessThan(11);

    const grouped = await forecast({ until: dayFromToday(HORIZON), groupBy: "ServiceName" });
    expect(grouped.groups.map((g) => g.key)).toEqual(["Amazon EC2", "Amazon S3"]);
    const sum = grouped.groups.reduce((total, g) => total + Number(g.total), 0);
    expect(Math.abs(sum - Number(grouped.total)) / Number(grouped.total)).toBeLessThan(0.03);
  });

  it("says so for a workspace without cost, or whose costs stopped weeks ago", async () => {
    const result = await forecast({}, empty);
    expect(result).toMatchObject({ method: "no history", total: "0.0000", points: [] });
    // A month of costs that ended 400 days ago: forecasting on from it would make up a year.
    const old = (await createOwner(rt, "old@example.com", "Old")).caller;
    const upload = focusBill(STEADY, { days: 30, endingDaysAgo: 400 });
    await rt.as({ ...old, upload }, "costs.import", {});
    const stale = await forecast({ groupBy: "ServiceName" }, old);
    expect(stale).toMatchObject({ total: "0.0000", points: [], groups: [] });
    expect(stale.method).toBe(`no cost imported since ${dayFromToday(-401)}`);
  });

  it("says so, as for the workspace, when the filters keep only costs that stopped long ago", async () => {
    // Another account of the same workspace, closed 200 days ago while the rest runs on.
    const closed = [{ ...STEADY[0]!, id: "i-old", account: "999999999999" }];
    const upload = focusBill(closed, { days: 20, endingDaysAgo: 200 });
    await rt.as({ ...owner, upload }, "costs.import", {});
    const result = await forecast({ filters: { BillingAccountId: ["999999999999"] } });
    expect(result).toMatchObject({ points: [], total: "0.0000", groups: [] });
    expect(result.method).toBe(`no cost in this selection since ${dayFromToday(-201)}`);
    const nothing = await forecast({ filters: { BillingAccountId: ["000000000000"] } });
    expect(nothing).toMatchObject({ points: [], method: "no cost in this selection" });
    // The workspace's own forecast is untouched.
    expect((await forecast({})).points.length).toBeGreaterThan(0);
  });

  it("refuses a past or far end, unknown groupings, filters and levels", async () => {
    const past = await refusal(() => forecast({ until: dayFromToday(-1) }));
    expect(past).toMatchObject({
      code: "invalid_input",
      message: `until: must be after today (${dayFromToday(0)})`,
    });
    const far = await refusal(() => forecast({ until: dayFromToday(400) }));
    expect(far.details.field).toBe("until");
    const malformed = await refusal(() => forecast({ until: "next month" }));
    expect(malformed.details.field).toBe("until");
    const group = await refusal(() => forecast({ groupBy: "Colour" }));
    expect(group.details.field).toBe("groupBy");
    const filter = await refusal(() => forecast({ filters: { Colour: ["blue"] } }));
    expect(filter.code).toBe("invalid_input");
    const level = await refusal(() => forecast({ level: 80 }));
    expect(level.details.field).toBe("level");
  });
});

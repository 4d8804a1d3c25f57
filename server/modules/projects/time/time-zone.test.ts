import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { makeProject } from "./time.testkit.ts";

type Totals = OperationOutput<"time.totals">;
type Timesheet = OperationOutput<"time.timesheet">;
type Entries = OperationOutput<"time.entries.list">;

let rt: TestRuntime;
let owner: Caller;

const setZone = (timezone: string) => rt.as(owner, "workspaces.update", { timezone });
const sheetOf = (weekStart: string) =>
  rt.as(owner, "time.timesheet", { weekStart }) as Promise<Timesheet>;
const totalsOf = (from: string, to: string) =>
  rt.as(owner, "time.totals", { from, to, groupBy: "project" }) as Promise<Totals>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "zones@example.com", "Zones");
  owner = o.caller;
  const project = await makeProject(rt, owner, { key: "TZ", hourlyRate: "100", currency: "USD" });
  // Tuesday 3 March 2026, 23:30 UTC: Wednesday 08:30 in Tokyo, still Tuesday in UTC.
  await rt.as(owner, "time.entries.create", {
    projectId: project.id,
    startedAt: "2026-03-03T23:30:00Z",
    seconds: 3600,
  });
  // Monday 2 March 2026, 10:00 UTC: Monday in both zones.
  await rt.as(owner, "time.entries.create", {
    projectId: project.id,
    startedAt: "2026-03-02T10:00:00Z",
    seconds: 1800,
  });
});
afterAll(async () => {
  await rt?.close();
});

describe("a workspace's time zone divides its days", () => {
  it("puts an entry logged at 23:30 UTC on the same day in UTC", async () => {
    await setZone("UTC");
    const sheet = await sheetOf("2026-03-02");
    expect(sheet.timeZone).toBe("UTC");
    expect(sheet.dayTotals).toEqual([1800, 3600, 0, 0, 0, 0, 0]);
    expect((await totalsOf("2026-03-03", "2026-03-04")).total.seconds).toBe(3600);
    expect((await totalsOf("2026-03-04", "2026-03-05")).total.seconds).toBe(0);
  });

  it("puts the same entry on the next day in Asia/Tokyo, in the timesheet and the totals", async () => {
    await setZone("Asia/Tokyo");
    const sheet = await sheetOf("2026-03-02");
    expect(sheet.timeZone).toBe("Asia/Tokyo");
    expect(sheet.dayTotals).toEqual([1800, 0, 3600, 0, 0, 0, 0]);
    expect(sheet.total).toBe(5400);
    const tuesday = await totalsOf("2026-03-03", "2026-03-04");
    expect(tuesday.total.seconds).toBe(0);
    const wednesday = await totalsOf("2026-03-04", "2026-03-05");
    expect(wednesday).toMatchObject({ timeZone: "Asia/Tokyo" });
    // Rounding and pricing are unchanged by the zone: one hour at 100 USD.
    expect(wednesday.total).toMatchObject({
      seconds: 3600,
      roundedBillableSeconds: 3600,
      amounts: [{ currency: "USD", amount: "100.00" }],
    });
    const listed = (await rt.as(owner, "time.entries.list", {
      from: "2026-03-04",
      to: "2026-03-05",
    })) as Entries;
    expect(listed.map((e) => new Date(e.startedAt).toISOString())).toEqual([
      "2026-03-03T23:30:00.000Z",
    ]);
  });

  it("moves an entry at local midnight's edge in Los Angeles to the previous day", async () => {
    await setZone("America/Los_Angeles");
    // 10:00 UTC on Monday 2 March is 02:00 on Monday in Los Angeles (UTC−8).
    expect((await sheetOf("2026-03-02")).dayTotals).toEqual([1800, 3600, 0, 0, 0, 0, 0]);
    // 08:00 UTC on Monday is midnight in Los Angeles: a range ending that day leaves both out.
    expect((await totalsOf("2026-03-01", "2026-03-02")).total.seconds).toBe(0);
  });
});

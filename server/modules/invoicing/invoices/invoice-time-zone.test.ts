import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

type Detail = OperationOutput<"invoices.get">;
type Profit = OperationOutput<"invoicing.profit">;

let rt: TestRuntime;
let owner: Caller;
let clientId: string;
let ownerId: string;

const call = <T = Detail>(name: string, input: unknown) =>
  rt.as(owner, name as never, input as never) as Promise<T>;

/** Drafts September 2024 in the zone and returns the hours billed, then deletes the draft. */
async function hoursBilledIn(timezone: string): Promise<string> {
  await call("workspaces.update", { timezone });
  const draft = await call("invoices.draft", { clientId, ...PERIOD });
  await call("invoices.delete", { id: draft.id });
  const time = draft.lines.filter((l) => l.kind === "time");
  expect(time).toHaveLength(1);
  return time[0]!.quantity;
}

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "zoned-invoices@example.com", "Zoned Invoicing");
  owner = o.caller;
  ownerId = o.userId;
  const client = await call<{ id: string }>("clients.create", {
    name: "Tokyo Client",
    currency: "USD",
    pricing: { hourly: { defaultRate: "100" } },
  });
  clientId = client.id;
  const project = await projectFor(rt, o.workspaceId, clientId);
  const log = (startedAt: string, hours: number) =>
    logTime(rt, {
      workspaceId: o.workspaceId,
      userId: o.userId,
      projectId: project.id,
      startedAt,
      seconds: hours * 3600,
      rate: "100",
      currency: "USD",
    });
  // Tokyo is UTC+9: its September runs from 2024-08-31T15:00Z to 2024-09-30T15:00Z.
  await log("2024-08-31T14:59:59Z", 1); // 31 August 23:59:59 in Tokyo; August in UTC too
  await log("2024-08-31T15:00:00Z", 2); // Tokyo's first instant of September; August in UTC
  await log("2024-09-10T09:00:00Z", 4); // September everywhere
  await log("2024-09-30T23:30:00Z", 8); // 1 October in Tokyo; still September in UTC
});
afterAll(async () => {
  await rt?.close();
});

describe("hourly invoice lines for a period follow the workspace's midnights", () => {
  it("bills time started in September by UTC days in a UTC workspace", async () => {
    expect(await hoursBilledIn("UTC")).toBe("12");
  });

  it("includes time from Tokyo's midnight on the 1st and leaves out its 1 October", async () => {
    expect(await hoursBilledIn("Asia/Tokyo")).toBe("6");
  });

  it("counts the time cost in the profit report by the same local month", async () => {
    await call("time.rates.set", { userId: ownerId, costRate: "10", currency: "USD" });
    const timeCostIn = async (timezone: string) => {
      await call("workspaces.update", { timezone });
      const report = await call<Profit>("invoicing.profit", {
        from: "2024-09-01",
        to: "2024-10-01",
        clientId,
      });
      return report.rows[0]?.timeCost;
    };
    expect(await timeCostIn("UTC")).toBe("120.00");
    expect(await timeCostIn("Asia/Tokyo")).toBe("60.00");
  });
});

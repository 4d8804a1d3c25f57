import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { memberRates } from "../../projects/projects.schema.ts";
import { allocateTag, importCosts, logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

type Profit = OperationOutput<"invoicing.profit">;

let rt: TestRuntime;
let owner: Caller;
let clientId: string;

const call = <T>(name: string, input: unknown) =>
  rt.as(owner, name as never, input as never) as Promise<T>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "profit@example.com", "Profit Co");
  owner = o.caller;
  await importCosts(rt, owner, [
    { day: "2024-09-03", billed: "80.00", tags: { client: "initech" } },
    { day: "2024-09-04", billed: "20.00", service: "Amazon S3", tags: { client: "initech" } },
    { day: "2024-09-04", billed: "999.00", tags: { client: "someone-else" } },
  ]);
  await allocateTag(rt, owner, "initech", "initech");
  clientId = (
    await call<{ id: string }>("clients.create", {
      name: "Initech",
      currency: "USD",
      pricing: {
        cloud: { markupPercent: "25" },
        retainer: { amount: "40", description: "Hosting" },
      },
    })
  ).id;
  const project = await projectFor(rt, o.workspaceId, clientId);
  await rt.database.db
    .insert(memberRates)
    .values({ workspaceId: o.workspaceId, userId: o.userId, costRate: "30", currency: "USD" });
  // Two hours of (unbilled) work: they cost 60 at the owner's cost rate.
  await logTime(rt, {
    workspaceId: o.workspaceId,
    userId: o.userId,
    projectId: project.id,
    startedAt: "2024-09-09T08:00:00Z",
    seconds: 7_200,
    billable: false,
  });
  const draft = await call<{ id: string }>("invoices.draft", { clientId, ...PERIOD });
  await call("invoices.issue", { id: draft.id, issueDate: "2024-10-01" });
});
afterAll(async () => {
  await rt?.close();
});

describe("profit", () => {
  it("sets what was invoiced against the allocated cloud cost and the hours' cost", async () => {
    const profit = await call<Profit>("invoicing.profit", { from: "2024-08-01", to: "2024-11-01" });
    // Invoiced: 100 × 1.25 + 40 retainer = 165; cost: 100 cloud + 60 time; margin 5.
    expect(profit.rows).toEqual([
      {
        month: "2024-09",
        clientId,
        clientName: "Initech",
        currency: "USD",
        revenue: "165.00",
        cloudCost: "100.00",
        timeCost: "60.00",
        margin: "5.00",
        marginPercent: "3.0",
        unconverted: [],
      },
    ]);
    expect(profit.totals).toEqual([
      expect.objectContaining({ clientId, revenue: "165.00", margin: "5.00" }),
    ]);
  });

  it("forecasts the next invoice with the retainer even when no cost is coming in", async () => {
    const profit = await call<Profit>("invoicing.profit", { from: "2024-09-01", to: "2024-10-01" });
    expect(profit.forecast).toEqual([
      expect.objectContaining({
        clientId,
        fixed: "40.00",
        time: "0.00",
        total: expect.any(String),
      }),
    ]);
    const [next] = profit.forecast;
    expect(Number(next!.total)).toBeGreaterThanOrEqual(40);
  });

  it("wants whole months", async () => {
    await expect(
      call("invoicing.profit", { from: "2024-09-02", to: "2024-10-01" }),
    ).rejects.toThrow(/from: must be the first day/);
  });
});

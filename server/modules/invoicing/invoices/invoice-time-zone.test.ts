import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { jobs } from "../../../platform/jobs/jobs.schema.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { todayIn } from "../../../platform/time-zone.ts";
import { OVERDUE_JOB } from "../invoicing.jobs.ts";
import { logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

type Detail = OperationOutput<"invoices.get">;
type Profit = OperationOutput<"invoicing.profit">;

let rt: TestRuntime;
let owner: Caller;
let clientId: string;
let ownerId: string;
let workspaceId: string;

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
  workspaceId = o.workspaceId;
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

describe("an invoice is overdue by the workspace's today", () => {
  it("turns overdue the day after its due date where the workspace is", async () => {
    await call("workspaces.update", { timezone: "UTC" });
    const draft = await call("invoices.draft", { clientId, ...PERIOD });
    // Pago Pago (UTC−11) and Kiritimati (UTC+14) are 25 hours apart: never on the same day.
    const dueDate = todayIn("Pacific/Pago_Pago");
    const issueDate = new Date(Date.parse(`${dueDate}T00:00:00Z`) - 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const issued = await call("invoices.issue", { id: draft.id, issueDate }); // 30 days' terms
    expect(issued.dueDate).toBe(dueDate);
    const overdueIn = async (timezone: string) => {
      await call("workspaces.update", { timezone });
      const listed = await call<OperationOutput<"invoices.list">>("invoices.list", { clientId });
      const got = await call("invoices.get", { id: draft.id });
      expect(listed.find((i) => i.id === draft.id)?.overdue).toBe(got.overdue);
      return got.overdue;
    };
    expect(await overdueIn("Pacific/Pago_Pago")).toBe(false);
    expect(await overdueIn("Pacific/Kiritimati")).toBe(true);
  });
});

describe("the daily overdue reminder", () => {
  it("runs on the workspace's today when the job is not told a day", async () => {
    // The invoice issued above is due today in Pago Pago: overdue only in Kiritimati.
    const remindedIn = async (timezone: string) => {
      await call("workspaces.update", { timezone });
      const job = await rt.services.jobs.enqueue(
        rt.database.db,
        OVERDUE_JOB,
        { workspaceId },
        { workspaceId },
      );
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [row] = await rt.database.db.select().from(jobs).where(eq(jobs.id, job.id));
        if (row?.status === "succeeded") return row.result as { reminded: number };
        if (Date.now() > deadline || row?.status === "failed")
          throw new Error(`reminder job ${row?.status}: ${row?.lastError}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    rt.services.jobs.start();
    try {
      expect(await remindedIn("Pacific/Pago_Pago")).toEqual({ reminded: 0 });
      expect(await remindedIn("Pacific/Kiritimati")).toEqual({ reminded: 1 });
    } finally {
      await rt.services.jobs.stop();
    }
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { createOutboundHttp, verifyWebhook } from "../../../platform/http/outbound.ts";
import { jobs } from "../../../platform/jobs/jobs.schema.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { type EvaluationDeps, evaluateBudgets } from "./budget-alerts.ts";
import { budgetAlerts } from "./budgets.schema.ts";
import { importDailyCosts, monthToDate } from "./budgets.testkit.ts";

type Created = OperationOutput<"budgets.create">;
type Notes = OperationOutput<"notifications.list">;

let rt: TestRuntime;
let owner: Caller;
let member: Caller;
let client: Caller;
let workspaceId: string;
let deps: EvaluationDeps;
const month = monthToDate();

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let hookUrl: string;
const deliveries: Delivery[] = [];
/** Statuses the receiver answers with, in turn; 204 once they run out. */
const answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/budget-hook`;

  rt = await createTestRuntime();
  const o = await createOwner(rt, "alerts@example.com", "Alerts");
  owner = o.caller;
  workspaceId = o.workspaceId;
  member = (await addMember(rt, workspaceId, "member@example.com", "member")).caller;
  client = (await addMember(rt, workspaceId, "client@example.com", "client")).caller;
  await importDailyCosts(rt, owner, [{ service: "Amazon EC2", daily: "10.00" }]);
  deps = {
    notifications: rt.services.notifications,
    secrets: rt.services.secrets,
    outbound: createOutboundHttp({ blockPrivateNetworks: false }),
    log: rt.log,
  };
});
afterAll(async () => {
  await rt?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});

const evaluate = (over: Partial<EvaluationDeps> = {}) =>
  evaluateBudgets(rt.database.db, { ...deps, ...over }, { workspaceId, today: month.today });

/** A budget of which exactly the 50% actual threshold is crossed today. */
const createHalfSpent = (name: string, extra: Record<string, unknown> = {}) =>
  rt.as(owner, "budgets.create", {
    name,
    period: "monthly",
    amount: String(20 * month.dayOfMonth),
    currency: "USD",
    thresholds: [
      { percent: 50, basis: "actual" },
      { percent: 90, basis: "actual" },
    ],
    ...extra,
  }) as Promise<Created>;

const alertsOf = (budgetId: string) =>
  rt.database.db.select().from(budgetAlerts).where(eq(budgetAlerts.budgetId, budgetId));

const notesOf = async (caller: Caller, budgetId: string) =>
  ((await rt.as(caller, "notifications.list", {})) as Notes).items.filter(
    (n) => (n.data as { budgetId?: string } | null)?.budgetId === budgetId,
  );

describe("costs.evaluateBudgets", () => {
  it("fires a crossed threshold once and notifies the staff, not the client guest", async () => {
    const budget = await createHalfSpent("Half spent");
    await evaluate();
    await evaluate();
    const alerts = await alertsOf(budget.id);
    expect(alerts.map((a) => [Number(a.percent), a.basis, a.webhookStatus])).toEqual([
      [50, "actual", "none"],
    ]);
    expect(alerts[0]?.spend).toBe(String(10 * month.dayOfMonth));
    const [note, ...more] = await notesOf(member, budget.id);
    expect(more).toHaveLength(0);
    expect(note).toMatchObject({
      kind: "budget.threshold",
      title: "Budget “Half spent” reached 50%",
      link: `/costs/budgets/${budget.id}`,
      readAt: null,
    });
    expect(note?.body).toContain(
      `USD ${10 * month.dayOfMonth}.00 of USD ${20 * month.dayOfMonth}.00`,
    );
    expect(await notesOf(owner, budget.id)).toHaveLength(1);
    expect(await notesOf(client, budget.id)).toHaveLength(0);
    const detail = (await rt.as(owner, "budgets.get", {
      id: budget.id,
    })) as OperationOutput<"budgets.get">;
    expect(detail.status.thresholds[0]?.firedAt).not.toBeNull();
    expect(detail.alerts).toHaveLength(1);
  });

  it("fires a threshold a new budget already crossed at creation, without the hourly run", async () => {
    const budget = await createHalfSpent("Born over half");
    const alerts = await alertsOf(budget.id);
    expect(alerts.map((a) => [Number(a.percent), a.basis])).toEqual([[50, "actual"]]);
    expect(await notesOf(owner, budget.id)).toHaveLength(1);
    const detail = (await rt.as(owner, "budgets.get", {
      id: budget.id,
    })) as OperationOutput<"budgets.get">;
    expect(detail.status.thresholds.map((t) => t.firedAt !== null)).toEqual([true, false]);
    // The hourly run finds it done: once only.
    await evaluate();
    expect(await alertsOf(budget.id)).toHaveLength(1);
    expect(await notesOf(owner, budget.id)).toHaveLength(1);
  });

  it("fires a threshold an update crosses at once, and queues the webhook's delivery", async () => {
    const budget = await createHalfSpent("Lowered", { webhookUrl: hookUrl });
    await rt.as(owner, "budgets.update", { id: budget.id, amount: String(11 * month.dayOfMonth) });
    const percents = (await alertsOf(budget.id)).map((a) => Number(a.percent)).sort();
    expect(percents).toEqual([50, 90]);
    const [queued] = await rt.database.db
      .select()
      .from(jobs)
      .where(eq(jobs.singletonKey, `costs.evaluateBudgets:${workspaceId}`));
    expect(queued).toMatchObject({ name: "costs.evaluateBudgets", status: "queued" });
  });

  it("marks one person's notifications read without touching anyone else's", async () => {
    const budget = await createHalfSpent("Read state");
    await evaluate();
    const [note] = await notesOf(member, budget.id);
    await rt.as(member, "notifications.markRead", { ids: [note!.id] });
    expect((await notesOf(member, budget.id))[0]?.readAt).not.toBeNull();
    expect((await notesOf(owner, budget.id))[0]?.readAt).toBeNull();
    // Another person's id is simply not theirs to mark.
    const [ownerNote] = await notesOf(owner, budget.id);
    const marked = (await rt.as(member, "notifications.markRead", { ids: [ownerNote!.id] })) as {
      updated: number;
    };
    expect(marked.updated).toBe(0);
    await rt.as(owner, "notifications.markRead", { all: true });
    const after = (await rt.as(owner, "notifications.list", { unreadOnly: true })) as Notes;
    expect(after).toMatchObject({ items: [], unread: 0 });
  });

  it("delivers a signed webhook the receiver can verify with the secret from creation", async () => {
    const budget = await createHalfSpent("Hooked", { webhookUrl: hookUrl });
    const before = deliveries.length;
    await evaluate();
    await evaluate();
    expect(deliveries.length).toBe(before + 1);
    const { headers, body } = deliveries.at(-1)!;
    const timestamp = String(headers["x-glasspane-timestamp"]);
    const signature = String(headers["x-glasspane-signature"]);
    expect(verifyWebhook(budget.webhookSecret!, timestamp, body, signature)).toBe(true);
    expect(body).not.toContain(budget.webhookSecret!);
    expect(JSON.parse(body)).toMatchObject({
      type: "budget.threshold",
      workspaceId,
      budget: { id: budget.id, name: "Hooked", amount: String(20 * month.dayOfMonth) },
      threshold: { percent: 50, basis: "actual" },
      periodStart: month.start,
      spend: String(10 * month.dayOfMonth),
    });
    expect((await alertsOf(budget.id))[0]).toMatchObject({
      webhookStatus: "delivered",
      webhookError: null,
    });
  });

  it("records a failed delivery and delivers it on the next run, notifying only once", async () => {
    const budget = await createHalfSpent("Flaky receiver", { webhookUrl: hookUrl });
    answers.push(500);
    const first = await evaluate();
    expect(first.failed).toBeGreaterThanOrEqual(1);
    expect((await alertsOf(budget.id))[0]).toMatchObject({
      webhookStatus: "failed",
      webhookError: "The receiver answered HTTP 500",
    });
    await evaluate();
    expect((await alertsOf(budget.id))[0]).toMatchObject({ webhookStatus: "delivered" });
    const ids = deliveries
      .map((d) => JSON.parse(d.body) as { budget: { id: string }; id: string })
      .filter((p) => p.budget.id === budget.id)
      .map((p) => p.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect(await notesOf(owner, budget.id)).toHaveLength(1);
  });

  it("refuses a private webhook address when private networks are blocked", async () => {
    const budget = await createHalfSpent("Blocked", { webhookUrl: hookUrl });
    const before = deliveries.length;
    await evaluate({ outbound: createOutboundHttp({ blockPrivateNetworks: true }) });
    expect(deliveries.length).toBe(before);
    const [alert] = await alertsOf(budget.id);
    expect(alert?.webhookStatus).toBe("failed");
    expect(alert?.webhookError).toContain("private or reserved address");
  });

  it("fires again in the period after the amount changes", async () => {
    const budget = await createHalfSpent("Raised");
    await evaluate();
    await rt.as(owner, "budgets.update", { id: budget.id, amount: String(11 * month.dayOfMonth) });
    await evaluate();
    const percents = (await alertsOf(budget.id)).map((a) => Number(a.percent)).sort();
    expect(percents).toEqual([50, 90]);
  });

  it("keeps the period's alerts when an edit changes nothing they measure", async () => {
    const budget = await createHalfSpent("Renamed", {
      filters: { ProviderName: ["AWS"], ServiceName: ["Amazon EC2"] },
    });
    await evaluate();
    const fired = await alertsOf(budget.id);
    expect(fired).toHaveLength(1);
    // The same amount written differently; the same filters, which jsonb stores in its own
    // key order (ServiceName first).
    await rt.as(owner, "budgets.update", {
      id: budget.id,
      name: "Renamed again",
      amount: `${20 * month.dayOfMonth}.00`,
      filters: { ProviderName: ["AWS"], ServiceName: ["Amazon EC2"] },
    });
    await evaluate();
    expect(await alertsOf(budget.id)).toEqual(fired);
    expect(await notesOf(owner, budget.id)).toHaveLength(1);
  });

  it("runs as the queued job other modules enqueue after an import", async () => {
    const budget = await createHalfSpent("Queued");
    const job = await rt.services.jobs.enqueue(rt.database.db, "costs.evaluateBudgets", {
      workspaceId,
    });
    rt.services.jobs.start();
    const done = await waitFor(
      async () => {
        const [row] = await rt.database.db.select().from(jobs).where(eq(jobs.id, job.id));
        return row?.status === "succeeded" || row?.status === "failed" ? row : undefined;
      },
      { what: "the budgets job to finish" },
    );
    expect(done.status).toBe("succeeded");
    expect(await alertsOf(budget.id)).toHaveLength(1);
  });
});

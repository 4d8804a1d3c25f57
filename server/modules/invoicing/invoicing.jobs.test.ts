import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { createOutboundHttp, verifyWebhook } from "../../platform/http/outbound.ts";
import { notifications } from "../../platform/notifications/notifications.schema.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { draftMonthly, remindOverdue } from "./invoicing.jobs.ts";
import { invoices } from "./invoicing.schema.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;

const call = <T>(name: string, input: unknown) =>
  rt.as(owner, name as never, input as never) as Promise<T>;
const notes = (kind: string) =>
  rt.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.kind, kind)));

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "jobs@example.com", "Jobs Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  await call("clients.create", {
    name: "Monthly Ltd",
    currency: "GBP",
    paymentTermsDays: 14,
    pricing: { retainer: { amount: "1000", description: "Retainer" }, autoDraft: true },
  });
  await call("clients.create", {
    name: "Manual Ltd",
    currency: "GBP",
    pricing: { retainer: { amount: "5", description: "R" } },
  });
  await call("clients.create", {
    name: "Empty Ltd",
    currency: "GBP",
    pricing: { autoDraft: true },
  });
});
afterAll(async () => {
  await rt?.close();
});

describe("monthly drafts", () => {
  it("draft last month for clients that ask for it, and say which could not be drafted", async () => {
    const result = await draftMonthly(rt.database.db, rt.services, workspaceId, "2024-10-01");
    expect(result).toEqual({ drafted: 1, skipped: 1 });
    const drafts = await rt.database.db
      .select()
      .from(invoices)
      .where(eq(invoices.workspaceId, workspaceId));
    expect(drafts.map((d) => [d.periodStart, d.periodEnd, d.total])).toEqual([
      ["2024-09-01", "2024-10-01", "1000.00"],
    ]);
    const [note] = await notes("invoicing.drafts");
    expect(note!.title).toBe("1 invoice draft for 2024-09 to review");
    expect(note!.body).toMatch(/Not drafted — Empty Ltd: Nothing to bill/);
  });

  it("never draft the same month twice", async () => {
    expect(await draftMonthly(rt.database.db, rt.services, workspaceId, "2024-10-01")).toEqual({
      drafted: 0,
      skipped: 2,
    });
  });
});

describe("overdue reminders", () => {
  it("remind once a week while an issued invoice stays unpaid past its due date", async () => {
    const [draft] = await rt.database.db
      .select()
      .from(invoices)
      .where(eq(invoices.workspaceId, workspaceId));
    await call("invoices.issue", { id: draft!.id, issueDate: "2024-10-01" }); // due 2024-10-15
    const db = rt.database.db;
    expect(await remindOverdue(db, rt.services, workspaceId, "2024-10-15")).toEqual({
      reminded: 0,
    });
    expect(await remindOverdue(db, rt.services, workspaceId, "2024-10-20")).toEqual({
      reminded: 1,
    });
    expect(await remindOverdue(db, rt.services, workspaceId, "2024-10-21")).toEqual({
      reminded: 0,
    });
    expect(await remindOverdue(db, rt.services, workspaceId, "2024-10-28")).toEqual({
      reminded: 1,
    });
    const [first] = await notes("invoicing.overdue");
    expect(first!.title).toBe("INV-2024-0001 to Monthly Ltd is 5 days overdue");
    expect(first!.body).toBe("1000.00 GBP is still due since 2024-10-15.");
    await call("payments.record", { invoiceId: draft!.id, amount: "1000.00" });
    expect(await remindOverdue(db, rt.services, workspaceId, "2024-11-10")).toEqual({
      reminded: 0,
    });
  });
});

describe("reminder webhooks", () => {
  it("POST each overdue reminder, signed with a secret shown once", async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-path-token`;
    try {
      const set = await call<{ reminderWebhook: string; reminderWebhookSecret: string }>(
        "invoicing.settings.update",
        { reminderWebhookUrl: url },
      );
      expect(set.reminderWebhook).toBe(`${new URL(url).origin}/…`);
      expect(set.reminderWebhookSecret).toMatch(/^gpwh_/);
      const again = await call<Record<string, unknown>>("invoicing.settings.get", {});
      expect(JSON.stringify(again)).not.toContain("secret-path-token");

      const client = await call<{ id: string }>("clients.create", {
        name: "Hooked Ltd",
        currency: "EUR",
        paymentTermsDays: 0,
        pricing: { retainer: { amount: "99.99", description: "Retainer" } },
      });
      const draft = await call<{ id: string }>("invoices.draft", {
        clientId: client.id,
        periodStart: "2024-09-01",
        periodEnd: "2024-10-01",
      });
      await call("invoices.issue", { id: draft.id, issueDate: "2024-10-01" });
      const outbound = createOutboundHttp({ blockPrivateNetworks: false });
      await remindOverdue(rt.database.db, rt.services, workspaceId, "2024-10-03", outbound);
      const hook = received.find((r) => r.body.includes("Hooked Ltd"));
      expect(JSON.parse(hook!.body)).toMatchObject({
        event: "invoice.overdue",
        invoice: { client: "Hooked Ltd", daysOverdue: 2, balance: "99.99", currency: "EUR" },
      });
      const headers = hook!.headers as Record<string, string>;
      expect(
        verifyWebhook(
          set.reminderWebhookSecret,
          headers["x-glasspane-timestamp"]!,
          hook!.body,
          headers["x-glasspane-signature"]!,
        ),
      ).toBe(true);
    } finally {
      server.close();
    }
  });
});

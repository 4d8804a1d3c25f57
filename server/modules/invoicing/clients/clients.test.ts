import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  sessionCaller,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { memberships } from "../../../platform/workspaces/workspaces.schema.ts";
import { PERIOD } from "../invoicing.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
let guest: Caller;
let workspaceId: string;
const ids: Record<string, string> = {};

async function refusal(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

const call = <T = Record<string, unknown>>(caller: Caller, name: string, input: unknown) =>
  rt.as(caller, name as never, input as never) as Promise<T>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "clients@example.com", "Clients Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  for (const name of ["Acme GmbH", "Globex"]) {
    const client = await call<{ id: string }>(owner, "clients.create", {
      name,
      currency: "EUR",
      pricing: { retainer: { amount: "100", description: "Retainer" } },
    });
    ids[name] = client.id;
    const draft = await call<{ id: string }>(owner, "invoices.draft", {
      clientId: client.id,
      ...PERIOD,
    });
    ids[`${name} invoice`] = draft.id;
  }
  await call(owner, "invoices.issue", { id: ids["Acme GmbH invoice"] });
  // A second Acme invoice stays a draft: guests never see drafts.
  ids["Acme GmbH draft"] = (
    await call<{ id: string }>(owner, "invoices.draft", {
      clientId: ids["Acme GmbH"],
      periodStart: "2024-10-01",
      periodEnd: "2024-11-01",
    })
  ).id;
  const person = await addMember(rt, workspaceId, "guest@acme.example", "client");
  await rt.database.db
    .update(memberships)
    .set({ clientId: ids["Acme GmbH"]! })
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, person.userId)));
  guest = await sessionCaller(rt, person.userId, workspaceId);
});
afterAll(async () => {
  await rt?.close();
});

describe("client records", () => {
  it("get an allocation key from the name, unique in the workspace", async () => {
    const listed = await call<{ name: string; allocationKey: string }[]>(owner, "clients.list", {});
    expect(listed.map((c) => [c.name, c.allocationKey])).toEqual([
      ["Acme GmbH", "acme-gmbh"],
      ["Globex", "globex"],
    ]);
    const error = await refusal(call(owner, "clients.create", { name: "Globex", currency: "USD" }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/allocationKey: "globex" already belongs to client Globex/);
  });

  it("refuse a currency that is not ISO 4217, naming the field", async () => {
    const error = await refusal(call(owner, "clients.create", { name: "Bad", currency: "EURO" }));
    expect(error.details.field).toBe("currency");
  });

  it("cannot be deleted once invoiced, only archived", async () => {
    const error = await refusal(call(owner, "clients.delete", { id: ids["Acme GmbH"] }));
    expect(error.message).toMatch(/archive the client instead/);
    await call(owner, "clients.update", { id: ids.Globex, archived: true });
    expect((await call<unknown[]>(owner, "clients.list", {})).length).toBe(1);
    expect((await call<unknown[]>(owner, "clients.list", { includeArchived: true })).length).toBe(
      2,
    );
    await call(owner, "clients.update", { id: ids.Globex, archived: false });
  });
});

describe("a client guest", () => {
  it("sees its own client record and nothing else", async () => {
    const listed = await call<{ id: string }[]>(guest, "clients.list", {});
    expect(listed.map((c) => c.id)).toEqual([ids["Acme GmbH"]]);
    expect((await refusal(call(guest, "clients.get", { id: ids.Globex }))).code).toBe("not_found");
    // Its record, but not the pricing (the markup is the agency's business).
    const own = await call<{ pricing: unknown; projects: unknown[] }>(guest, "clients.get", {
      id: ids["Acme GmbH"],
    });
    expect(own.pricing).toBeNull();
    expect(own.projects).toEqual([]);
    expect(
      (await call<{ pricing: unknown }>(owner, "clients.get", { id: ids["Acme GmbH"] })).pricing,
    ).not.toBeNull();
  });

  it("sees its issued invoices, never drafts or other clients' invoices", async () => {
    const invoices = await call<{ id: string }[]>(guest, "invoices.list", {});
    expect(invoices.map((i) => i.id)).toEqual([ids["Acme GmbH invoice"]]);
    const other = await call<{ id: string }[]>(guest, "invoices.list", { clientId: ids.Globex });
    expect(other.map((i) => i.id)).toEqual([ids["Acme GmbH invoice"]]);
    for (const id of [ids["Globex invoice"], ids["Acme GmbH draft"]])
      expect((await refusal(call(guest, "invoices.get", { id }))).code).toBe("not_found");
    const pdf = await call<{ base64: string }>(guest, "invoices.pdf", {
      id: ids["Acme GmbH invoice"],
    });
    expect(Buffer.from(pdf.base64, "base64").subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("cannot draft, issue or record payments", async () => {
    for (const [name, input] of [
      ["invoices.draft", { clientId: ids["Acme GmbH"], ...PERIOD }],
      ["payments.record", { invoiceId: ids["Acme GmbH invoice"], amount: "1" }],
    ] as const)
      expect((await refusal(call(guest, name, input))).code).toBe("forbidden");
  });
});

describe("a client's costs", () => {
  it("are shown to its guest at the client's price, never another client's", async () => {
    const costs = await call<{ items: unknown[]; total: string }>(guest, "clients.costs", {
      clientId: ids["Acme GmbH"],
      ...{ from: "2024-09-01", to: "2024-10-01" },
    });
    expect(costs).toMatchObject({ items: [], total: "0.00" });
    const error = await refusal(
      call(guest, "clients.costs", { clientId: ids.Globex, from: "2024-09-01", to: "2024-10-01" }),
    );
    expect(error.details.field).toBe("clientId");
  });
});

describe("linking a guest to a client", () => {
  it("accepts only a client record of the same workspace", async () => {
    const other = await createOwner(rt, "other@example.com", "Other Co");
    const foreign = await call<{ id: string }>(other.caller, "clients.create", {
      name: "Theirs",
      currency: "EUR",
    });
    const person = await addMember(rt, workspaceId, "guest2@acme.example", "viewer");
    const error = await refusal(
      call(owner, "members.updateRole", {
        userId: person.userId,
        role: "client",
        clientId: foreign.id,
      }),
    );
    expect(error.code).toBe("not_found");
    expect(
      (await refusal(call(owner, "invites.create", { role: "client", clientId: foreign.id }))).code,
    ).toBe("not_found");
    await call(owner, "members.updateRole", {
      userId: person.userId,
      role: "client",
      clientId: ids.Globex,
    });
  });
});

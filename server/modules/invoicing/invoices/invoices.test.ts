import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { timeEntries } from "../../projects/projects.schema.ts";
import { allocateTag, importCosts, logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

type Detail = OperationOutput<"invoices.get">;

let rt: TestRuntime;
let owner: Caller;
let member: Caller;
let workspaceId: string;
let ownerId: string;
let acme: { id: string };
/** The name the testkit gave the project (its counter is shared by every file of a worker). */
let projectName: string;

async function refusal(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

const call = <T = Detail>(caller: Caller, name: string, input: unknown) =>
  rt.as(caller, name as never, input as never) as Promise<T>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "invoices@example.com", "Invoicing Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  ownerId = o.userId;
  member = (await addMember(rt, workspaceId, "member@example.com", "member")).caller;
  await importCosts(rt, owner, [
    {
      day: "2024-09-03",
      billed: "60.00",
      service: "Amazon EC2",
      resource: "i-1",
      tags: { client: "acme" },
    },
    {
      day: "2024-09-04",
      billed: "40.00",
      service: "Amazon EC2",
      resource: "i-2",
      tags: { client: "acme" },
    },
    {
      day: "2024-09-04",
      billed: "20.00",
      service: "Amazon S3",
      resource: "b-1",
      tags: { client: "acme" },
    },
    {
      day: "2024-09-05",
      billed: "50.00",
      service: "Amazon EC2",
      resource: "i-9",
      tags: { client: "globex" },
    },
    { day: "2024-09-05", billed: "7.00", service: "Amazon EC2", resource: "i-0" },
  ]);
  await allocateTag(rt, owner, "acme", "acme");
  await allocateTag(rt, owner, "globex", "globex");
  acme = await call(owner, "clients.create", {
    name: "Acme",
    legalName: "Acme GmbH",
    currency: "USD",
    billingAddress: { line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
    taxIds: [{ type: "eu_vat", value: "DE123456789" }],
    defaultTaxRate: "20",
    pricing: {
      cloud: { markupPercent: "20", overrides: [{ service: "Amazon S3", markupPercent: "10" }] },
      retainer: { amount: "500", description: "Monthly care plan" },
      hourly: { defaultRate: null },
    },
  });
  const project = await projectFor(rt, workspaceId, acme.id, { mode: "up", minutes: 15 });
  projectName = project.name;
  // 1 h 30 min and 20 min (rounded up to 30 min): 2 h at 100.
  await logTime(rt, {
    workspaceId,
    userId: ownerId,
    projectId: project.id,
    startedAt: "2024-09-10T09:00:00Z",
    seconds: 5_400,
    rate: "100",
    currency: "USD",
  });
  await logTime(rt, {
    workspaceId,
    userId: ownerId,
    projectId: project.id,
    startedAt: "2024-09-11T09:00:00Z",
    seconds: 1_200,
    rate: "100",
    currency: "USD",
  });
  // Not billable, and outside the period: neither is billed.
  await logTime(rt, {
    workspaceId,
    userId: ownerId,
    projectId: project.id,
    startedAt: "2024-09-12T09:00:00Z",
    seconds: 3_600,
    rate: "100",
    billable: false,
  });
  await logTime(rt, {
    workspaceId,
    userId: ownerId,
    projectId: project.id,
    startedAt: "2024-10-01T09:00:00Z",
    seconds: 3_600,
    rate: "100",
  });
});
afterAll(async () => {
  await rt?.close();
});

describe("drafting an invoice", () => {
  let draft: Detail;

  it("bills allocated cloud cost with markup, rounded billable hours and the retainer, to the cent", async () => {
    draft = await call(member, "invoices.draft", { clientId: acme.id, ...PERIOD });
    const lines = draft.lines.map((l) => [l.kind, l.description, l.quantity, l.unitPrice, l.net]);
    expect(lines).toEqual([
      ["cloud", "AWS — Amazon EC2", "1", "120", "120.00"],
      ["cloud", "AWS — Amazon S3", "1", "22", "22.00"],
      ["time", `${projectName} — invoices`, "2", "100", "200.00"],
      ["retainer", "Monthly care plan", "1", "500", "500.00"],
    ]);
    expect(draft).toMatchObject({
      status: "draft",
      number: null,
      subtotal: "842.00",
      tax: "168.40",
      total: "1010.40",
      taxBreakdown: [{ rate: "20", base: "842.00", tax: "168.40" }],
    });
    expect(draft.lines[0]!.detail).toMatchObject({
      cost: "100",
      markupPercent: "20",
      resources: 2,
    });
  });

  it("shows the client's allocated cost at its price, as its guest would see it", async () => {
    const costs = await call<{ total: string; items: { service: string; amount: string }[] }>(
      owner,
      "clients.costs",
      { clientId: acme.id, from: PERIOD.periodStart, to: PERIOD.periodEnd },
    );
    expect(costs.total).toBe("142.00");
    expect(costs.items.map((i) => [i.service, i.amount])).toEqual([
      ["Amazon EC2", "120.00"],
      ["Amazon S3", "22.00"],
    ]);
  });

  it("refuses a second invoice for an overlapping period", async () => {
    const error = await refusal(call(owner, "invoices.draft", { clientId: acme.id, ...PERIOD }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already has a draft invoice/);
  });

  it("re-prices a draft when a line changes, and keeps sum(lines) + tax = total", async () => {
    const edited = await call(owner, "invoices.lines.update", {
      id: draft.lines[3]!.id,
      unitPrice: "450.005",
    });
    expect(edited.lines[3]!.net).toBe("450.01");
    const added = await call(owner, "invoices.lines.add", {
      invoiceId: draft.id,
      description: "Domain renewal",
      quantity: "3",
      unitPrice: "12.99",
      taxRate: "0",
    });
    const nets = added.lines.reduce((s, l) => s.plus(l.net), new Decimal(0));
    expect(nets.toFixed(2)).toBe(added.subtotal);
    expect(new Decimal(added.subtotal).plus(added.tax).toFixed(2)).toBe(added.total);
    expect(added.taxBreakdown).toEqual([
      { rate: "0", base: "38.97", tax: "0.00" },
      { rate: "20", base: "792.01", tax: "158.40" },
    ]);
    draft = added;
  });

  it("says when there is nothing to bill", async () => {
    const empty = await call(owner, "clients.create", { name: "Quiet Ltd", currency: "USD" });
    const error = await refusal(call(owner, "invoices.draft", { clientId: empty.id, ...PERIOD }));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/^Nothing to bill Quiet Ltd/);
  });

  it("refuses whole-month periods that are not", async () => {
    const error = await refusal(
      call(owner, "invoices.draft", {
        clientId: acme.id,
        periodStart: "2024-09-02",
        periodEnd: "2024-10-01",
      }),
    );
    expect(error.details.field).toBe("periodStart");
  });

  it("needs an exchange rate for costs in another currency, then converts before the markup", async () => {
    const globex = await call<{ id: string }>(owner, "clients.create", {
      name: "Globex",
      currency: "EUR",
      pricing: { cloud: { markupPercent: "20" }, discountPercent: "10", minimumFee: "100" },
    });
    const error = await refusal(call(owner, "invoices.draft", { clientId: globex.id, ...PERIOD }));
    expect(error.details.field).toBe("exchangeRates");
    expect(error.message).toMatch(/USD/);
    const eur = await call(owner, "invoices.draft", {
      clientId: globex.id,
      ...PERIOD,
      exchangeRates: { USD: "0.9" },
    });
    // 50 USD × 0.9 × 1.2 = 54.00; 10 % off = −5.40; the minimum of 100 tops it up by 51.40.
    expect(eur.lines.map((l) => [l.kind, l.net])).toEqual([
      ["cloud", "54.00"],
      ["discount", "-5.40"],
      ["minimum", "51.40"],
    ]);
    expect(eur).toMatchObject({ currency: "EUR", subtotal: "100.00", total: "100.00" });
    await call(owner, "invoices.delete", { id: eur.id });
  });
});

describe("issuing", () => {
  let issued: Detail;

  it("is for admins: a member may draft but not issue", async () => {
    const error = await refusal(
      call(member, "invoices.issue", {
        id: (await call<Detail[]>(owner, "invoices.list", {}))[0]!.id,
      }),
    );
    expect(error.code).toBe("forbidden");
  });

  it("numbers the invoice, sets its due date from the client's terms and locks its time", async () => {
    const [draft] = await call<Detail[]>(owner, "invoices.list", {
      clientId: acme.id,
      status: "draft",
    });
    issued = await call(owner, "invoices.issue", { id: draft!.id, issueDate: "2024-10-02" });
    expect(issued).toMatchObject({
      status: "issued",
      number: "INV-2024-0001",
      issueDate: "2024-10-02",
      dueDate: "2024-11-01",
    });
    const billed = await rt.database.db
      .select()
      .from(timeEntries)
      .where(eq(timeEntries.invoiceId, issued.id));
    expect(billed).toHaveLength(2);
    expect(issued.billTo).toMatchObject({
      name: "Acme GmbH",
      taxIds: [{ type: "eu_vat", value: "DE123456789" }],
    });
    // The frozen details stay as they were when the client record changes afterwards.
    await call(owner, "clients.update", { id: acme.id, legalName: "Acme Holding GmbH" });
    expect((await call(owner, "invoices.get", { id: issued.id })).billTo.name).toBe("Acme GmbH");
  });

  it("makes the invoice immutable, saying why", async () => {
    const error = await refusal(
      call(owner, "invoices.lines.update", { id: issued.lines[0]!.id, unitPrice: "1" }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/INV-2024-0001 is issued .* credit note/);
    expect((await refusal(call(owner, "invoices.delete", { id: issued.id }))).code).toBe(
      "conflict",
    );
  });

  it("renders a PDF that pdftoppm opens", async () => {
    const pdf = await call<{ fileName: string; base64: string }>(owner, "invoices.pdf", {
      id: issued.id,
    });
    expect(pdf.fileName).toBe("INV-2024-0001.pdf");
    const bytes = Buffer.from(pdf.base64, "base64");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = mkdtempSync(path.join(tmpdir(), "gp-invoice-pdf-"));
    writeFileSync(path.join(dir, "invoice.pdf"), bytes);
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "50",
      path.join(dir, "invoice.pdf"),
      path.join(dir, "page"),
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".png"))).toHaveLength(1);
    const text = execFileSync("pdftotext", [path.join(dir, "invoice.pdf"), "-"]).toString();
    expect(text).toContain("INV-2024-0001");
    expect(text).toContain("Acme GmbH");
    expect(text).toContain("DE123456789");
    // A unit price keeps its third decimal; the line's net is rounded to the cent.
    expect(text).toContain("$450.005");
    expect(text).toContain("$450.01");
  });

  it("takes payments: partial, then overpaid with the rest kept as credit", async () => {
    const partial = await call<{ balance: string }>(owner, "payments.record", {
      invoiceId: issued.id,
      amount: "500.00",
      receivedOn: "2024-10-10",
    });
    expect(partial.balance).toBe(new Decimal(issued.total).minus(500).toFixed(2));
    expect((await call(owner, "invoices.get", { id: issued.id })).status).toBe("partially_paid");
    const rest = await call<{ balance: string; credit: { amount: string } | null }>(
      owner,
      "payments.record",
      {
        invoiceId: issued.id,
        amount: new Decimal(partial.balance).plus(25).toFixed(2),
      },
    );
    expect(rest).toMatchObject({ balance: "0.00", credit: { amount: "25.00" } });
    const paid = await call(owner, "invoices.get", { id: issued.id });
    expect(paid).toMatchObject({ status: "paid", balanceDue: "0.00", amountPaid: issued.total });
    const listed = await call<{ credit: unknown[] }>(owner, "payments.list", { clientId: acme.id });
    expect(listed.credit).toEqual([{ currency: "USD", amount: "25.00" }]);
    expect(
      (await refusal(call(owner, "invoices.void", { id: issued.id, reason: "oops" }))).message,
    ).toMatch(/credit note/);
  });

  it("corrects a paid invoice with a credit note that negates it exactly", async () => {
    const note = await call(owner, "invoices.credit", {
      id: issued.id,
      lineIds: [issued.lines[4]!.id],
      reason: "Domains were prepaid",
    });
    expect(note).toMatchObject({
      kind: "credit_note",
      number: `CN-${new Date().getFullYear()}-0001`,
      total: "-38.97",
      correctsId: issued.id,
    });
  });
});

describe("numbers", () => {
  it("are gapless and never shared by invoices issued at the same time", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await call<{ id: string }>(owner, "clients.create", {
        name: `Parallel ${i}`,
        currency: "USD",
        pricing: { retainer: { amount: "10", description: "Retainer" } },
      });
      ids.push((await call(owner, "invoices.draft", { clientId: client.id, ...PERIOD })).id);
    }
    const issued = await Promise.all(
      ids.map((id) => call(owner, "invoices.issue", { id, issueDate: "2024-10-03" })),
    );
    const numbers = issued.map((i) => i.number).sort();
    expect(numbers).toEqual(
      ["0002", "0003", "0004", "0005", "0006", "0007"].map((n) => `INV-2024-${n}`),
    );
  });

  it("void an invoice nobody paid and give its time back", async () => {
    const [first] = await call<Detail[]>(owner, "invoices.list", { status: "issued" });
    const voided = await call(owner, "invoices.void", {
      id: first!.id,
      reason: "Sent to the wrong client",
    });
    expect(voided).toMatchObject({
      status: "void",
      voidReason: "Sent to the wrong client",
      number: first!.number,
    });
  });
});

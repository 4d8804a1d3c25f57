import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { timeEntries } from "../../projects/projects.schema.ts";
import { PERIOD } from "../invoicing.testkit.ts";
import { type Detail, refusal, setupInvoicingTest } from "./invoices.testing.ts";

const kit = setupInvoicingTest();
const { call } = kit;

describe("drafting an invoice", () => {
  let draft: Detail;

  it("bills allocated cloud cost with markup, rounded billable hours and the retainer, to the cent", async () => {
    draft = await call(kit.member, "invoices.draft", { clientId: kit.acme.id, ...PERIOD });
    const lines = draft.lines.map((l) => [l.kind, l.description, l.quantity, l.unitPrice, l.net]);
    expect(lines).toEqual([
      ["cloud", "AWS — Amazon EC2", "1", "120", "120.00"],
      ["cloud", "AWS — Amazon S3", "1", "22", "22.00"],
      ["time", `${kit.projectName} — invoices`, "2", "100", "200.00"],
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
      kit.owner,
      "clients.costs",
      { clientId: kit.acme.id, from: PERIOD.periodStart, to: PERIOD.periodEnd },
    );
    expect(costs.total).toBe("142.00");
    expect(costs.items.map((i) => [i.service, i.amount])).toEqual([
      ["Amazon EC2", "120.00"],
      ["Amazon S3", "22.00"],
    ]);
  });

  it("refuses a second invoice for an overlapping period", async () => {
    const error = await refusal(
      call(kit.owner, "invoices.draft", { clientId: kit.acme.id, ...PERIOD }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already has a draft invoice/);
  });

  it("re-prices a draft when a line changes, and keeps sum(lines) + tax = total", async () => {
    const edited = await call(kit.owner, "invoices.lines.update", {
      id: draft.lines[3]!.id,
      unitPrice: "450.005",
    });
    expect(edited.lines[3]!.net).toBe("450.01");
    const added = await call(kit.owner, "invoices.lines.add", {
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
    const empty = await call(kit.owner, "clients.create", { name: "Quiet Ltd", currency: "USD" });
    const error = await refusal(
      call(kit.owner, "invoices.draft", { clientId: empty.id, ...PERIOD }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/^Nothing to bill Quiet Ltd/);
  });

  it("refuses whole-month periods that are not", async () => {
    const error = await refusal(
      call(kit.owner, "invoices.draft", {
        clientId: kit.acme.id,
        periodStart: "2024-09-02",
        periodEnd: "2024-10-01",
      }),
    );
    expect(error.details.field).toBe("periodStart");
  });

  it("needs an exchange rate for costs in another currency, then converts before the markup", async () => {
    const globex = await call<{ id: string }>(kit.owner, "clients.create", {
      name: "Globex",
      currency: "EUR",
      pricing: { cloud: { markupPercent: "20" }, discountPercent: "10", minimumFee: "100" },
    });
    const error = await refusal(
      call(kit.owner, "invoices.draft", { clientId: globex.id, ...PERIOD }),
    );
    expect(error.details.field).toBe("exchangeRates");
    expect(error.message).toMatch(/USD/);
    const eur = await call(kit.owner, "invoices.draft", {
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
    await call(kit.owner, "invoices.delete", { id: eur.id });
  });
});

describe("issuing", () => {
  let issued: Detail;

  it("is for admins: a member may draft but not issue", async () => {
    const error = await refusal(
      call(kit.member, "invoices.issue", {
        id: (await call<Detail[]>(kit.owner, "invoices.list", {}))[0]!.id,
      }),
    );
    expect(error.code).toBe("forbidden");
  });

  it("numbers the invoice, sets its due date from the client's terms and locks its time", async () => {
    const [draft] = await call<Detail[]>(kit.owner, "invoices.list", {
      clientId: kit.acme.id,
      status: "draft",
    });
    issued = await call(kit.owner, "invoices.issue", { id: draft!.id, issueDate: "2024-10-02" });
    expect(issued).toMatchObject({
      status: "issued",
      number: "INV-2024-0001",
      issueDate: "2024-10-02",
      dueDate: "2024-11-01",
    });
    const billed = await kit.rt.database.db
      .select()
      .from(timeEntries)
      .where(eq(timeEntries.invoiceId, issued.id));
    expect(billed).toHaveLength(2);
    expect(issued.billTo).toMatchObject({
      name: "Acme GmbH",
      taxIds: [{ type: "eu_vat", value: "DE123456789" }],
    });
    // The frozen details stay as they were when the client record changes afterwards.
    await call(kit.owner, "clients.update", { id: kit.acme.id, legalName: "Acme Holding GmbH" });
    expect((await call(kit.owner, "invoices.get", { id: issued.id })).billTo.name).toBe(
      "Acme GmbH",
    );
  });

  it("makes the invoice immutable, saying why", async () => {
    const error = await refusal(
      call(kit.owner, "invoices.lines.update", { id: issued.lines[0]!.id, unitPrice: "1" }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/INV-2024-0001 is issued .* credit note/);
    expect((await refusal(call(kit.owner, "invoices.delete", { id: issued.id }))).code).toBe(
      "conflict",
    );
  });
});

describe("numbers", () => {
  it("are gapless and never shared by invoices issued at the same time", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await call<{ id: string }>(kit.owner, "clients.create", {
        name: `Parallel ${i}`,
        currency: "USD",
        pricing: { retainer: { amount: "10", description: "Retainer" } },
      });
      ids.push((await call(kit.owner, "invoices.draft", { clientId: client.id, ...PERIOD })).id);
    }
    const issued = await Promise.all(
      ids.map((id) => call(kit.owner, "invoices.issue", { id, issueDate: "2024-10-03" })),
    );
    const numbers = issued.map((i) => i.number).sort();
    expect(numbers).toEqual(
      ["0002", "0003", "0004", "0005", "0006", "0007"].map((n) => `INV-2024-${n}`),
    );
  });

  it("void an invoice nobody paid and give its time back", async () => {
    const [first] = await call<Detail[]>(kit.owner, "invoices.list", { status: "issued" });
    const voided = await call(kit.owner, "invoices.void", {
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

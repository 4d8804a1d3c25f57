import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import { type Detail, issueAcmeInvoice, refusal, setupInvoicingTest } from "./invoices.testing.ts";

const kit = setupInvoicingTest();
const { call } = kit;
let issued: Detail;

beforeAll(async () => {
  issued = await issueAcmeInvoice(kit);
});

describe("paying and correcting an issued invoice", () => {
  it("takes payments: partial, then overpaid with the rest kept as credit", async () => {
    const partial = await call<{ balance: string }>(kit.owner, "payments.record", {
      invoiceId: issued.id,
      amount: "500.00",
      receivedOn: "2024-10-10",
    });
    expect(partial.balance).toBe(new Decimal(issued.total).minus(500).toFixed(2));
    expect((await call(kit.owner, "invoices.get", { id: issued.id })).status).toBe(
      "partially_paid",
    );
    const rest = await call<{ balance: string; credit: { amount: string } | null }>(
      kit.owner,
      "payments.record",
      {
        invoiceId: issued.id,
        amount: new Decimal(partial.balance).plus(25).toFixed(2),
      },
    );
    expect(rest).toMatchObject({ balance: "0.00", credit: { amount: "25.00" } });
    const paid = await call(kit.owner, "invoices.get", { id: issued.id });
    expect(paid).toMatchObject({ status: "paid", balanceDue: "0.00", amountPaid: issued.total });
    const listed = await call<{ credit: unknown[] }>(kit.owner, "payments.list", {
      clientId: kit.acme.id,
    });
    expect(listed.credit).toEqual([{ currency: "USD", amount: "25.00" }]);
    expect(
      (await refusal(call(kit.owner, "invoices.void", { id: issued.id, reason: "oops" }))).message,
    ).toMatch(/credit note/);
  });

  it("corrects a paid invoice with a credit note that negates it exactly", async () => {
    const note = await call(kit.owner, "invoices.credit", {
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

// Demo invoicing: the demo agency's three clients (named after the cost tags the demo ledger
// carries), allocation rules that give each its tagged spend, pricing plans, last month's
// invoice to Acme issued and part paid, and a draft for Globex.
import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { costAllocationRules } from "../costs/allocation.schema.ts";
import type { DemoSeeder } from "../demo/demo.service.ts";
import { projects } from "../projects/projects.schema.ts";
import { createClient, setPlan } from "./clients/clients.service.ts";
import { createDraft } from "./invoices/invoices.service.ts";
import { issueInvoice } from "./invoices/issuing.ts";
import { settingsOf } from "./invoices/settings.ts";
import { invoiceSettings } from "./invoicing.schema.ts";
import { recordPayment } from "./payments/payments.service.ts";
import { zPricingPlan } from "./pricing/pricing.ts";

const CLIENTS = [
  {
    key: "acme",
    name: "Acme",
    legalName: "Acme Retail GmbH",
    currency: "USD",
    address: { line1: "Torstraße 140", city: "Berlin", postalCode: "10119", country: "DE" },
    taxIds: [{ type: "eu_vat", value: "DE298765432" }],
    reverseCharge: true,
    plan: {
      cloud: { markupPercent: "15", overrides: [{ provider: "Cloudflare", markupPercent: "0" }] },
      retainer: { amount: "750", description: "Storefront care plan" },
      hourly: { defaultRate: "110" },
    },
    project: "WEB",
  },
  {
    key: "globex",
    name: "Globex",
    legalName: "Globex Corporation",
    currency: "USD",
    address: {
      line1: "1 Globex Way",
      city: "Cypress Creek",
      region: "OR",
      postalCode: "97000",
      country: "US",
    },
    taxIds: [],
    reverseCharge: false,
    plan: { cloud: { markupPercent: "20", lineGrouping: "provider" }, minimumFee: "250" },
    project: null,
  },
  {
    key: "initech",
    name: "Initech",
    legalName: "Initech LLC",
    currency: "USD",
    address: {
      line1: "4120 Freidrich Lane",
      city: "Austin",
      region: "TX",
      postalCode: "78744",
      country: "US",
    },
    taxIds: [],
    reverseCharge: false,
    plan: {
      cloud: { basis: "EffectiveCost", markupPercent: "10" },
      retainer: { amount: "300", description: "Portal hosting" },
    },
    project: null,
  },
] as const;

function lastMonth(today = new Date()) {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { periodStart: day(start), periodEnd: day(end) };
}

export const seedDemoInvoicing: DemoSeeder = async (db: Db, ctx) => {
  const { workspaceId, ownerUserId } = ctx;
  await settingsOf(db, workspaceId);
  await db
    .update(invoiceSettings)
    .set({
      companyName: "Demo Agency Ltd",
      address: {
        line1: "12 Harbour Street",
        city: "Bristol",
        postalCode: "BS1 4RN",
        country: "GB",
      },
      taxId: "GB123456789",
      email: "billing@demo.glasspane.dev",
      paymentInstructions:
        "Bank transfer to IBAN GB33 BUKB 2020 1555 5555 55 (invented), quoting the invoice number.",
      footer: "Demo Agency Ltd · invented data for the Glass Pane demo",
      defaultTaxRate: "20",
    })
    .where(eq(invoiceSettings.workspaceId, workspaceId));
  const ids = new Map<string, string>();
  for (const [i, c] of CLIENTS.entries()) {
    const client = await createClient(db, workspaceId, {
      name: c.name,
      legalName: c.legalName,
      allocationKey: c.key,
      email: `accounts@${c.key}.example`,
      contacts: [{ name: `${c.name} accounts`, email: `accounts@${c.key}.example` }],
      billingAddress: c.address,
      currency: c.currency,
      taxIds: [...c.taxIds],
      paymentTermsDays: 30,
      defaultTaxRate: c.reverseCharge ? null : "0",
      reverseCharge: c.reverseCharge,
      notes: "",
    });
    ids.set(c.key, client.id);
    await setPlan(db, workspaceId, client.id, null, zPricingPlan.parse(c.plan));
    await db.insert(costAllocationRules).values({
      workspaceId,
      name: `${c.name}: everything tagged client=${c.key}`,
      priority: (i + 1) * 10,
      match: { tags: { client: [c.key] } },
      targets: [{ kind: "client", key: c.key, percent: "100" }],
    });
    if (c.project)
      await db
        .update(projects)
        .set({ clientId: client.id })
        .where(and(eq(projects.workspaceId, workspaceId), eq(projects.key, c.project)));
  }
  const period = lastMonth();
  const acme = await createDraft(db, workspaceId, {
    clientId: ids.get("acme")!,
    ...period,
    exchangeRates: {},
    notes: "Thank you for your business.",
    createdBy: ownerUserId,
  });
  const issued = await issueInvoice(db, workspaceId, acme.id, period.periodEnd);
  await recordPayment(db, workspaceId, {
    invoiceId: issued.id,
    amount: "500.00",
    receivedOn: period.periodEnd,
    method: "bank_transfer",
    reference: "ACME-REMIT-0412",
    note: "",
    createdBy: ownerUserId,
  });
  await createDraft(db, workspaceId, {
    clientId: ids.get("globex")!,
    ...period,
    exchangeRates: {},
    notes: "",
    createdBy: ownerUserId,
  });
};

// Audit scenarios for the invoicing module's mutations (clients, pricing, settings, invoices,
// payments): one successful call each, for audit.test.ts.
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

let clientCount = 0;
const PERIOD = { periodStart: "2024-09-01", periodEnd: "2024-10-01" };

export function invoicingScenarios(kit: ScenarioKit): Scenarios {
  const owner = kit.owner;
  const newClient = async () =>
    (await kit.as(owner(), "clients.create", {
      name: `Audited client ${++clientCount}`,
      currency: "EUR",
      pricing: { retainer: { amount: "100", description: "Retainer" } },
    })) as { id: string };
  const draft = async () => {
    const client = await newClient();
    return (await kit.as(owner(), "invoices.draft", { clientId: client.id, ...PERIOD })) as {
      id: string;
      lines: { id: string }[];
      total: string;
    };
  };
  const issued = async () => {
    const invoice = await draft();
    return (await kit.as(owner(), "invoices.issue", {
      id: invoice.id,
      issueDate: "2024-10-02",
    })) as {
      id: string;
      lines: { id: string }[];
      total: string;
    };
  };
  return {
    "clients.create": () =>
      kit.call(owner(), "clients.create", { name: "Audited Co", currency: "EUR" }),
    "clients.update": async () =>
      kit.call(owner(), "clients.update", { id: (await newClient()).id, notes: "Pays late" }),
    "clients.delete": async () =>
      kit.call(owner(), "clients.delete", { id: (await newClient()).id }),
    "clients.pricing.set": async () =>
      kit.call(owner(), "clients.pricing.set", {
        clientId: (await newClient()).id,
        plan: { cloud: { markupPercent: "15" } },
      }),
    "invoicing.settings.update": () =>
      kit.call(owner(), "invoicing.settings.update", {
        companyName: "Audited Agency",
        defaultTaxRate: "19",
      }),
    "invoices.draft": async () =>
      kit.call(owner(), "invoices.draft", { clientId: (await newClient()).id, ...PERIOD }),
    "invoices.delete": async () => kit.call(owner(), "invoices.delete", { id: (await draft()).id }),
    "invoices.lines.add": async () =>
      kit.call(owner(), "invoices.lines.add", {
        invoiceId: (await draft()).id,
        description: "Setup",
        quantity: "1",
        unitPrice: "50",
        taxRate: "19",
      }),
    "invoices.lines.update": async () =>
      kit.call(owner(), "invoices.lines.update", {
        id: (await draft()).lines[0]!.id,
        quantity: "2",
      }),
    "invoices.lines.remove": async () =>
      kit.call(owner(), "invoices.lines.remove", { id: (await draft()).lines[0]!.id }),
    "invoices.issue": async () => kit.call(owner(), "invoices.issue", { id: (await draft()).id }),
    "invoices.markSent": async () =>
      kit.call(owner(), "invoices.markSent", { id: (await issued()).id }),
    "invoices.void": async () =>
      kit.call(owner(), "invoices.void", { id: (await issued()).id, reason: "Audit" }),
    "invoices.credit": async () =>
      kit.call(owner(), "invoices.credit", { id: (await issued()).id, reason: "Audit" }),
    "payments.record": async () =>
      kit.call(owner(), "payments.record", { invoiceId: (await issued()).id, amount: "10" }),
    "payments.applyCredit": async () => {
      const first = await issued();
      await kit.as(owner(), "payments.record", { invoiceId: first.id, amount: "200" });
      // The overpayment is the client's credit; a second invoice of the same client uses it.
      const [row] = (await kit.as(owner(), "invoices.list", {})) as {
        id: string;
        clientId: string;
      }[];
      const clientId = row!.clientId;
      await kit.as(owner(), "clients.pricing.set", {
        clientId,
        plan: { retainer: { amount: "50", description: "Retainer" } },
      });
      const second = (await kit.as(owner(), "invoices.draft", {
        clientId,
        periodStart: "2024-10-01",
        periodEnd: "2024-11-01",
      })) as { id: string };
      await kit.as(owner(), "invoices.issue", { id: second.id });
      return kit.call(owner(), "payments.applyCredit", { invoiceId: second.id });
    },
    "payments.delete": async () => {
      const invoice = await issued();
      const { payment } = (await kit.as(owner(), "payments.record", {
        invoiceId: invoice.id,
        amount: "5",
      })) as {
        payment: { id: string };
      };
      return kit.call(owner(), "payments.delete", { id: payment.id });
    },
  };
}

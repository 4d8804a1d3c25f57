import {
  type FocusRow,
  RowError,
  type SourceFields,
  type SourceFormat,
  type SourceRecord,
} from "../import/focus.ts";
import { monthStart, nextMonthStart } from "./periods.ts";
import { columnReader, extensionsOf, valueAt } from "./source-columns.ts";
import { columnKeys, decimal } from "./values.ts";

/**
 * DigitalOcean invoice CSV, as `GET /v2/customers/my/invoices/{uuid}/csv` serves it
 * (DigitalOcean OpenAPI, billing/responses/invoice_csv.yml):
 * `product,group_description,description,hours,start,end,USD,project_name,category`.
 * The amount column is named after the currency and written with its symbol (`$3.11`).
 *
 * BillingAccountId: the CSV names no team or account. The rows get the fixed id
 * `digitalocean` (one DigitalOcean team per workspace is the common case); a connector that
 * knows the team will pass its id instead. SubAccount is the DigitalOcean project, by name,
 * the only project field the CSV has.
 *
 * BillingPeriodStart is the month of the line's `start` (an invoice covers one calendar month
 * of usage, UTC). DigitalOcean has one public price list and no commitments here, so
 * BilledCost = EffectiveCost = ListCost = ContractedCost.
 */
const COLUMNS = {
  product: ["product"],
  groupDescription: ["group_description"],
  description: ["description"],
  hours: ["hours"],
  start: ["start"],
  end: ["end"],
  projectName: ["project_name"],
  category: ["category"],
} as const;
type Role = keyof typeof COLUMNS;

const CURRENCY_COLUMN = /^[A-Z]{3}$/;
const BILLING_ACCOUNT_ID = "digitalocean";

/** FOCUS ServiceCategory by DigitalOcean product, written by us from DigitalOcean's product list. */
const SERVICE_CATEGORIES: Record<string, string> = {
  Droplets: "Compute",
  "Kubernetes Clusters": "Compute",
  "App Platform": "Compute",
  Functions: "Compute",
  "GPU Droplets": "Compute",
  Volumes: "Storage",
  "Volume Snapshots": "Storage",
  Snapshots: "Storage",
  Backups: "Storage",
  "Droplet Backups": "Storage",
  "Spaces Subscription": "Storage",
  Spaces: "Storage",
  "Container Registry": "Developer Tools",
  "Managed Databases": "Databases",
  "Database Clusters": "Databases",
  "Load Balancers": "Networking",
  "Floating IPs": "Networking",
  "Reserved IPs": "Networking",
  "Reserved IPv6": "Networking",
  Bandwidth: "Networking",
  Monitoring: "Management and Governance",
  Uptime: "Management and Governance",
  "GenAI Platform": "AI and Machine Learning",
};

export const digitalOceanFormat: SourceFormat = {
  id: "digitalocean-invoice",
  label: "DigitalOcean invoice CSV",
  detect(columns) {
    const keys = columnKeys(columns);
    return (
      ["product", "description", "hours", "start", "end"].every((key) => keys.has(key)) &&
      columns.some((column) => CURRENCY_COLUMN.test(column))
    );
  },
  createMapper(columns) {
    const reader = columnReader<Role>(columns, COLUMNS);
    const currency = columns.find((column) => CURRENCY_COLUMN.test(column)) ?? "USD";
    const currencyAt = columns.indexOf(currency);
    return (record: SourceRecord | SourceFields): FocusRow => {
      const read = reader.row(record);
      const amount = moneyAmount(valueAt(record, currency, currencyAt), currency);
      const start = read.requiredInstant("start");
      const product = read.required("product");
      const description = read.text("description");
      const category = chargeCategory(product, description, amount);
      const hours = read.decimal("hours");
      const project = read.text("projectName");
      return {
        BillingAccountId: BILLING_ACCOUNT_ID,
        BillingCurrency: currency,
        BillingPeriodStart: monthStart(start),
        BillingPeriodEnd: nextMonthStart(start),
        ChargePeriodStart: start,
        ChargePeriodEnd: read.requiredInstant("end"),
        BilledCost: amount,
        EffectiveCost: amount,
        ListCost: amount,
        ContractedCost: amount,
        ChargeCategory: category,
        ChargeClass: null,
        ChargeDescription: description,
        // Usage is metered hourly up to a monthly cap; tax is levied once per invoice.
        ChargeFrequency:
          category === "Usage" ? "Usage-Based" : category === "Tax" ? "Recurring" : "One-Time",
        PricingCategory: category === "Usage" ? "Standard" : null,
        ConsumedQuantity: category === "Usage" ? hours : null,
        ConsumedUnit: category === "Usage" && hours !== null ? "Hours" : null,
        PricingQuantity: category === "Usage" ? hours : null,
        PricingUnit: category === "Usage" && hours !== null ? "Hours" : null,
        ProviderName: "DigitalOcean",
        PublisherName: "DigitalOcean",
        InvoiceIssuerName: "DigitalOcean",
        ServiceName: product,
        ServiceCategory: SERVICE_CATEGORIES[product] ?? "Other",
        SubAccountId: project,
        SubAccountName: project,
        SubAccountType: project ? "Project" : null,
        extensions: extensionsOf({
          x_GroupDescription: read.text("groupDescription"),
          x_Category: read.text("category"),
        }),
      };
    };
  },
};

function chargeCategory(product: string, description: string | null, amount: string): string {
  if (/^tax(es)?$/i.test(product)) return "Tax";
  if (/credit/i.test(product) || (/credit/i.test(description ?? "") && amount.startsWith("-")))
    return "Credit";
  return "Usage";
}

/**
 * An amount as the invoice writes it: `$3.11`, `-$1.00`, `$-1.00`, `($1.00)` or `1,234.56`,
 * as a decimal string. A blank amount is refused: an invoice line always has one.
 */
export function moneyAmount(value: unknown, column: string): string {
  const raw = typeof value === "string" ? value.trim() : value;
  if (typeof raw !== "string") {
    const number = decimal(raw, column);
    if (number === null) throw new RowError(column, "is empty");
    return number;
  }
  const parenthesised = /^\((.*)\)$/.exec(raw);
  let body = parenthesised ? (parenthesised[1] ?? "") : raw;
  let negative = Boolean(parenthesised);
  if (/^-/.test(body)) {
    negative = !negative;
    body = body.slice(1);
  }
  body = body.replace(/^[$€£]/, "");
  if (/^-/.test(body)) {
    negative = !negative;
    body = body.slice(1);
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(body)) body = body.replaceAll(",", "");
  const number = decimal(body, column);
  if (number === null) throw new RowError(column, "is empty");
  if (number.startsWith("-")) throw new RowError(column, `"${raw}" is not an amount`);
  return negative && !/^0(\.0*)?$/.test(number) ? `-${number}` : number;
}

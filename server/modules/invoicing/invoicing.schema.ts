import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/auth.schema.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";

/** Someone the agency bills. Cost allocation rules name it by `allocationKey`. */
export const clients = pgTable(
  "clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    legalName: text("legal_name").notNull(),
    /** The key of allocation targets { kind: "client", key } that belong to this client. */
    allocationKey: text("allocation_key").notNull(),
    email: text("email"),
    /** [{ name, email?, phone?, role? }] */
    contacts: jsonb("contacts").notNull().default([]),
    /** { line1, line2?, city, postalCode?, region?, country (ISO 3166 alpha-2) } */
    billingAddress: jsonb("billing_address"),
    currency: text("currency").notNull(),
    /** [{ type: "eu_vat" | "gb_vat" | "abn" | …, value }] */
    taxIds: jsonb("tax_ids").notNull().default([]),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    /** Percent; null falls back to the workspace's default. */
    defaultTaxRate: numeric("default_tax_rate"),
    /** Business customer in another VAT area: no tax charged, the reverse-charge note printed. */
    reverseCharge: boolean("reverse_charge").notNull().default(false),
    notes: text("notes").notNull().default(""),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.workspaceId, t.allocationKey), index().on(t.workspaceId, t.name)],
);

/**
 * How a client (or one of its projects) is charged: pass-through cloud cost with markup, a
 * retainer, hourly time, per-resource fees, a minimum, a discount. Validated by zod; see
 * pricing.ts for the shape.
 */
export const pricingPlans = pgTable(
  "pricing_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    /** Null: the client's plan; set: overrides it for one project. */
    projectId: uuid("project_id"),
    plan: jsonb("plan").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pricing_plans_one_per_client_project").on(
      t.clientId,
      sql`coalesce(${t.projectId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/** Who sends the invoices and how they are numbered and rounded; one row per workspace. */
export const invoiceSettings = pgTable("invoice_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  companyName: text("company_name").notNull().default(""),
  /** { line1, line2?, city, postalCode?, region?, country } */
  address: jsonb("address"),
  taxId: text("tax_id"),
  email: text("email"),
  paymentInstructions: text("payment_instructions").notNull().default(""),
  footer: text("footer").notNull().default(""),
  /** PNG or JPEG, base64, at most 256 KiB. */
  logo: text("logo"),
  numberFormat: text("number_format").notNull().default("INV-{YYYY}-{seq:4}"),
  /** The next invoice's counter; taken in the issuing transaction, so numbers have no gaps. */
  nextNumber: integer("next_number").notNull().default(1),
  creditNoteFormat: text("credit_note_format").notNull().default("CN-{YYYY}-{seq:4}"),
  nextCreditNumber: integer("next_credit_number").notNull().default(1),
  /** half-up | half-even */
  rounding: text("rounding").notNull().default("half-up"),
  /** per-rate | per-line */
  taxRounding: text("tax_rounding").notNull().default("per-rate"),
  defaultTaxRate: numeric("default_tax_rate").notNull().default("0"),
  /** Overdue reminders are also POSTed here, signed with the vault secret REMINDER_SECRET. */
  reminderWebhookUrl: text("reminder_webhook_url"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An invoice or credit note. Drafts are edited freely; issuing gives it its number, freezes the
 * client's and sender's details and makes it immutable. Corrections are credit notes.
 */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    /** invoice | credit_note */
    kind: text("kind").notNull().default("invoice"),
    /** The invoice a credit note corrects. */
    correctsId: uuid("corrects_id"),
    /** Null while a draft. */
    number: text("number"),
    /** draft | issued | sent | partially_paid | paid | void (overdue is derived from dueDate). */
    status: text("status").notNull().default("draft"),
    periodStart: date("period_start", { mode: "string" }),
    periodEnd: date("period_end", { mode: "string" }),
    issueDate: date("issue_date", { mode: "string" }),
    dueDate: date("due_date", { mode: "string" }),
    currency: text("currency").notNull(),
    /** Invoice currency per one unit of each cost currency: { "USD": "0.92" }. */
    exchangeRates: jsonb("exchange_rates").notNull().default({}),
    subtotal: numeric("subtotal").notNull().default("0"),
    tax: numeric("tax").notNull().default("0"),
    total: numeric("total").notNull().default("0"),
    /** [{ rate, base, tax }] */
    taxBreakdown: jsonb("tax_breakdown").notNull().default([]),
    amountPaid: numeric("amount_paid").notNull().default("0"),
    reverseCharge: boolean("reverse_charge").notNull().default(false),
    notes: text("notes").notNull().default(""),
    /** Frozen at issue: the client's and sender's names, addresses and tax ids. */
    clientSnapshot: jsonb("client_snapshot"),
    sellerSnapshot: jsonb("seller_snapshot"),
    /** Rounding used for the totals: { rounding, taxRounding }. */
    roundingRules: jsonb("rounding_rules").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    voidReason: text("void_reason"),
    /** Last overdue reminder, so reminders are not repeated daily. */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invoices_number_per_workspace")
      .on(t.workspaceId, t.number)
      .where(sql`number is not null`),
    index().on(t.workspaceId, t.clientId, t.periodStart),
    index().on(t.workspaceId, t.status, t.dueDate),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** cloud | time | retainer | fixed | resource_fee | minimum | discount | credit */
    kind: text("kind").notNull(),
    description: text("description").notNull(),
    quantity: numeric("quantity").notNull(),
    /** h, month, resource… */
    unit: text("unit"),
    unitPrice: numeric("unit_price").notNull(),
    discountPercent: numeric("discount_percent"),
    taxRate: numeric("tax_rate").notNull(),
    /** quantity × unitPrice × (1 − discount), rounded to the currency's minor unit. */
    net: numeric("net").notNull(),
    /** Where the line came from: cost by provider/service and markup, time entry ids… */
    detail: jsonb("detail").notNull().default({}),
  },
  (t) => [index().on(t.invoiceId, t.position)],
);

/** Money received. Without an invoice it is the client's credit, to apply to a later invoice. */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    invoiceId: uuid("invoice_id").references(() => invoices.id, { onDelete: "restrict" }),
    amount: numeric("amount").notNull(),
    currency: text("currency").notNull(),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    method: text("method").notNull().default("bank_transfer"),
    reference: text("reference").notNull().default(""),
    note: text("note").notNull().default(""),
    /** For a credit applied to an invoice: the payment whose overpayment it came from. */
    fromPaymentId: uuid("from_payment_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.clientId, t.receivedOn), index().on(t.invoiceId)],
);

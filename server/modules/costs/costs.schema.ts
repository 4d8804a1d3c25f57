import {
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/auth.schema.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";

/** One imported billing file. Its rows live in cost_line_items until a newer import replaces their period. */
export const costImports = pgTable(
  "cost_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    importedBy: uuid("imported_by").references(() => users.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    container: text("container").notNull(),
    bytes: integer("bytes").notNull(),
    rows: integer("rows").notNull(),
    /** imported | partly-replaced | replaced (a later import restated all its periods). */
    status: text("status").notNull(),
    /** Per billing account and period: rows, currency, BilledCost and EffectiveCost totals. */
    periods: jsonb("periods").notNull(),
    /** The FOCUS 1.2 conformance report of the imported rows. */
    conformance: jsonb("conformance"),
    /** Ledger rows of earlier imports this one replaced. */
    replacedRows: integer("replaced_rows").notNull().default(0),
    durationMs: integer("duration_ms").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.createdAt)],
);

/**
 * The ledger: every cost line of every source, normalised to FOCUS 1.2 columns. Provider
 * extras are the `x_` columns in `extensions`.
 *
 * A line is known by its import and its row in the file: the key `(import_id, source_row)`
 * also serves roll-up builds, replacing a period and deleting an import. The only other index,
 * `(workspace_id, charge_period_start)`, serves queries no roll-up answers. Replacing a period
 * finds the earlier imports by their `cost_imports.periods` and their rows by `import_id`, so
 * there is no index on account and period. Each index costs every COPY row: a generated id and
 * a separate `import_id` index were ~2 µs of PGlite's ~13 a row (bench/RESULTS.md, 2026-11-28).
 */
export const costLineItems = pgTable(
  "cost_line_items",
  {
    /** No foreign key: a per-row check halves bulk-load speed; rows go with their import. */
    workspaceId: uuid("workspace_id").notNull(),
    /**
     * No foreign key either: its per-row check was a fifth of COPY's time (bench/RESULTS.md,
     * 2026-11-27). Deleting an import deletes its rows first (costs.imports.delete); deleting a
     * workspace purges them by workspace_id (workspace-purge.ts).
     */
    importId: uuid("import_id").notNull(),
    /** The data row in the source file (1-based), for tracing a line back; one line a row. */
    sourceRow: integer("source_row").notNull(),
    availabilityZone: text("availability_zone"),
    billedCost: numeric("billed_cost"),
    billingAccountId: text("billing_account_id"),
    billingAccountName: text("billing_account_name"),
    billingAccountType: text("billing_account_type"),
    billingCurrency: text("billing_currency"),
    billingPeriodEnd: timestamp("billing_period_end", { withTimezone: true, mode: "string" }),
    billingPeriodStart: timestamp("billing_period_start", { withTimezone: true, mode: "string" }),
    capacityReservationId: text("capacity_reservation_id"),
    capacityReservationStatus: text("capacity_reservation_status"),
    chargeCategory: text("charge_category"),
    chargeClass: text("charge_class"),
    chargeDescription: text("charge_description"),
    chargeFrequency: text("charge_frequency"),
    chargePeriodEnd: timestamp("charge_period_end", { withTimezone: true, mode: "string" }),
    chargePeriodStart: timestamp("charge_period_start", { withTimezone: true, mode: "string" }),
    commitmentDiscountCategory: text("commitment_discount_category"),
    commitmentDiscountId: text("commitment_discount_id"),
    commitmentDiscountName: text("commitment_discount_name"),
    commitmentDiscountQuantity: numeric("commitment_discount_quantity"),
    commitmentDiscountStatus: text("commitment_discount_status"),
    commitmentDiscountType: text("commitment_discount_type"),
    commitmentDiscountUnit: text("commitment_discount_unit"),
    consumedQuantity: numeric("consumed_quantity"),
    consumedUnit: text("consumed_unit"),
    contractedCost: numeric("contracted_cost"),
    contractedUnitPrice: numeric("contracted_unit_price"),
    effectiveCost: numeric("effective_cost"),
    invoiceId: text("invoice_id"),
    invoiceIssuerName: text("invoice_issuer_name"),
    listCost: numeric("list_cost"),
    listUnitPrice: numeric("list_unit_price"),
    pricingCategory: text("pricing_category"),
    pricingCurrency: text("pricing_currency"),
    pricingCurrencyContractedUnitPrice: numeric("pricing_currency_contracted_unit_price"),
    pricingCurrencyEffectiveCost: numeric("pricing_currency_effective_cost"),
    pricingCurrencyListUnitPrice: numeric("pricing_currency_list_unit_price"),
    pricingQuantity: numeric("pricing_quantity"),
    pricingUnit: text("pricing_unit"),
    providerName: text("provider_name"),
    publisherName: text("publisher_name"),
    regionId: text("region_id"),
    regionName: text("region_name"),
    resourceId: text("resource_id"),
    resourceName: text("resource_name"),
    resourceType: text("resource_type"),
    serviceCategory: text("service_category"),
    serviceName: text("service_name"),
    serviceSubcategory: text("service_subcategory"),
    skuId: text("sku_id"),
    skuMeter: text("sku_meter"),
    skuPriceDetails: jsonb("sku_price_details"),
    skuPriceId: text("sku_price_id"),
    subAccountId: text("sub_account_id"),
    subAccountName: text("sub_account_name"),
    subAccountType: text("sub_account_type"),
    tags: jsonb("tags"),
    /**
     * The `x_` columns as a JSON object in text (`extensions::jsonb->>'x_UsageType'`): nothing
     * queries them, and parsing jsonb was a tenth of COPY's time for every row (bench/RESULTS.md).
     */
    extensions: text("extensions"),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.sourceRow] }),
    index().on(t.workspaceId, t.chargePeriodStart),
  ],
);

/** Columns both roll-ups share (fresh builders per table): import, day and dimensions… */
const rollupDimensions = () => ({
  /** No foreign key: a per-row check halves bulk-load speed; rows go with their import. */
  workspaceId: uuid("workspace_id").notNull(),
  importId: uuid("import_id")
    .notNull()
    .references(() => costImports.id, { onDelete: "cascade" }),
  day: date("day", { mode: "string" }).notNull(),
  billingPeriodStart: timestamp("billing_period_start", { withTimezone: true, mode: "string" }),
  billingAccountId: text("billing_account_id"),
  billingAccountName: text("billing_account_name"),
  subAccountId: text("sub_account_id"),
  subAccountName: text("sub_account_name"),
  providerName: text("provider_name"),
  serviceName: text("service_name"),
  serviceCategory: text("service_category"),
  regionId: text("region_id"),
  chargeCategory: text("charge_category"),
  pricingCategory: text("pricing_category"),
  billingCurrency: text("billing_currency"),
});

/** …and the summed metrics. */
const rollupMetrics = () => ({
  billedCost: numeric("billed_cost").notNull(),
  effectiveCost: numeric("effective_cost").notNull(),
  listCost: numeric("list_cost").notNull(),
  contractedCost: numeric("contracted_cost").notNull(),
  lineCount: integer("line_count").notNull(),
});

/**
 * Daily roll-up without resources or tags: what most explorer queries read. Maintained at import.
 */
export const costDaily = pgTable(
  "cost_daily",
  { ...rollupDimensions(), ...rollupMetrics() },
  (t) => [index().on(t.workspaceId, t.day), index().on(t.importId)],
);

/** Daily roll-up per resource and tag set: for top resources and tag grouping or filters. */
export const costDailyResource = pgTable(
  "cost_daily_resource",
  {
    ...rollupDimensions(),
    resourceId: text("resource_id"),
    resourceName: text("resource_name"),
    resourceType: text("resource_type"),
    tags: jsonb("tags"),
    ...rollupMetrics(),
  },
  (t) => [index().on(t.workspaceId, t.day), index().on(t.importId)],
);

/**
 * Daily roll-up per tag: one row per (day, account, provider, service, currency, tag key, tag
 * value) of the tagged costs, a coarse grain so it stays well below cost_daily_resource. A
 * filter or grouping on one tag key with only these dimensions reads this. Costs without the
 * key are not here: cost_daily minus this table. Period and account: for replacing a period.
 */
export const costDailyTag = pgTable(
  "cost_daily_tag",
  {
    workspaceId: uuid("workspace_id").notNull(),
    importId: uuid("import_id")
      .notNull()
      .references(() => costImports.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    billingPeriodStart: timestamp("billing_period_start", { withTimezone: true, mode: "string" }),
    billingAccountId: text("billing_account_id"),
    providerName: text("provider_name"),
    serviceName: text("service_name"),
    billingCurrency: text("billing_currency"),
    tagKey: text("tag_key").notNull(),
    tagValue: text("tag_value").notNull(),
    ...rollupMetrics(),
  },
  (t) => [index().on(t.workspaceId, t.tagKey, t.day), index().on(t.importId)],
);

/**
 * Monthly roll-up per resource (calendar month of the charge day): top resources and resource
 * grouping over whole months read ~30 × fewer rows than cost_daily_resource. `day` holds the
 * month's first day.
 */
export const costMonthlyResource = pgTable(
  "cost_monthly_resource",
  {
    ...rollupDimensions(),
    resourceId: text("resource_id"),
    resourceName: text("resource_name"),
    resourceType: text("resource_type"),
    ...rollupMetrics(),
  },
  (t) => [index().on(t.workspaceId, t.day), index().on(t.importId)],
);

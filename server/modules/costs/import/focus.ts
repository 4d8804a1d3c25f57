/**
 * The FOCUS 1.2 columns the ledger stores, with the type each holds. Every source format is
 * normalised to these; provider extras travel as `x_` extension columns.
 * Column list from the FOCUS specification 1.2 (CC-BY-4.0, FinOps Foundation).
 */
export const FOCUS_COLUMNS = {
  AvailabilityZone: "string",
  BilledCost: "decimal",
  BillingAccountId: "string",
  BillingAccountName: "string",
  BillingAccountType: "string",
  BillingCurrency: "string",
  BillingPeriodEnd: "datetime",
  BillingPeriodStart: "datetime",
  CapacityReservationId: "string",
  CapacityReservationStatus: "string",
  ChargeCategory: "string",
  ChargeClass: "string",
  ChargeDescription: "string",
  ChargeFrequency: "string",
  ChargePeriodEnd: "datetime",
  ChargePeriodStart: "datetime",
  CommitmentDiscountCategory: "string",
  CommitmentDiscountId: "string",
  CommitmentDiscountName: "string",
  CommitmentDiscountQuantity: "decimal",
  CommitmentDiscountStatus: "string",
  CommitmentDiscountType: "string",
  CommitmentDiscountUnit: "string",
  ConsumedQuantity: "decimal",
  ConsumedUnit: "string",
  ContractedCost: "decimal",
  ContractedUnitPrice: "decimal",
  EffectiveCost: "decimal",
  InvoiceId: "string",
  InvoiceIssuerName: "string",
  ListCost: "decimal",
  ListUnitPrice: "decimal",
  PricingCategory: "string",
  PricingCurrency: "string",
  PricingCurrencyContractedUnitPrice: "decimal",
  PricingCurrencyEffectiveCost: "decimal",
  PricingCurrencyListUnitPrice: "decimal",
  PricingQuantity: "decimal",
  PricingUnit: "string",
  ProviderName: "string",
  PublisherName: "string",
  RegionId: "string",
  RegionName: "string",
  ResourceId: "string",
  ResourceName: "string",
  ResourceType: "string",
  ServiceCategory: "string",
  ServiceName: "string",
  ServiceSubcategory: "string",
  SkuId: "string",
  SkuMeter: "string",
  SkuPriceDetails: "json",
  SkuPriceId: "string",
  SubAccountId: "string",
  SubAccountName: "string",
  SubAccountType: "string",
  Tags: "json",
} as const;

export type FocusColumn = keyof typeof FOCUS_COLUMNS;
export const FOCUS_COLUMN_NAMES = Object.keys(FOCUS_COLUMNS) as FocusColumn[];

/** The ledger's SQL column for a FOCUS column: BilledCost → billed_cost. */
export function sqlColumnOf(name: string): string {
  return name.replace(/(?<!^)(?=[A-Z])/g, "_").toLowerCase();
}

type ValueOf<T extends "string" | "decimal" | "datetime" | "json"> = T extends "json"
  ? Record<string, unknown>
  : string;

/**
 * One normalised ledger row. Decimals are decimal strings exactly as the source wrote them
 * (never floats); date-times are ISO 8601 strings in UTC (`2024-09-01T00:00:00Z`); absent
 * values are null or missing. `Tags` is a flat string map. `extensions` holds `x_` columns.
 */
export type FocusRow = {
  -readonly [C in FocusColumn]?: ValueOf<(typeof FOCUS_COLUMNS)[C]> | null;
} & {
  Tags?: Record<string, string> | null;
  extensions?: Record<string, string | number | boolean | null>;
};

/** A value as a reader hands it over: CSV gives strings, Parquet and JSON give typed values. */
export type SourceValue = unknown;
export type SourceRecord = Record<string, SourceValue>;
/**
 * A CSV row: its fields in the order of the file's columns (`Source.columns`), blanks already
 * null. Kept as the parser's array: a million rows × a hundred columns as objects keyed by
 * column name costs more than parsing them.
 */
export type SourceFields = SourceValue[];

/** A row the format cannot accept: names the column and says why. Row numbers are added by the importer. */
export class RowError extends Error {
  constructor(
    readonly column: string,
    readonly reason: string,
  ) {
    super(`${column}: ${reason}`);
  }
}

export const SOURCE_FORMATS = [
  "focus",
  "aws-cur",
  "aws-cur2",
  "azure-cost-details",
  "gcp-billing-export",
  "oci-cost-report",
  "digitalocean-invoice",
] as const;
export type SourceFormatId = (typeof SOURCE_FORMATS)[number];

/**
 * A billing export format. The importer reads the file (CSV, JSON lines or a JSON array, plain,
 * gzip or ZIP; Parquet), asks each format whether the columns are its own, and maps every
 * record to a FocusRow.
 */
export interface SourceFormat {
  id: SourceFormatId;
  /** Shown to people: "AWS Cost and Usage Report (legacy)". */
  label: string;
  /**
   * Whether these column names are this format's. For nested sources (JSON lines), the column
   * names are the top-level keys of the first record. Formats are asked in order; the first
   * that says yes wins, so a format must not claim another's files.
   */
  detect(columns: readonly string[]): boolean;
  /**
   * Prepares a mapper for files with these columns (called once per file, so per-column
   * lookups are resolved once). It takes a CSV row (SourceFields, by column position) or a
   * Parquet/JSON record (by column name). The mapper returns the ledger row, or null for a
   * record that carries no cost line (e.g. a header repeated mid-file); it throws RowError for
   * bad input.
   */
  createMapper(
    columns: readonly string[],
  ): (record: SourceRecord | SourceFields) => FocusRow | null;
}

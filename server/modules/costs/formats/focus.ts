import {
  FOCUS_COLUMN_NAMES,
  FOCUS_COLUMNS,
  type FocusColumn,
  type FocusRow,
  RowError,
  type SourceFields,
  type SourceFormat,
  type SourceRecord,
} from "../import/focus.ts";
import { valueAt } from "./source-columns.ts";
import { columnKeys, decimal, jsonObject, looseKey, tagMap, text, timestamp } from "./values.ts";

/**
 * Names earlier FOCUS versions used for what 1.2 calls otherwise, and the three display names
 * that are not the column's id (FOCUS 0.5's ids; exports with readable headers write them):
 * `Provider`, `Publisher`, `Invoice Issuer`.
 */
const PREVIOUS_NAMES: Record<string, FocusColumn> = {
  AmortizedCost: "EffectiveCost",
  ChargeType: "ChargeCategory",
  UsageQuantity: "ConsumedQuantity",
  UsageUnit: "ConsumedUnit",
  Region: "RegionId",
  Provider: "ProviderName",
  Publisher: "PublisherName",
  InvoiceIssuer: "InvoiceIssuerName",
};

/**
 * Columns FOCUS says must never be null and that the ledger cannot do without: a newer file
 * replaces the older rows of the same billing account and period, so a row without either would
 * be added on top of its month instead (`importer.ts`, replaceEarlierPeriods).
 */
const REQUIRED = ["BillingAccountId", "BillingPeriodStart"] as const satisfies FocusColumn[];
const WHY_REQUIRED =
  "FOCUS requires it on every row, and a re-exported month replaces the earlier rows of its billing account and period";

const BY_KEY = new Map<string, FocusColumn>();
for (const name of FOCUS_COLUMN_NAMES) BY_KEY.set(looseKey(name), name);
const BY_PREVIOUS_KEY = new Map<string, FocusColumn>();
for (const [old, current] of Object.entries(PREVIOUS_NAMES))
  BY_PREVIOUS_KEY.set(looseKey(old), current);

/**
 * FOCUS 1.0-preview to 1.2 from any provider (Azure, AWS, GCP and OCI all export it), in
 * PascalCase or snake_case. Columns that are not FOCUS become `x_` extension columns.
 */
export const focusFormat: SourceFormat = {
  id: "focus",
  label: "FOCUS",
  detect(columns) {
    const keys = columnKeys(columns);
    return ["billedcost", "chargeperiodstart", "billingaccountid"].every((k) => keys.has(k));
  },
  createMapper(columns) {
    let plan = planColumns(columns);
    // JSON lines name a record's columns in the record, and an exporter may leave out the
    // null ones: the first record does not know every column. A column first seen later joins
    // the plan then, so its values are not dropped from the rows after it.
    const known = new Set(columns);
    return (record: SourceRecord | SourceFields): FocusRow => {
      if (!Array.isArray(record)) {
        let grown = false;
        for (const key in record)
          if (!known.has(key)) {
            known.add(key);
            grown = true;
          }
        if (grown) plan = planColumns([...known]);
      }
      const row: FocusRow = {};
      for (const { source, at, target } of plan.columns)
        assign(row, target, valueAt(record, source, at), source);
      for (const column of REQUIRED)
        if (row[column] === null || row[column] === undefined)
          throw new RowError(plan.sourceOf.get(column) ?? column, `is required: ${WHY_REQUIRED}`);
      if (plan.extensions.length) {
        const ext: NonNullable<FocusRow["extensions"]> = {};
        for (const { source, at, name } of plan.extensions) {
          const value = valueAt(record, source, at);
          if (value === null || value === undefined || value === "") continue;
          ext[name] =
            typeof value === "string" || typeof value === "number" || typeof value === "boolean"
              ? value
              : text(value);
        }
        row.extensions = ext;
      }
      return row;
    };
  },
};

interface ColumnPlan {
  columns: { source: string; at: number; target: FocusColumn }[];
  extensions: { source: string; at: number; name: string }[];
  sourceOf: Map<FocusColumn, string>;
}

/**
 * Which source column fills each FOCUS column, and the rest as `x_`. A column under its 1.2
 * name wins over one under an earlier name (`EffectiveCost` over `AmortizedCost`), wherever
 * each stands; among equals the first does.
 */
function planColumns(columns: readonly string[]): ColumnPlan {
  const plan: ColumnPlan = { columns: [], extensions: [], sourceOf: new Map() };
  const claim = (byKey: Map<string, FocusColumn>) =>
    columns.forEach((source, at) => {
      const target = byKey.get(looseKey(source));
      if (target && !plan.sourceOf.has(target)) {
        plan.sourceOf.set(target, source);
        plan.columns.push({ source, at, target });
      }
    });
  claim(BY_KEY);
  claim(BY_PREVIOUS_KEY);
  const mapped = new Set(plan.sourceOf.values());
  columns.forEach((source, at) => {
    if (!mapped.has(source) && source.trim() !== "")
      plan.extensions.push({ source, at, name: source.startsWith("x_") ? source : `x_${source}` });
  });
  return plan;
}

function assign(row: FocusRow, column: FocusColumn, value: unknown, source: string): void {
  switch (FOCUS_COLUMNS[column]) {
    case "decimal":
      (row as Record<string, unknown>)[column] = decimal(value, source);
      return;
    case "datetime":
      (row as Record<string, unknown>)[column] = timestamp(value, source);
      return;
    case "json":
      if (column === "Tags") row.Tags = tagMap(value, source);
      else row.SkuPriceDetails = jsonObject(value, source);
      return;
    default:
      (row as Record<string, unknown>)[column] = text(value);
  }
}

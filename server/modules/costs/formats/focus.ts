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

/** Names earlier FOCUS versions used for what 1.2 calls otherwise. */
const PREVIOUS_NAMES: Record<string, FocusColumn> = {
  AmortizedCost: "EffectiveCost",
  ChargeType: "ChargeCategory",
  UsageQuantity: "ConsumedQuantity",
  UsageUnit: "ConsumedUnit",
  Region: "RegionId",
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
for (const [old, current] of Object.entries(PREVIOUS_NAMES)) BY_KEY.set(looseKey(old), current);

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
    const plan: { source: string; at: number; target: FocusColumn }[] = [];
    const extensions: { source: string; at: number; name: string }[] = [];
    const taken = new Set<FocusColumn>();
    const sourceOf = new Map<FocusColumn, string>();
    columns.forEach((source, at) => {
      const target = BY_KEY.get(looseKey(source));
      if (target && !taken.has(target)) {
        taken.add(target);
        sourceOf.set(target, source);
        plan.push({ source, at, target });
      } else if (source.trim() !== "") {
        extensions.push({ source, at, name: source.startsWith("x_") ? source : `x_${source}` });
      }
    });
    return (record: SourceRecord | SourceFields): FocusRow => {
      const row: FocusRow = {};
      for (const { source, at, target } of plan)
        assign(row, target, valueAt(record, source, at), source);
      for (const column of REQUIRED)
        if (row[column] === null || row[column] === undefined)
          throw new RowError(sourceOf.get(column) ?? column, `is required: ${WHY_REQUIRED}`);
      if (extensions.length) {
        const ext: NonNullable<FocusRow["extensions"]> = {};
        for (const { source, at, name } of extensions) {
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

import { type FocusRow, RowError, type SourceFields, type SourceRecord } from "../import/focus.ts";
import { columnIndex, decimal, text, timestamp } from "./values.ts";

/**
 * The source columns a mapper reads, resolved once per file: each role is the first of its
 * candidate names the file has, matched loosely (see `columnIndex`), so `lineItem/UnblendedCost`
 * and `line_item_unblended_cost` fill the same role, and each role's position for CSV rows.
 * Values are read through `row(record)`; errors name the file's own column (or the first
 * candidate, when the file lacks it).
 */
export function columnReader<K extends string>(
  columns: readonly string[],
  candidates: Record<K, readonly string[]>,
): ColumnReader<K> {
  const find = columnIndex(columns);
  const names = {} as Record<K, string | undefined>;
  const positions = {} as Record<K, number>;
  const labels = {} as Record<K, string>;
  for (const role of Object.keys(candidates) as K[]) {
    names[role] = candidates[role].map(find).find((name) => name !== undefined);
    positions[role] = names[role] === undefined ? -1 : columns.indexOf(names[role]);
    labels[role] = names[role] ?? candidates[role][0] ?? role;
  }
  return new ColumnReader(names, positions, labels);
}

/**
 * Reads a column by its exact name from a CSV row (by position) or an object record (by key),
 * for mappers that look columns up by name rather than by role. Positions are resolved once.
 */
export function fieldLookup(
  columns: readonly string[],
): (record: SourceRecord | SourceFields, column: string) => unknown {
  const positions = new Map<string, number>();
  columns.forEach((column, i) => {
    if (!positions.has(column)) positions.set(column, i);
  });
  return (record, column) => valueAt(record, column, positions.get(column) ?? -1);
}

/** A column's value: by its position (-1: the file lacks it) in a CSV row, by name in a record. */
export function valueAt(record: SourceRecord | SourceFields, column: string, at: number): unknown {
  if (!Array.isArray(record)) return record[column];
  return at < 0 ? undefined : record[at];
}

export class ColumnReader<K extends string> {
  /** Parquet gives the same few Date values (billing period, hours) on every row: convert once. */
  private readonly instants = new Map<number, string | null>();

  constructor(
    private readonly names: Record<K, string | undefined>,
    private readonly positions: Record<K, number>,
    private readonly labels: Record<K, string>,
  ) {}

  label(role: K): string {
    return this.labels[role];
  }

  row(record: SourceRecord | SourceFields): SourceRow<K> {
    return new SourceRow(this, record);
  }

  /** @internal */
  value(record: SourceRecord | SourceFields, role: K): unknown {
    if (Array.isArray(record)) {
      const at = this.positions[role];
      return at < 0 ? undefined : record[at];
    }
    const name = this.names[role];
    return name === undefined ? undefined : record[name];
  }

  /** @internal */
  instant(value: unknown, role: K): string | null {
    if (!(value instanceof Date)) return timestamp(value, this.labels[role]);
    const key = value.getTime();
    let instant = this.instants.get(key);
    if (instant === undefined) {
      instant = timestamp(value, this.labels[role]);
      if (this.instants.size > 10_000) this.instants.clear();
      this.instants.set(key, instant);
    }
    return instant;
  }
}

/** One record read through its file's ColumnReader. */
export class SourceRow<K extends string> {
  constructor(
    private readonly reader: ColumnReader<K>,
    private readonly record: SourceRecord | SourceFields,
  ) {}

  raw(role: K): unknown {
    return this.reader.value(this.record, role);
  }

  text(role: K): string | null {
    return text(this.raw(role));
  }

  /** A decimal string, or null when the column is absent or blank. */
  decimal(role: K): string | null {
    return decimal(this.raw(role), this.reader.label(role));
  }

  instant(role: K): string | null {
    return this.reader.instant(this.raw(role), role);
  }

  /** Text that must be there. */
  required(role: K): string {
    const value = this.text(role);
    if (value === null) throw new RowError(this.reader.label(role), "is empty");
    return value;
  }

  /** An instant that must be there. */
  requiredInstant(role: K): string {
    const value = this.instant(role);
    if (value === null) throw new RowError(this.reader.label(role), "is empty");
    return value;
  }
}

/** Extension columns without the null ones. */
export function extensionsOf(
  values: Record<`x_${string}`, string | number | boolean | null>,
): NonNullable<FocusRow["extensions"]> {
  const extensions: NonNullable<FocusRow["extensions"]> = {};
  for (const key in values) {
    const value = values[key as `x_${string}`];
    if (value !== null) extensions[key] = value as string | number | boolean;
  }
  return extensions;
}

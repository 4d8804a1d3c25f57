import type { FocusRow } from "../import/focus.ts";

export interface RowSnapshot {
  /** The current row's values, by slot; checks hold on to this array and their slot. */
  readonly values: readonly unknown[];
  /** The slot of a column, `x_` columns coming from extensions; missing values are null. */
  slot(column: string): number;
  /** Makes `row` the current row. */
  load(row: FocusRow): void;
}

type Loader = (row: FocusRow, values: unknown[]) => void;

/**
 * The current row's values in an array, filled once per row for the columns the checks use.
 * Hundreds of checks then read array slots: reading `row[name]` from hundreds of call sites
 * with different names is a megamorphic property lookup each time, several times slower.
 * The filling itself is compiled (once the checks have taken their slots) into one function
 * reading each column by its literal name, for the same reason.
 */
export function createRowSnapshot(): RowSnapshot {
  const columns: string[] = [];
  const values: unknown[] = [];
  const slots = new Map<string, number>();
  let loader: Loader | null = null;
  return {
    values,
    slot(column) {
      let slot = slots.get(column);
      if (slot === undefined) {
        slot = columns.length;
        slots.set(column, slot);
        columns.push(column);
        values.push(null);
        loader = null;
      }
      return slot;
    },
    load(row) {
      loader ??= compileLoader(columns);
      loader(row, values);
    },
  };
}

function compileLoader(columns: readonly string[]): Loader {
  // Names are written as JSON string literals: `row["BilledCost"]` is a named property read.
  const lines = columns.map((column, k) =>
    column.startsWith("x_")
      ? `values[${k}] = (extensions === undefined || extensions === null ? undefined : extensions[${JSON.stringify(column)}]) ?? null;`
      : `values[${k}] = row[${JSON.stringify(column)}] ?? null;`,
  );
  return new Function(
    "row",
    "values",
    `const extensions = row.extensions;\n${lines.join("\n")}`,
  ) as Loader;
}

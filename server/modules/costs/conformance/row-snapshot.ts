import type { FocusRow } from "../import/focus.ts";

export interface RowSnapshot {
  /** The current row's values, by slot; checks hold on to this array and their slot. */
  readonly values: readonly unknown[];
  /** The slot of a column, `x_` columns coming from extensions; missing values are null. */
  slot(column: string): number;
  /** Makes `row` the current row. */
  load(row: FocusRow): void;
}

/**
 * The current row's values in an array, filled once per row for the columns the checks use.
 * Hundreds of checks then read array slots: reading `row[name]` from hundreds of call sites
 * with different names is a megamorphic property lookup each time, several times slower.
 */
export function createRowSnapshot(): RowSnapshot {
  const columns: string[] = [];
  const isExtension: boolean[] = [];
  const values: unknown[] = [];
  const slots = new Map<string, number>();
  return {
    values,
    slot(column) {
      let slot = slots.get(column);
      if (slot === undefined) {
        slot = columns.length;
        slots.set(column, slot);
        columns.push(column);
        isExtension.push(column.startsWith("x_"));
        values.push(null);
      }
      return slot;
    },
    load(row) {
      const record = row as Record<string, unknown>;
      const extensions = row.extensions;
      for (let k = 0; k < columns.length; k++) {
        const column = columns[k] as string;
        values[k] = (isExtension[k] ? extensions?.[column] : record[column]) ?? null;
      }
    },
  };
}

import { productMatches } from "./decimal-product.ts";
import type { CheckNode } from "./model.ts";
import type { RowSnapshot } from "./row-snapshot.ts";
import {
  isCurrencyCode,
  isDateTime,
  isDecimal,
  isKeyValue,
  isNumericFormat,
  isUtcDateTime,
  quote,
  show,
  stringProblem,
  toNumber,
} from "./value-formats.ts";

/**
 * The model's leaf check functions, each compiled once into a row test. As in the upstream
 * validator's SQL, a null value never violates a value check (nullability has rules of its
 * own): "X is V", "X ≥ 0" or "X is a decimal" are UNKNOWN for a null X, "X is not V" holds.
 * SKIP is what a referenced rule answers when it does not apply to the row; AND and OR pass
 * over it.
 */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export const SKIP = 3;
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN | typeof SKIP;

/** A test of the current row (see RowSnapshot). */
export interface RowTest {
  test(): Tri;
  /** Why the row failed, for people; called only after test answered FALSE. */
  explain(): string;
  /** A caveat on how far the check went, e.g. when its bounded memory filled up. */
  note?(): string | null;
  /** The same test as data, for the engine to run without a call (see Quick). */
  quick?: Quick;
  /**
   * The row slots the test reads, when its verdict depends on nothing else (no memory of
   * earlier rows, no other rule's verdict): a large AND or OR of such tests can remember its
   * verdict per combination of these values (see remembered).
   */
  inputs?: readonly number[];
  /** How many leaf tests one run may take: 1 for a leaf, the sum of its items for a junction. */
  size?: number;
}

/**
 * The common leaf tests as plain data: the engine runs them inline, as a call per test per
 * row is most of the cost of checking a row. `value` runs `accepts` only when the column's
 * value differs from the last one seen, as billing rows repeat most values.
 */
export type Quick =
  | { op: "constant"; verdict: Tri }
  | { op: "isNull" | "notNull"; slot: number }
  | { op: "equals" | "notEquals"; slot: number; text: string }
  | { op: "value"; slot: number; accepts: (value: unknown) => boolean };

export interface CheckEnv {
  row: RowSnapshot;
  currencyCodes: ReadonlySet<string>;
  /** Columns the ledger stores: every FOCUS column, so presence checks pass. */
  storedColumns: ReadonlySet<string>;
  /** Most distinct keys a distinct-count check remembers (bounded memory). */
  distinctKeyLimit: number;
}

/** A compiled test, or why this check cannot be run on rows. */
export type LeafCompiler = (node: CheckNode, env: CheckEnv) => RowTest | string;

/** Reads a column of the current row. */
type Read = () => unknown;

function reader(env: CheckEnv, column: string): Read {
  const values = env.row.values;
  const at = env.row.slot(column);
  return () => values[at];
}

function text(node: CheckNode, key: string): string {
  const value = node[key];
  if (typeof value !== "string" || value === "") throw new Error(`needs ${key}`);
  return value;
}

function equals(value: unknown, expected: unknown): boolean {
  if (typeof expected === "number") return toNumber(value) === expected;
  return typeof value === "string" ? value === expected : show(value) === String(expected);
}

function same(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" ? a === b : show(a) === show(b);
}

/** A check of one value on its own; the verdict for the last value is kept, as values repeat. */
function valueTest(
  env: CheckEnv,
  column: string,
  accepts: (value: unknown) => boolean,
  problem: string,
): RowTest {
  const values = env.row.values;
  const at = env.row.slot(column);
  let last: unknown;
  let lastAccepted = false;
  return {
    test() {
      const value = values[at];
      if (value === null) return UNKNOWN;
      if (value !== last) {
        last = value;
        lastAccepted = accepts(value);
      }
      return lastAccepted ? TRUE : FALSE;
    },
    explain: () => `${column} ${quote(values[at])} ${problem}`,
    quick: { op: "value", slot: at, accepts },
    inputs: [at],
  };
}

const valueCheck =
  (accepts: (value: unknown, env: CheckEnv) => boolean, problem: string): LeafCompiler =>
  (node, env) =>
    valueTest(env, text(node, "ColumnName"), (value) => accepts(value, env), problem);

function checkValue(node: CheckNode, env: CheckEnv, negate: boolean): RowTest {
  const column = text(node, "ColumnName");
  const expected = node.Value ?? null;
  const values = env.row.values;
  const at = env.row.slot(column);
  if (expected === null) {
    const ifNull = negate ? FALSE : TRUE;
    const ifValue = negate ? TRUE : FALSE;
    return {
      test: () => (values[at] === null ? ifNull : ifValue),
      explain: () => (negate ? `${column} is null` : `${column} is ${quote(values[at])}, not null`),
      quick: { op: negate ? "notNull" : "isNull", slot: at },
      inputs: [at],
    };
  }
  return {
    test() {
      const value = values[at];
      // "X is not V" holds for a null X; "X is V" is unknown for it.
      if (value === null) return negate ? TRUE : UNKNOWN;
      return equals(value, expected) !== negate ? TRUE : FALSE;
    },
    explain: () =>
      negate
        ? `${column} is ${quote(expected)}`
        : `${column} is ${quote(values[at])}, not ${quote(expected)}`,
    quick:
      typeof expected === "string"
        ? { op: negate ? "notEquals" : "equals", slot: at, text: expected }
        : undefined,
    inputs: [at],
  };
}

function compareColumns(node: CheckNode, env: CheckEnv, wantSame: boolean): RowTest {
  const a = text(node, "ColumnAName");
  const b = text(node, "ColumnBName");
  const readA = reader(env, a);
  const readB = reader(env, b);
  return {
    test() {
      const x = readA();
      const y = readB();
      if (x === null || y === null) return UNKNOWN;
      return same(x, y) === wantSame ? TRUE : FALSE;
    },
    explain: () =>
      wantSame
        ? `${a} ${quote(readA())} differs from ${b} ${quote(readB())}`
        : `${a} and ${b} are both ${quote(readA())}`,
    inputs: [env.row.slot(a), env.row.slot(b)],
  };
}

function atLeast(node: CheckNode, env: CheckEnv): RowTest {
  const column = text(node, "ColumnName");
  const minimum = toNumber(node.Value);
  if (Number.isNaN(minimum)) throw new Error("needs a numeric Value");
  const read = reader(env, column);
  return {
    test() {
      const value = toNumber(read());
      if (Number.isNaN(value)) return UNKNOWN; // null or not a number: other rules say so
      return value >= minimum ? TRUE : FALSE;
    },
    explain: () => `${column} ${quote(read())} is less than ${minimum}`,
    inputs: [env.row.slot(column)],
  };
}

function product(node: CheckNode, env: CheckEnv): RowTest {
  const a = text(node, "ColumnAName");
  const b = text(node, "ColumnBName");
  const result = text(node, "ResultColumnName");
  const [readA, readB, readR] = [reader(env, a), reader(env, b), reader(env, result)];
  return {
    test() {
      const match = productMatches(readA(), readB(), readR());
      return match === null ? UNKNOWN : match ? TRUE : FALSE;
    },
    explain() {
      const made = toNumber(readA()) * toNumber(readB());
      return `${a} × ${b} is ${made}, but ${result} is ${quote(readR())}`;
    },
    inputs: [env.row.slot(a), env.row.slot(b), env.row.slot(result)],
  };
}

/**
 * "Each A has exactly N distinct B", row by row: a row fails when it brings an A its N+1th
 * distinct B. Memory is bounded: beyond distinctKeyLimit keys, new keys go unchecked and the
 * note says so. Keys with fewer than N values are not flagged (every model use has N = 1).
 */
function distinctCount(node: CheckNode, env: CheckEnv): RowTest {
  const a = text(node, "ColumnAName");
  const b = text(node, "ColumnBName");
  const expected = toNumber(node.ExpectedCount);
  if (!Number.isInteger(expected) || expected < 1) throw new Error("needs ExpectedCount ≥ 1");
  const [readA, readB] = [reader(env, a), reader(env, b)];
  const seen = new Map<string, string[]>();
  let isFull = false;
  return {
    test() {
      const key = show(readA());
      const value = show(readB());
      if (key === null || value === null) return UNKNOWN;
      const values = seen.get(key);
      if (!values) {
        if (seen.size >= env.distinctKeyLimit) {
          isFull = true;
          return UNKNOWN;
        }
        seen.set(key, [value]);
        return TRUE;
      }
      if (values.includes(value)) return TRUE;
      if (values.length < expected) values.push(value);
      else return FALSE;
      return TRUE;
    },
    explain() {
      const key = show(readA()) ?? "";
      const earlier = (seen.get(key) ?? []).map(quote).join(", ");
      return `${a} ${quote(key)} has ${b} ${quote(readB())} as well as ${earlier}`;
    },
    note: () =>
      isFull
        ? `checked for the first ${env.distinctKeyLimit.toLocaleString("en")} ${a} values`
        : null,
  };
}

/** Check functions the model has that are not run on rows, and why. */
export const UNCHECKED_FUNCTIONS: Record<string, string> = {
  FormatUnit: "the unit format is advisory and needs the FOCUS unit vocabulary",
};

/** The model's CheckFunctions that test row values, by name. */
export const LEAF_CHECKS: Record<string, LeafCompiler> = {
  ColumnPresent(node, env) {
    const column = text(node, "ColumnName");
    const verdict = env.storedColumns.has(column) ? TRUE : FALSE;
    return {
      test: () => verdict,
      explain: () => `the ledger has no ${column} column`,
      quick: { op: "constant", verdict },
      inputs: [],
    };
  },
  TypeString: valueCheck((v) => typeof v === "string", "is not a string"),
  TypeDecimal: valueCheck(isDecimal, "is not a decimal number"),
  TypeDateTime: valueCheck(isDateTime, "is not a date-time"),
  CheckDecimalValue: valueCheck(isDecimal, "is not a valid decimal"),
  FormatNumeric: valueCheck(isNumericFormat, "is not a plain number (like -12.5 or 1.2E-7)"),
  FormatDateTime: valueCheck(isUtcDateTime, "is not a UTC date-time like 2024-09-01T00:00:00Z"),
  FormatCurrency: valueCheck(isCurrencyCode, "is not a three-letter currency code"),
  CheckNationalCurrency: valueCheck(
    (v, env) => typeof v === "string" && env.currencyCodes.has(v),
    "is not an ISO 4217 national currency",
  ),
  FormatKeyValue: valueCheck(isKeyValue, "is not a flat key-value object"),
  FormatString(node, env) {
    const column = text(node, "ColumnName");
    const problem = (v: unknown) => (typeof v === "string" ? stringProblem(v) : "is not text");
    const test = valueTest(env, column, (v) => problem(v) === null, "");
    const read = reader(env, column);
    return { ...test, explain: () => `${column} ${problem(read()) ?? ""}` };
  },
  CheckValue: (node, env) => checkValue(node, env, false),
  CheckNotValue: (node, env) => checkValue(node, env, true),
  CheckSameValue: (node, env) => compareColumns(node, env, true),
  CheckNotSameValue: (node, env) => compareColumns(node, env, false),
  CheckGreaterOrEqualThanValue: atLeast,
  ColumnByColumnEqualsColumnValue: product,
  CheckDistinctCount: distinctCount,
};

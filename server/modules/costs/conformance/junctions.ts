import { FALSE, type RowTest, SKIP, TRUE, type Tri, UNKNOWN } from "./checks.ts";
import type { CheckNode } from "./model.ts";
import type { RowSnapshot } from "./row-snapshot.ts";
import { quote, show } from "./value-formats.ts";

/**
 * Smooths over spellings the 1.2 model uses in a few places: `{ "AND": [...] }` without a
 * CheckFunction (CapacityReservationStatus-C-003/004), and `CheckCondition` where every other
 * rule writes `ColumnName` (ResourceId-C-006-C, ResourceType-C-005-C).
 */
export function normalise(node: CheckNode): CheckNode {
  if (node.CheckFunction === undefined) {
    for (const fn of ["AND", "OR"]) {
      const items = node[fn];
      if (items !== undefined) return { CheckFunction: fn, Items: [items].flat() };
    }
  }
  if (node.ColumnName === undefined && typeof node.CheckCondition === "string")
    return { ...node, ColumnName: node.CheckCondition };
  if ((node.CheckFunction === "AND" || node.CheckFunction === "OR") && !Array.isArray(node.Items))
    return { ...node, Items: [] };
  return node;
}

/**
 * AND and OR in SQL's three-valued logic, SKIP (a referenced rule that does not apply) being
 * neutral: AND is FALSE over UNKNOWN over TRUE over SKIP, OR is TRUE over UNKNOWN over FALSE.
 * When every item reads only row values (`inputs`), so does the junction.
 */
export function junction(kind: "AND" | "OR", items: RowTest[]): RowTest {
  const tests = items.map((item) => item.test);
  const count = tests.length;
  const [decisive, weaker] = kind === "AND" ? [FALSE, TRUE] : [TRUE, FALSE];
  const isPure = items.every((item) => item.inputs !== undefined);
  return {
    test(): Tri {
      let out: Tri = SKIP;
      for (let k = 0; k < count; k++) {
        const answer = (tests[k] as () => Tri)();
        if (answer === decisive) return decisive;
        if (answer === UNKNOWN) out = UNKNOWN;
        else if (answer === weaker && out === SKIP) out = weaker;
      }
      return out;
    },
    inputs: isPure ? [...new Set(items.flatMap((item) => item.inputs ?? []))] : undefined,
    size: items.reduce((sum, item) => sum + (item.size ?? 1), 0),
    explain(): string {
      const failing = items.filter((item) => item.test() === FALSE);
      if (kind === "AND") return failing[0]?.explain() ?? "";
      return failing.map((item) => item.explain()).join("; or ");
    },
  };
}

// A junction of fewer leaf tests runs faster than its verdict can be looked up.
const REMEMBER_FROM_SIZE = 8;
const REMEMBERED_COMBINATIONS = 10_000;

/**
 * A large junction that reads only row values, answering from its verdict for the same values
 * when it has met them: billing rows repeat a few combinations, and the model's longest OR
 * (every ServiceCategory × ServiceSubcategory pair, ~100 tests) would otherwise run in full on
 * every row. Other tests are returned as they are. Memory is bounded: the remembered
 * combinations are forgotten when they reach REMEMBERED_COMBINATIONS.
 */
export function remembered(test: RowTest, row: RowSnapshot): RowTest {
  const { inputs } = test;
  if (!inputs || test.quick || (test.size ?? 1) < REMEMBER_FROM_SIZE) return test;
  const at = Int32Array.from(inputs);
  const values = row.values;
  const verdicts = new Map<string, Tri>();
  const run = test.test;
  return {
    ...test,
    test(): Tri {
      // The values as one key: "-" for null, "<length>:<text>" for text, so keys are unique.
      let key = "";
      for (let k = 0; k < at.length; k++) {
        const value = values[at[k] as number];
        if (value === null) key += "-";
        else if (typeof value === "string") key += `${value.length}:${value}`;
        else return run();
      }
      let verdict = verdicts.get(key);
      if (verdict === undefined) {
        verdict = run();
        if (verdicts.size >= REMEMBERED_COMBINATIONS) verdicts.clear();
        verdicts.set(key, verdict);
      }
      return verdict;
    },
  };
}

const MAX_LISTED = 6;

/**
 * An OR of CheckValue items on one column, the model's way of writing "one of the allowed
 * values", as a single set lookup. Same answers as the general OR. Null for other ORs.
 */
export function allowedValues(node: CheckNode, row: RowSnapshot): RowTest | null {
  const items = (node.Items as CheckNode[]).map(normalise);
  const column = items[0]?.ColumnName;
  if (typeof column !== "string" || items.length < 2) return null;
  const options: (string | null)[] = [];
  for (const item of items) {
    const option = item.Value ?? null;
    if (item.CheckFunction !== "CheckValue" || item.ColumnName !== column) return null;
    if (option !== null && typeof option !== "string") return null;
    options.push(option);
  }
  const allowed = new Set(options.filter((v) => v !== null));
  const allowsNull = options.includes(null);
  const values = row.values;
  const at = row.slot(column);
  const listed =
    allowed.size <= MAX_LISTED ? `one of ${[...allowed].join(", ")}` : "an allowed value";
  return {
    test() {
      const value = values[at];
      if (value === null) return allowsNull ? TRUE : UNKNOWN;
      return allowed.has(typeof value === "string" ? value : (show(value) ?? "")) ? TRUE : FALSE;
    },
    explain: () => `${column} ${quote(values[at])} is not ${listed}`,
    quick: allowsNull
      ? undefined
      : { op: "value", slot: at, accepts: (v) => allowed.has(show(v) ?? "") },
    inputs: [at],
  };
}

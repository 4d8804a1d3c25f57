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
 */
export function junction(kind: "AND" | "OR", items: RowTest[]): RowTest {
  const tests = items.map((item) => item.test);
  const count = tests.length;
  const [decisive, weaker] = kind === "AND" ? [FALSE, TRUE] : [TRUE, FALSE];
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
    explain(): string {
      const failing = items.filter((item) => item.test() === FALSE);
      if (kind === "AND") return failing[0]?.explain() ?? "";
      return failing.map((item) => item.explain()).join("; or ");
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
  };
}

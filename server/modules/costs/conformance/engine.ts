import { FALSE, type Quick, type RowTest, SKIP, TRUE, type Tri, UNKNOWN } from "./checks.ts";
import type { CompiledModel, RulePlan } from "./compile.ts";

export interface Example {
  row: number;
  value: string | null;
  reason: string;
}

export interface Tally {
  rows: number;
  checked: Float64Array;
  failed: Float64Array;
  examples: Example[][];
}

const MAX_EXAMPLES = 3;
const [AND, OR, LEAF] = [0, 1, 2];
const [CALL, CONSTANT, IS_NULL, NOT_NULL, EQUALS, NOT_EQUALS, VALUE] = [0, 1, 2, 3, 4, 5, 6];
const CODES: Record<Quick["op"], number> = {
  constant: CONSTANT,
  isNull: IS_NULL,
  notNull: NOT_NULL,
  equals: EQUALS,
  notEquals: NOT_EQUALS,
  value: VALUE,
};

/** Parents before children, over checkable rules (Kahn's algorithm). */
function topDown(plans: RulePlan[]): number[] {
  const live = plans.flatMap((plan, i) => (plan.skipReason === null ? [i] : []));
  const waiting = new Map(live.map((i) => [i, plans[i]?.parents.length ?? 0]));
  const children = new Map<number, number[]>();
  for (const i of live)
    for (const p of plans[i]?.parents ?? []) children.set(p, [...(children.get(p) ?? []), i]);
  const order = live.filter((i) => waiting.get(i) === 0);
  for (let k = 0; k < order.length; k++)
    for (const child of children.get(order[k] as number) ?? []) {
      const left = (waiting.get(child) ?? 0) - 1;
      waiting.set(child, left);
      if (left === 0) order.push(child);
    }
  return order;
}

/**
 * Every condition and leaf requirement as a row of flat arrays: op code, column slot, operand,
 * the last value seen and its verdict. Tests without a Quick form are called.
 */
function tabulate(tests: (RowTest | null)[]) {
  const n = tests.length;
  const table = {
    code: new Uint8Array(n).fill(CALL),
    slot: new Int32Array(n),
    text: new Array<string | null>(n).fill(null),
    accepts: new Array<((value: unknown) => boolean) | null>(n).fill(null),
    call: new Array<(() => Tri) | null>(n).fill(null),
    lastValue: new Array<unknown>(n).fill(undefined),
    lastVerdict: new Uint8Array(n),
  };
  tests.forEach((test, t) => {
    const quick = test?.quick;
    table.call[t] = test?.test ?? null;
    if (!quick) return;
    table.code[t] = CODES[quick.op];
    if (quick.op === "constant") table.lastVerdict[t] = quick.verdict;
    else table.slot[t] = quick.slot;
    if (quick.op === "equals" || quick.op === "notEquals") table.text[t] = quick.text;
    if (quick.op === "value") table.accepts[t] = quick.accepts;
  });
  return table;
}

/**
 * Runs the compiled rules over the current row in two passes over flat arrays. Top down: a rule
 * applies when a parent applies (or it is a root) and its own condition holds, so a child only
 * sees rows its parent's condition lets through. Bottom up: leaves test the row, composites
 * combine their children's verdicts. Each rule runs at most once per row, without recursion.
 */
export function createEngine(
  compiled: CompiledModel,
  values: readonly unknown[],
  /** The value an example shows: the rule's column in the current row. */
  exampleValue: (plan: RulePlan) => () => string | null,
) {
  const { plans, verdicts, explain } = compiled;
  const order = Int32Array.from(topDown(plans));
  const n = plans.length;
  // A rule applies to the row if its gate does: the rule itself when it has a condition, is a
  // root or has several parents; otherwise its parent's gate. Only gates are evaluated top down.
  const gateOf = new Int32Array(n);
  for (const i of order) {
    const plan = plans[i] as RulePlan;
    const parent = plan.parents.length === 1 ? (plan.parents[0] as number) : -1;
    gateOf[i] = plan.condition || parent < 0 ? i : (gateOf[parent] as number);
  }
  const gates = order.filter((i) => gateOf[i] === i);
  const applies = new Uint8Array(n);
  const hasCondition = Uint8Array.from(plans, (plan) => (plan.condition ? 1 : 0));
  const parentGates = plans.map((plan) =>
    Int32Array.from(plan.parents, (p) => gateOf[p] as number),
  );
  const kinds = Uint8Array.from(plans, (plan) =>
    plan.parts ? (plan.parts.kind === "AND" ? AND : OR) : LEAF,
  );
  // Composites' parts, all in one array: rule i's are partList[partStart[i]..partStart[i + 1]).
  const partList = Int32Array.from(plans.flatMap((plan) => plan.parts?.children ?? []));
  const partStart = new Int32Array(n + 1);
  plans.forEach((plan, i) => {
    partStart[i + 1] = (partStart[i] ?? 0) + (plan.parts?.children.length ?? 0);
  });
  const orStart = Uint8Array.from(plans, (plan) => (plan.parts?.mayHoldOtherwise ? UNKNOWN : SKIP));
  // Rule i's condition is test i, its requirement test n + i.
  const { code, slot, text, accepts, call, lastValue, lastVerdict } = tabulate([
    ...plans.map((plan) => plan.condition),
    ...plans.map((plan) => plan.requirement),
  ]);
  const shownValues = plans.map((plan) => (plan.skipReason === null ? exampleValue(plan) : null));
  const tally: Tally = {
    rows: 0,
    checked: new Float64Array(n),
    failed: new Float64Array(n),
    examples: plans.map(() => []),
  };

  const combine = (i: number): Tri => {
    const end = partStart[i + 1] as number;
    if (kinds[i] === AND) {
      let out: Tri = SKIP;
      for (let k = partStart[i] as number; k < end; k++) {
        const verdict = verdicts[partList[k] as number];
        if (verdict === FALSE) return FALSE;
        if (verdict === TRUE) out = TRUE;
      }
      return out;
    }
    let out = orStart[i] as Tri;
    for (let k = partStart[i] as number; k < end; k++) {
      const verdict = verdicts[partList[k] as number];
      if (verdict === TRUE) return TRUE;
      if (verdict === FALSE && out === SKIP) out = FALSE;
    }
    return out;
  };

  const fail = (i: number, rowNumber: number) => {
    tally.failed[i]!++;
    const examples = tally.examples[i] as Example[];
    if (examples.length < MAX_EXAMPLES) {
      const value = shownValues[i]?.() ?? null;
      examples.push({ row: rowNumber, value, reason: explain(i) });
    }
  };

  /** Test t's value test (`accepts` runs only when the column's value changed). */
  const valueTest = (t: number, at: number): Tri => {
    const value = values[at];
    if (value === null) return UNKNOWN;
    if (value !== lastValue[t]) {
      lastValue[t] = value;
      lastVerdict[t] = (accepts[t] as (value: unknown) => boolean)(value) ? TRUE : FALSE;
    }
    return lastVerdict[t] as Tri;
  };

  /** Test t as an expression of the generated code, which has `x` to spare. */
  const answer = (t: number): string => {
    const at = slot[t] as number;
    switch (code[t]) {
      case CONSTANT:
        return String(lastVerdict[t]);
      case IS_NULL:
        return `(values[${at}] === null ? ${TRUE} : ${FALSE})`;
      case NOT_NULL:
        return `(values[${at}] === null ? ${FALSE} : ${TRUE})`;
      case EQUALS:
        return `((x = values[${at}]) === null ? ${UNKNOWN} : typeof x !== "string" ? call[${t}]() : x === text[${t}] ? ${TRUE} : ${FALSE})`;
      case NOT_EQUALS:
        return `((x = values[${at}]) === null ? ${TRUE} : typeof x !== "string" ? call[${t}]() : x === text[${t}] ? ${FALSE} : ${TRUE})`;
      case VALUE:
        return `valueTest(${t}, ${at})`;
    }
    return `call[${t}]()`;
  };

  // The two passes as straight-line code, compiled once per model: the same steps as a loop
  // over the flat arrays, in the same order (tests with memory see the same rows), without
  // the loop's dispatch on op codes and rule kinds, a good part of checking a row.
  const lines = ["tally.rows++;", "let x, v;"];
  for (const gate of gates) {
    const from = parentGates[gate] as Int32Array;
    const reached =
      from.length === 0 ? "true" : [...from].map((p) => `applies[${p}] === 1`).join(" || ");
    const condition = hasCondition[gate] === 0 ? "" : ` && ${answer(gate)} === ${TRUE}`;
    lines.push(`applies[${gate}] = (${reached})${condition} ? 1 : 0;`);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    const verdict = kinds[i] === LEAF ? answer(n + i) : `combine(${i})`;
    lines.push(
      `if (applies[${gateOf[i]}] === 0) verdicts[${i}] = ${SKIP};`,
      `else if ((v = ${verdict}) === ${TRUE}) { verdicts[${i}] = ${TRUE}; checked[${i}]++; }`,
      `else if (v === ${FALSE}) { verdicts[${i}] = ${FALSE}; checked[${i}]++; fail(${i}, rowNumber); }`,
      `else verdicts[${i}] = ${SKIP};`,
    );
  }
  const compiledRun = new Function(
    "tally",
    "values",
    "applies",
    "verdicts",
    "checked",
    "text",
    "call",
    "valueTest",
    "combine",
    "fail",
    `return function run(rowNumber) {\n${lines.join("\n")}\n};`,
  )(tally, values, applies, verdicts, tally.checked, text, call, valueTest, combine, fail) as (
    rowNumber: number,
  ) => void;

  return {
    tally,
    /** Checks the row whose values are in `values`. */
    run: compiledRun,
  };
}

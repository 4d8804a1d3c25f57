import { FOCUS_COLUMN_NAMES, type FocusRow } from "../import/focus.ts";
import { compileModel, type RulePlan } from "./compile.ts";
import { describeRule } from "./describe.ts";
import { createEngine, type Example, type Tally } from "./engine.ts";
import { bundledModel, type ConformanceModel } from "./model.ts";
import { createRowSnapshot } from "./row-snapshot.ts";
import { show } from "./value-formats.ts";

export interface RuleResult {
  id: string;
  column: string | null;
  description: string;
  status: "pass" | "fail" | "not-applicable";
  /** Rows the rule applied to. */
  checked: number;
  failed: number;
  /** At most three failing rows. */
  examples: Example[];
}

export interface ConformanceReport {
  version: "1.2";
  rows: number;
  passed: number;
  failed: number;
  notApplicable: number;
  rules: RuleResult[];
}

export interface ConformanceOptions {
  /**
   * Provider capabilities the source has, as the model's ApplicabilityCriteria ids
   * (`COMMITMENT_DISCOUNT_SUPPORTED`). Rules that need one not listed are not applicable.
   */
  applicability?: readonly string[];
  /** A model other than the bundled FOCUS 1.2 one (parsed with parseModel). */
  model?: ConformanceModel;
}

export interface ConformanceCheck {
  add(row: FocusRow, rowNumber: number): void;
  result(): ConformanceReport;
}

// Three distinct-count rules each remember up to this many keys with their first value.
const DISTINCT_KEY_LIMIT = 50_000;

/**
 * Checks ledger rows against the FinOps Foundation's FOCUS 1.2 conformance model as they stream
 * past. The model is compiled once (closures and flat tables, see compile.ts and engine.ts);
 * memory stays bounded: counters, three examples per rule, capped distinct-count state.
 */
export function createConformanceCheck(options: ConformanceOptions = {}): ConformanceCheck {
  const bundled = bundledModel();
  const row = createRowSnapshot();
  const compiled = compileModel(
    options.model ?? bundled.model,
    {
      row,
      currencyCodes: bundled.currencyCodes,
      storedColumns: new Set<string>(FOCUS_COLUMN_NAMES),
      distinctKeyLimit: DISTINCT_KEY_LIMIT,
    },
    new Set(options.applicability ?? []),
  );
  const engine = createEngine(compiled, row.values, (plan) => {
    if (plan.column === null) return () => null;
    const at = row.slot(plan.column);
    return () => show(row.values[at]);
  });
  return {
    add(focusRow, rowNumber) {
      row.load(focusRow);
      engine.run(rowNumber);
    },
    result() {
      const results = compiled.plans.map((plan, i) => summarise(plan, i, engine.tally));
      const count = (status: RuleResult["status"]) =>
        results.filter((r) => r.status === status).length;
      return {
        version: "1.2",
        rows: engine.tally.rows,
        passed: count("pass"),
        failed: count("fail"),
        notApplicable: count("not-applicable"),
        rules: results,
      };
    },
  };
}

function summarise(plan: RulePlan, i: number, tally: Tally): RuleResult {
  const base = { id: plan.id, column: plan.column };
  const text = describeRule(plan.rule);
  if (plan.skipReason !== null || plan.alternativeOf !== null) {
    const why = plan.skipReason ?? `counted in ${plan.alternativeOf}, as one of its alternatives`;
    return notApplicable(base, `${text} (not checked: ${why})`);
  }
  const checked = tally.checked[i] ?? 0;
  const failed = tally.failed[i] ?? 0;
  const notes = plan.notes.map((test) => test.note?.()).filter((note) => !!note);
  const noted = notes.length > 0 ? `${text} (${notes.join("; ")})` : text;
  if (checked === 0)
    return notApplicable(base, `${noted} (${tally.rows ? "no row it applies to" : "no rows"})`);
  return {
    ...base,
    description: noted,
    status: failed > 0 ? "fail" : "pass",
    checked,
    failed,
    examples: [...(tally.examples[i] ?? [])],
  };
}

function notApplicable(base: Pick<RuleResult, "id" | "column">, description: string): RuleResult {
  return { ...base, description, status: "not-applicable", checked: 0, failed: 0, examples: [] };
}

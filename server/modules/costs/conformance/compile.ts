import {
  type CheckEnv,
  FALSE,
  LEAF_CHECKS,
  type RowTest,
  SKIP,
  type Tri,
  UNCHECKED_FUNCTIONS,
  UNKNOWN,
} from "./checks.ts";
import { describeCriterion } from "./describe.ts";
import { allowedValues, junction, normalise, remembered } from "./junctions.ts";
import type { CheckNode, ConformanceModel, ModelRule } from "./model.ts";

/** A composite that is an AND or OR of other rules: the usual shape, combined without calls. */
export interface RuleParts {
  kind: "AND" | "OR";
  children: number[];
  /** An OR with an alternative we cannot check: it may hold although every other fails. */
  mayHoldOtherwise: boolean;
}

/** One model rule, ready to run; rules are numbered in model order. */
export interface RulePlan {
  id: string;
  rule: ModelRule;
  column: string | null;
  /** Why the rule is never checked row by row; null when it is. */
  skipReason: string | null;
  /** The OR rule this one is an alternative of: it counts there, not on its own. */
  alternativeOf: string | null;
  condition: RowTest | null;
  /** The requirement, unless it is RuleParts. */
  requirement: RowTest | null;
  parts: RuleParts | null;
  isComposite: boolean;
  /** Checks with caveats to report (bounded memory filled up). */
  notes: RowTest[];
  /** Checkable rules that refer to this one. */
  parents: number[];
}

export interface CompiledModel {
  plans: RulePlan[];
  /** Each rule's verdict for the current row: TRUE, FALSE or SKIP (does not apply). */
  verdicts: Uint8Array;
  /** Why a rule failed the current row, for people. */
  explain(rule: number): string;
}

type Via = "AND" | "OR";

/** Which rules refer to which, and whether as an AND part or an OR alternative. */
function linkRules(model: ConformanceModel): Map<string, { parent: string; via: Via }[]> {
  const links = new Map<string, { parent: string; via: Via }[]>();
  const walk = (raw: CheckNode, parent: string, via: Via) => {
    const node = normalise(raw);
    const fn = node.CheckFunction;
    if (fn === "CheckModelRule" && typeof node.ModelRuleId === "string")
      links.set(node.ModelRuleId, [...(links.get(node.ModelRuleId) ?? []), { parent, via }]);
    if (fn === "AND" || fn === "OR")
      for (const item of node.Items as CheckNode[]) walk(item, parent, fn);
  };
  for (const [id, rule] of Object.entries(model.ModelRules))
    walk(rule.ValidationCriteria.Requirement, id, "AND");
  return links;
}

const isReference = (node: CheckNode) => normalise(node).CheckFunction === "CheckModelRule";

/** Why a rule the model gives no check (a "Dynamic" rule) is not checked. */
function withoutCheck(rule: ModelRule): string {
  if (rule.EntityType === "Column") return "it needs knowledge the data does not carry";
  if (rule.EntityType === "Attribute")
    return "a rule on how columns and files are made, with no row check in the model";
  return "a rule on the dataset as a whole, with no row check in the model";
}

/**
 * Compiles every rule of the model once. Rules the data cannot answer (dynamic rules,
 * permissions, undeclared provider capabilities, unknown check functions) get a skipReason and
 * drop out of their parents, which check what remains.
 */
export function compileModel(
  model: ConformanceModel,
  env: CheckEnv,
  declared: ReadonlySet<string>,
): CompiledModel {
  const ids = Object.keys(model.ModelRules);
  const index = new Map(ids.map((id, i) => [id, i]));
  const verdicts = new Uint8Array(ids.length).fill(SKIP);
  const plans: (RulePlan | undefined)[] = new Array(ids.length);
  const inProgress = new Set<string>();

  const explain = (i: number): string => {
    const plan = plans[i];
    if (!plan?.parts) return plan?.requirement?.explain() ?? "";
    const failing = plan.parts.children.filter((c) => verdicts[c] === FALSE);
    const reasons = failing.map((c) =>
      plans[c]?.isComposite ? explain(c) : `${ids[c]}: ${explain(c)}`,
    );
    return plan.parts.kind === "AND" ? (reasons[0] ?? "") : reasons.join("; or ");
  };

  /** A requirement or condition as a test; a string says why it cannot be; null: nothing left. */
  const compileNode = (
    raw: CheckNode,
    notes: RowTest[],
    inCondition: boolean,
  ): RowTest | string | null => {
    const node = normalise(raw);
    const fn = String(node.CheckFunction ?? "");
    if (fn === "AND" || fn === "OR") {
      const fast = fn === "OR" ? allowedValues(node, env.row) : null;
      if (fast) return fast;
      const tests: RowTest[] = [];
      let checkable = 0;
      for (const item of node.Items as CheckNode[]) {
        const test = compileNode(item, notes, inCondition);
        if (typeof test === "string") return test;
        if (test !== null) {
          tests.push(test);
          checkable++;
        } else if (fn === "OR") {
          // An alternative we cannot check might hold: the OR can be unknown, never false.
          tests.push({ test: () => UNKNOWN, explain: () => "", inputs: [] });
        }
      }
      return checkable === 0 ? null : junction(fn, tests);
    }
    if (fn === "CheckModelRule") {
      if (inCondition) return "its condition refers to another rule";
      const child = compileRule(String(node.ModelRuleId));
      if (child === null) return null;
      return {
        test: () => verdicts[child] as Tri,
        explain: () =>
          plans[child]?.isComposite ? explain(child) : `${ids[child]}: ${explain(child)}`,
      };
    }
    const leaf = LEAF_CHECKS[fn];
    if (!leaf)
      return (
        UNCHECKED_FUNCTIONS[fn] ?? `the check function ${fn || "(none)"} is unknown to this checker`
      );
    try {
      const test = leaf(node, env);
      if (typeof test !== "string" && test.note) notes.push(test);
      return test;
    } catch (error) {
      return `${fn} ${error instanceof Error ? error.message : "is malformed"}`;
    }
  };

  /** Compiles a rule (children first); its index, or null when it cannot be checked. */
  const compileRule = (id: string): number | null => {
    const i = index.get(id);
    const rule = model.ModelRules[id];
    if (i === undefined || !rule || inProgress.has(id)) return null;
    if (!plans[i]) {
      inProgress.add(id);
      plans[i] = planRule(id, rule);
      inProgress.delete(id);
    }
    return plans[i]?.skipReason === null ? i : null;
  };

  const planRule = (id: string, rule: ModelRule): RulePlan => {
    const criteria = rule.ValidationCriteria;
    const plan: RulePlan = {
      id,
      rule,
      column:
        rule.EntityType === "Column" || env.storedColumns.has(rule.Reference)
          ? rule.Reference
          : null,
      skipReason: null,
      alternativeOf: null,
      condition: null,
      requirement: null,
      parts: null,
      isComposite: rule.Function === "Composite",
      notes: [],
      parents: [],
    };
    const skip = (reason: string) => Object.assign(plan, { skipReason: reason });
    if (rule.Status !== "Active") return skip(`its status is ${rule.Status}`);
    const missing = rule.ApplicabilityCriteria.filter((c) => !declared.has(c));
    if (missing.length > 0) {
      const needs = missing.map((c, k) => {
        const need = describeCriterion(model.ApplicabilityCriteria[c]?.Description ?? c);
        return k === 0 ? need : need.replace(/^the provider /, "");
      });
      return skip(`applies only if ${needs.join(" and ")}`);
    }
    const checkedBy = Object.entries(model.CheckFunctions).flatMap(([fn, { FormatAttributes }]) =>
      FormatAttributes.includes(id) && LEAF_CHECKS[fn] ? [fn] : [],
    );
    if (checkedBy.length > 0)
      return skip(
        `each column's ${checkedBy.join(" and ")} ${checkedBy.length > 1 ? "checks cover" : "check covers"} it`,
      );
    if (Object.keys(criteria.Requirement).length === 0) return skip(withoutCheck(rule));
    if (criteria.Keyword === "MAY" && !plan.isComposite)
      return skip("a permission, nothing to check");
    if (Object.keys(criteria.Condition).length > 0) {
      const condition = compileNode(criteria.Condition, plan.notes, true);
      if (typeof condition === "string") return skip(condition);
      plan.condition = condition && remembered(condition, env.row);
    }
    const requirement = normalise(criteria.Requirement);
    const kind = requirement.CheckFunction;
    const items = (requirement.Items ?? []) as CheckNode[];
    if ((kind === "AND" || kind === "OR") && items.length > 0 && items.every(isReference)) {
      const children = items.map((item) => compileRule(String(normalise(item).ModelRuleId)));
      const kept = children.filter((c) => c !== null);
      if (kept.length === 0) return skip("none of its parts can be checked");
      plan.parts = {
        kind,
        children: kept,
        mayHoldOtherwise: kind === "OR" && kept.length < children.length,
      };
      return plan;
    }
    const test = compileNode(criteria.Requirement, plan.notes, false);
    if (typeof test === "string") return skip(test);
    if (test === null) return skip("none of its parts can be checked");
    plan.requirement = remembered(test, env.row);
    return plan;
  };

  for (const id of ids) compileRule(id);
  const compiled = plans as RulePlan[];
  settleReach(compiled, linkRules(model), index);
  return { plans: compiled, verdicts, explain };
}

/**
 * Gives rules that no checkable rule leads to the reason of the ancestor that blocks them (its
 * context never holds), records each rule's checkable parents, and marks OR alternatives:
 * "X is null" and "X is not null" each fail half the rows alone; only their OR means something.
 */
function settleReach(
  plans: RulePlan[],
  links: Map<string, { parent: string; via: Via }[]>,
  index: Map<string, number>,
): void {
  const byId = (id: string) => plans[index.get(id) ?? -1];
  const childrenOf = new Map<string, string[]>();
  for (const [child, from] of links)
    for (const { parent } of from)
      childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), child]);
  const reached = new Set<string>();
  const visit = (plan: RulePlan | undefined) => {
    if (!plan || reached.has(plan.id) || plan.skipReason !== null) return;
    reached.add(plan.id);
    for (const child of childrenOf.get(plan.id) ?? []) visit(byId(child));
  };
  for (const plan of plans) if (!links.has(plan.id)) visit(plan);

  const blockedBy = (id: string, seen: Set<string>): string => {
    for (const { parent } of links.get(id) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const reason = byId(parent)?.skipReason || blockedBy(parent, seen);
      if (reason) return reason;
    }
    return "";
  };
  for (const plan of plans) {
    if (plan.skipReason !== null) continue;
    if (!reached.has(plan.id)) {
      plan.skipReason = blockedBy(plan.id, new Set()) || "no dataset rule leads to it";
      continue;
    }
    const from = (links.get(plan.id) ?? []).filter((l) => reached.has(l.parent));
    plan.parents = [...new Set(from.map((l) => index.get(l.parent) ?? -1))];
    if (from.length > 0 && from.every((l) => l.via === "OR"))
      plan.alternativeOf = from[0]?.parent ?? null;
  }
}

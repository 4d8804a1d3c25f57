import type { OperationInput, OperationOutput } from "../../../lib/api.ts";
import { type ExplorerFilters, filterValueOf, valuesText } from "../explorer-state.ts";
import { fromScaled, toScaled } from "../money.ts";

export type Rule = OperationOutput<"costs.allocation.rules.list">[number];
export type RuleInput = OperationInput<"costs.allocation.rules.create">;
export type RuleMatch = RuleInput["match"];
export type Share = RuleInput["targets"][number];
export type TargetKind = Share["kind"];

export const KIND_LABELS: Record<TargetKind, string> = { client: "Client", project: "Project" };

/**
 * A rule's match in the explorer's filter shape, so the explorer's filter menus can edit it.
 * A null value (costs where the column is not set, or without the tag key) stays null.
 */
export function filtersOf(match: Record<string, unknown>): ExplorerFilters {
  const filters: ExplorerFilters = { columns: {}, tags: {} };
  for (const [key, value] of Object.entries(match)) {
    if (key === "tags" && value && typeof value === "object") {
      for (const [tag, values] of Object.entries(value as Record<string, unknown>))
        if (Array.isArray(values)) filters.tags[tag] = values.map(filterValueOf);
    } else if (Array.isArray(value)) {
      filters.columns[key] = value.map(filterValueOf);
    }
  }
  return filters;
}

/** The filters as a rule's match; empty when nothing is picked, so the server says what to do. */
export function matchOf(filters: ExplorerFilters): RuleMatch {
  const columns = Object.entries(filters.columns).filter(([, values]) => values.length > 0);
  const tags = Object.entries(filters.tags).filter(([, values]) => values.length > 0);
  return {
    ...Object.fromEntries(columns),
    ...(tags.length > 0 ? { tags: Object.fromEntries(tags) } : {}),
  } as RuleMatch;
}

/** "ServiceName = AWS Lambda, Amazon S3", "tag client = acme": one line per column or tag key. */
export function describeMatch(filters: ExplorerFilters): string[] {
  return [
    ...Object.entries(filters.columns).map(
      ([column, values]) => `${column} = ${valuesText(values, ", ")}`,
    ),
    ...Object.entries(filters.tags).map(
      ([key, values]) => `tag ${key} = ${valuesText(values, ", ")}`,
    ),
  ];
}

/** The shares' sum as an exact decimal string ("100", "99.9999"); unparsable shares count 0. */
export function sumOfShares(shares: Pick<Share, "percent">[]): string {
  return fromScaled(shares.reduce((sum, s) => sum + toScaled(s.percent), 0n));
}

export function isWholeSplit(shares: Pick<Share, "percent">[]): boolean {
  return toScaled(sumOfShares(shares)) === toScaled("100");
}

/** The input that saves a listed rule unchanged but for its priority. */
export function withPriority(rule: Rule, priority: number) {
  return {
    id: rule.id,
    name: rule.name,
    priority,
    // It came from the server, which only stores matches it validated.
    match: rule.match as RuleMatch,
    targets: rule.targets,
  };
}

/**
 * The priority changes that move rules[from] to position `to` of the list (which is in priority
 * order). Distinct priorities just swap with the neighbour; ties (rules saved with the same
 * priority, ordered by creation) are renumbered 10, 20, 30… so the new order is unambiguous.
 */
export function priorityChanges(
  rules: Rule[],
  from: number,
  to: number,
): { rule: Rule; priority: number }[] {
  const moved = rules[from];
  const neighbour = rules[to];
  if (!moved || !neighbour || from === to) return [];
  const priorities = new Set(rules.map((r) => r.priority));
  if (priorities.size === rules.length)
    return [
      { rule: moved, priority: neighbour.priority },
      { rule: neighbour, priority: moved.priority },
    ];
  const order = rules.filter((_, i) => i !== from);
  order.splice(to, 0, moved);
  return order.flatMap((rule, i) =>
    rule.priority === (i + 1) * 10 ? [] : [{ rule, priority: (i + 1) * 10 }],
  );
}

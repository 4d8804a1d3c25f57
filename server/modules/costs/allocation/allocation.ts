import Decimal from "decimal.js";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { type AllocationShare, costAllocationRules } from "../allocation.schema.ts";
import {
  checkPeriod,
  currenciesIn,
  type Filters,
  filterColumns,
  filterPredicate,
  fitsResourceRollup,
  type Metric,
  tableOf,
  whereOf,
} from "../explorer/query.ts";
import { billableNames } from "./allocation-targets.ts";

export type AllocationRule = typeof costAllocationRules.$inferSelect;

/** Shares must name a target once each and add up to exactly 100 %. */
export function checkRule(match: Filters, targets: AllocationShare[]): void {
  if (match.allocation)
    throw new AppError("invalid_input", "match: a rule cannot match on another allocation", {
      field: "match",
    });
  const columns = filterColumns(match);
  if (columns.length === 0 && Object.keys(match.tags ?? {}).length === 0)
    throw new AppError("invalid_input", "match: name at least one column or tag to match", {
      field: "match",
    });
  if (!fitsResourceRollup(match)) {
    throw new AppError(
      "invalid_input",
      `match: allocation rules match on accounts, services, regions, resources and tags; not on ${columns.join(", ")}`,
      { field: "match" },
    );
  }
  const seen = new Set<string>();
  let sum = new Decimal(0);
  for (const [i, target] of targets.entries()) {
    const id = `${target.kind}:${target.key}`;
    if (seen.has(id))
      throw new AppError(
        "invalid_input",
        `targets.${i}: ${target.kind} "${target.key}" is listed twice`,
        {
          field: `targets.${i}`,
        },
      );
    seen.add(id);
    sum = sum.plus(target.percent);
  }
  if (!sum.equals(100))
    throw new AppError(
      "invalid_input",
      `targets: shares add up to ${sum.toString()} %, not 100 %`,
      {
        field: "targets",
      },
    );
}

export async function listRules(db: Db, workspaceId: string): Promise<AllocationRule[]> {
  return db
    .select()
    .from(costAllocationRules)
    .where(eq(costAllocationRules.workspaceId, workspaceId))
    .orderBy(asc(costAllocationRules.priority), asc(costAllocationRules.createdAt));
}

export async function findRule(db: Db, workspaceId: string, id: string) {
  const [rule] = await db
    .select()
    .from(costAllocationRules)
    .where(and(eq(costAllocationRules.id, id), eq(costAllocationRules.workspaceId, workspaceId)));
  return rule;
}

/**
 * The SQL of which rule takes a row of the per-resource roll-up (or a ledger line: rules match
 * only columns the roll-up keeps, named alike in both): the index of the first rule (in
 * priority order) whose match it meets, NULL when none does.
 */
export function ruleIndexOf(
  rules: AllocationRule[],
  source: "resource" | "ledger" = "resource",
): SQL {
  const cases: SQL[] = [];
  rules.forEach((rule, i) => {
    const predicate = filterPredicate(source, rule.match as Filters);
    if (predicate) cases.push(sql`WHEN ${predicate} THEN ${sql.raw(String(i))}`);
  });
  return cases.length ? sql`CASE ${sql.join(cases, sql` `)} END` : sql`NULL::int`;
}

export interface AllocationResult {
  currency: string | null;
  currencies: string[];
  total: string;
  /** `name`: the client's or project's with this key; null when none has it, so no invoice bills it. */
  targets: { kind: "client" | "project"; key: string; name: string | null; total: string }[];
  unallocated: string;
  rules: { id: string; name: string; total: string }[];
}

/**
 * Applies the rules to the costs of a period: each cost line goes to the first rule (by
 * priority) that matches it, split by that rule's shares; what no rule matches is unallocated.
 * Rule totals are rounded to cents that add up with the unallocated rest to the total, and each
 * is split into cents with the remainder on its last share, so everything adds up exactly.
 */
export async function allocate(
  db: Db,
  scope: { workspaceId: string; from: string; to: string; metric: Metric; currency?: string },
): Promise<AllocationResult> {
  checkPeriod(scope);
  const currencies = await currenciesIn(db, scope);
  const currency = scope.currency ?? currencies[0] ?? null;
  const rules = await listRules(db, scope.workspaceId);
  const { table, metric } = tableOf("resource");
  const ruleIndex = ruleIndexOf(rules);
  const result = await db.execute(sql`
    SELECT ${ruleIndex} AS rule, coalesce(sum(${metric(scope.metric)}), 0)::text AS total
    FROM ${table} WHERE ${whereOf("resource", scope, currency)} GROUP BY 1`);
  const byRule = new Map<number | null, Decimal>();
  for (const row of rowsOf<{ rule: number | null; total: string }>(result))
    byRule.set(row.rule === null ? null : Number(row.rule), new Decimal(row.total));

  const targets = new Map<string, { kind: "client" | "project"; key: string; total: Decimal }>();
  const ruleTotals: AllocationResult["rules"] = [];
  const zero = new Decimal(0);
  const total = [...byRule.values()].reduce((sum, v) => sum.plus(v), zero);
  // Each rule's total is rounded so that the rules and the unallocated rest add up to the
  // total (largest remainder), then split into cents with the remainder on the last share: the
  // page agrees with itself (a rule's shares add up to its total), and each figure is within a
  // cent of the exact one the explorer and invoices round.
  const cents = centsAddingUp([
    ...rules.map((_, i) => byRule.get(i) ?? zero),
    byRule.get(null) ?? zero,
  ]);
  const unallocated = cents.pop()!;
  rules.forEach((rule, i) => {
    const amount = cents[i]!;
    ruleTotals.push({ id: rule.id, name: rule.name, total: amount.toFixed(2) });
    const shares = rule.targets as AllocationShare[];
    let left = amount;
    shares.forEach((share, s) => {
      const part =
        s === shares.length - 1
          ? left
          : amount.times(share.percent).dividedBy(100).toDecimalPlaces(2);
      left = left.minus(part);
      const id = `${share.kind}:${share.key}`;
      const current = targets.get(id) ?? { kind: share.kind, key: share.key, total: zero };
      current.total = current.total.plus(part);
      targets.set(id, current);
    });
  });
  const rounded = total.toDecimalPlaces(2);
  const shown = [...targets.values()].filter((t) => !t.total.isZero());
  const names = await billableNames(db, scope.workspaceId);
  return {
    currency,
    currencies,
    total: rounded.toFixed(2),
    targets: shown
      .sort((a, b) => b.total.comparedTo(a.total))
      .map((t) => ({
        kind: t.kind,
        key: t.key,
        name: names.get(`${t.kind}:${t.key}`) ?? null,
        total: t.total.toFixed(2),
      })),
    unallocated: unallocated.toFixed(2),
    rules: ruleTotals,
  };
}

/**
 * Amounts rounded to cents that add up to their rounded sum (largest remainder): each is its
 * exact value rounded down or up by less than a cent, so the page's targets and unallocated
 * add up to its total while each stays within a cent of what the explorer and invoices show.
 */
export function centsAddingUp(values: Decimal[]): Decimal[] {
  const total = values.reduce((sum, v) => sum.plus(v), new Decimal(0)).toDecimalPlaces(2);
  const floors = values.map((v) => v.toDecimalPlaces(2, Decimal.ROUND_FLOOR));
  let spare = total
    .minus(floors.reduce((sum, v) => sum.plus(v), new Decimal(0)))
    .times(100)
    .toNumber();
  const byRemainder = values
    .map((v, i) => ({ i, remainder: v.minus(floors[i]!) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  for (const { i, remainder } of byRemainder) {
    if (spare <= 0 || remainder.isZero()) break;
    floors[i] = floors[i]!.plus("0.01");
    spare--;
  }
  return floors;
}

export interface AllocatedCost {
  provider: string | null;
  service: string | null;
  currency: string | null;
  /** The target's share of the cost, unrounded (rounded once, where it is billed). */
  cost: string;
  /** Distinct resources behind the cost. */
  resources: number;
}

/**
 * What the rules give to one target in a period, by provider, service and currency: the detail
 * an invoice bills from. Same first-match-wins rule order as `allocate`.
 */
export async function allocatedTo(
  db: Db,
  scope: { workspaceId: string; from: string; to: string; metric: Metric },
  target: { kind: "client" | "project"; key: string },
): Promise<AllocatedCost[]> {
  const rules = await listRules(db, scope.workspaceId);
  const shareOf = rules.map((rule) => {
    const share = (rule.targets as AllocationShare[]).find(
      (s) => s.kind === target.kind && s.key === target.key,
    );
    return share ? new Decimal(share.percent).dividedBy(100) : null;
  });
  if (!shareOf.some(Boolean)) return [];
  const ruleIndex = ruleIndexOf(rules);
  const { table, metric } = tableOf("resource");
  const result = await db.execute(sql`
    SELECT rule, provider_name AS provider, service_name AS service, billing_currency AS currency,
      sum(total)::text AS total, count(DISTINCT resource_id)::int AS resources
    FROM (
      SELECT ${ruleIndex} AS rule, provider_name, service_name,
        billing_currency, resource_id, ${metric(scope.metric)} AS total
      FROM ${table} WHERE ${whereOf("resource", { ...scope, filters: {} }, null)}
    ) matched
    WHERE rule IN (SELECT jsonb_array_elements_text(${JSON.stringify(
      shareOf.flatMap((s, i) => (s ? [String(i)] : [])),
    )}::jsonb)::int)
    GROUP BY 1, 2, 3, 4`);
  const merged = new Map<string, AllocatedCost & { sum: Decimal }>();
  for (const row of rowsOf<{
    rule: number;
    provider: string | null;
    service: string | null;
    currency: string | null;
    total: string;
    resources: number;
  }>(result)) {
    const part = new Decimal(row.total).times(shareOf[Number(row.rule)]!);
    const key = JSON.stringify([row.provider, row.service, row.currency]);
    const current = merged.get(key) ?? {
      provider: row.provider,
      service: row.service,
      currency: row.currency,
      cost: "0",
      resources: 0,
      sum: new Decimal(0),
    };
    current.sum = current.sum.plus(part);
    current.resources += Number(row.resources);
    merged.set(key, current);
  }
  return [...merged.values()]
    .filter((c) => !c.sum.isZero())
    .map(({ sum, ...c }) => ({ ...c, cost: sum.toString() }))
    .sort((a, b) => `${a.provider}${a.service}`.localeCompare(`${b.provider}${b.service}`));
}

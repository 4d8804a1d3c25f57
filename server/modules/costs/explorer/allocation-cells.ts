import Decimal from "decimal.js";
import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import type { AllocationRule } from "../allocation/allocation.ts";
import { listRules, ruleIndexOf } from "../allocation/allocation.ts";
import { clientsOfProjects } from "../allocation/allocation-targets.ts";
import type { AllocationShare } from "../allocation.schema.ts";
import type { CellsQuery } from "./plan.ts";
import {
  type AllocationGroup,
  type AllocationTarget,
  type Cells,
  currenciesIn,
  fitsResourceRollup,
  tableOf,
  whereOf,
} from "./query.ts";

/**
 * Explorer cells grouped by allocation target: each (bucket, rule) sum of the per-resource
 * roll-up is split by the rule's shares among the clients (or projects) it names. A client's
 * group holds the shares of its own projects too, as its invoice bills them. The rest — costs
 * no rule takes, shares given to projects of no client (by client) or to clients (by project)
 * — is the null group ("No client", "No project"). Shares are kept exact here (allocation
 * rounds to the cent only where it bills), so the groups add up to the view's total.
 */
export async function allocationCells(
  db: Db,
  query: CellsQuery & { limit?: number },
  groupBy: AllocationGroup,
): Promise<Cells> {
  if (!fitsResourceRollup(query.filters))
    throw invalid(
      "groupBy",
      "grouping by client or project works with filters on accounts, services, regions, resources and tags",
    );
  const kind = groupBy === "allocation:client" ? "client" : "project";
  const only = query.filters?.allocation;
  if (only && only.kind !== kind)
    throw invalid(
      "filters",
      `a ${only.kind}'s share cannot be grouped by ${kind}: group by ${only.kind} or by a dimension`,
    );
  const currencies = await currenciesIn(db, query);
  const currency = query.currency ?? currencies[0] ?? null;
  const rules = await listRules(db, query.workspaceId);
  const clientOf = await projectClientsFor(db, query.workspaceId, kind);
  const { table, metric } = tableOf("resource");
  const bucket = query.granularity
    ? query.granularity === "month"
      ? sql`to_char(date_trunc('month', day), 'YYYY-MM-DD')`
      : sql`to_char(day, 'YYYY-MM-DD')`
    : sql`''`;
  const result = await db.execute(sql`
    SELECT ${bucket} AS b, ${ruleIndexOf(rules)} AS rule, sum(${metric(query.metric)})::text AS t
    FROM ${table} WHERE ${whereOf("resource", query, currency ?? "")} GROUP BY 1, 2`);

  const sharesOf = rules.map((rule) => sharesFor(rule, kind, clientOf));
  const cells = new Map<string, { bucket: string; key: string | null; total: Decimal }>();
  const add = (bucketDay: string, key: string | null, amount: Decimal) => {
    const id = JSON.stringify([bucketDay, key]);
    const cell = cells.get(id) ?? { bucket: bucketDay, key, total: new Decimal(0) };
    cell.total = cell.total.plus(amount);
    cells.set(id, cell);
  };
  for (const row of rowsOf<{ b: string; rule: number | string | null; t: string }>(result)) {
    const amount = new Decimal(row.t);
    let rest = amount;
    for (const share of row.rule === null ? [] : (sharesOf[Number(row.rule)] ?? [])) {
      const part = amount.times(share.fraction);
      if (!only || share.key === only.key) add(row.b, share.key, part);
      rest = rest.minus(part);
    }
    if ((!only || only.key === null) && (!rest.isZero() || row.rule === null))
      add(row.b, null, rest);
  }

  const groups = new Map<string | null, Decimal>();
  for (const cell of cells.values())
    groups.set(cell.key, (groups.get(cell.key) ?? new Decimal(0)).plus(cell.total));
  const ranked = [...groups.entries()]
    .map(([key, total]) => ({ key, total }))
    .sort((a, b) => b.total.comparedTo(a.total) || keyOrder(a.key, b.key));
  const total = ranked.reduce((sum, g) => sum.plus(g.total), new Decimal(0));
  return {
    currency,
    currencies,
    total: total.toFixed(),
    groups: (query.limit ? ranked.slice(0, query.limit) : ranked).map((g) => ({
      key: g.key,
      total: g.total.toFixed(),
    })),
    groupCount: ranked.length,
    cells: query.granularity
      ? [...cells.values()].map((c) => ({ bucket: c.bucket, key: c.key, total: c.total.toFixed() }))
      : [],
  };
}

/**
 * The share of each per-resource roll-up row (or ledger line) the allocation rules give one
 * client or project: the first matching rule's percentage for the target (0 when that rule
 * gives it nothing, or no rule matches), as SQL over the row's columns; a client's adds its
 * projects' shares. For the rest (key null): what the rule gives to no client (no project), 1
 * when no rule matches. Multiplying costs by it is filtering by the target, exactly, and it is
 * the same share of a line as of the roll-up row it is summed into (same columns, same rules).
 */
export async function allocationWeight(
  db: Db,
  workspaceId: string,
  target: AllocationTarget,
  source: "resource" | "ledger" = "resource",
): Promise<SQL> {
  const clientOf = await projectClientsFor(db, workspaceId, target.kind);
  return weightOf(await listRules(db, workspaceId), target, clientOf, source);
}

/** Project key → its client's key, when a client's share is asked for (else none is needed). */
async function projectClientsFor(
  db: Db,
  workspaceId: string,
  kind: AllocationTarget["kind"],
): Promise<Map<string, string>> {
  return kind === "client" ? clientsOfProjects(db, workspaceId) : new Map();
}

/** Ties by key as the SQL explorer orders them (code units), the null group last. */
function keyOrder(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A rule's shares for one kind of target, as exact fractions of 1, one per key. By client, a
 * share given to a project counts for the project's client (`clientOf`), if it has one.
 */
function sharesFor(
  rule: AllocationRule,
  kind: AllocationTarget["kind"],
  clientOf: Map<string, string>,
): { key: string; fraction: Decimal }[] {
  const shares = new Map<string, Decimal>();
  for (const share of rule.targets as AllocationShare[]) {
    const key =
      share.kind === kind ? share.key : kind === "client" ? clientOf.get(share.key) : undefined;
    if (key === undefined) continue;
    const fraction = new Decimal(share.percent).dividedBy(100);
    shares.set(key, (shares.get(key) ?? new Decimal(0)).plus(fraction));
  }
  return [...shares].map(([key, fraction]) => ({ key, fraction }));
}

/** The weight over the rule that takes each row (allocation.ts ruleIndexOf): the target's share. */
function weightOf(
  rules: AllocationRule[],
  target: AllocationTarget,
  clientOf: Map<string, string>,
  source: "resource" | "ledger",
): SQL {
  const isRest = target.key === null;
  const cases = rules.flatMap((rule, i) => {
    const shares = sharesFor(rule, target.kind, clientOf);
    const fraction = isRest
      ? shares.reduce((rest, s) => rest.minus(s.fraction), new Decimal(1))
      : shares.find((s) => s.key === target.key)?.fraction;
    // Rule indexes and fractions are numbers we made: as literals the weight stays exact.
    return fraction ? [sql.raw(`WHEN ${i} THEN ${fraction.toFixed()}::numeric`)] : [];
  });
  // The rest of a row no rule takes is all of it.
  const otherwise = sql.raw(isRest ? "1" : "0");
  if (cases.length === 0) return sql`${otherwise}::numeric`;
  return sql`(CASE ${ruleIndexOf(rules, source)} ${sql.join(cases, sql` `)} ELSE ${otherwise} END)`;
}

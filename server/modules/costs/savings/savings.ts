import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { checkPeriod, currenciesIn } from "../explorer/query.ts";
import { money, priced } from "./amounts.ts";
import { combinedMonthlySaving } from "./combined-saving.ts";
import { DOWNSIZE_SAVING, inventoryAdvice } from "./inventory-advice.ts";

/**
 * Savings advice: from the ledger itself, unused commitments (reservations, savings plans),
 * steady on-demand compute that a commitment would cover, and non-production compute that could
 * run on spot capacity; from the inventory and metrics (inventory-advice.ts), idle and
 * oversized VMs and unattached volumes, priced by the ledger. What cannot be judged for want of
 * inventory or metrics is listed as unavailable.
 */

/** One-year, no-upfront commitments: a conservative discount for steady compute. */
export const COMMITMENT_DISCOUNT = 0.25;
/** Spot or preemptible capacity against on-demand, conservatively. */
export const SPOT_DISCOUNT = 0.6;
/** Providers that sell reservations, savings plans or committed-use discounts for compute. */
const COMMITMENT_PROVIDERS = /^(aws|amazon|microsoft|azure|google|gcp|oracle|oci)/i;
const NON_PRODUCTION = [
  "dev",
  "development",
  "staging",
  "stage",
  "test",
  "testing",
  "qa",
  "sandbox",
];

export interface Advice {
  kind:
    | "unused-commitment"
    | "commitment-coverage"
    | "spot"
    | "idle"
    | "rightsizing"
    | "unattached";
  title: string;
  detail: string;
  /** The ledger's ResourceId. */
  resourceId: string | null;
  /** The inventory resource, when the advice comes from the inventory. */
  inventoryId: string | null;
  commitmentId: string | null;
  monthlySaving: string;
  confidence: "high" | "medium" | "low";
  assumption: string | null;
}

export interface SavingsReport {
  currency: string | null;
  from: string;
  to: string;
  /** Share of compute usage cost covered by commitments, and how much of the commitments was used. */
  coverage: string | null;
  utilisation: string | null;
  /** The items' savings, advice on the same resource combined rather than added (combined-saving.ts). */
  totalMonthlySaving: string;
  items: Advice[];
  unavailable: string[];
}

/** The share of its resource's (or commitment's) cost each kind of advice saves. */
const SHARE_SAVED: Record<Advice["kind"], number> = {
  "unused-commitment": 1,
  "commitment-coverage": COMMITMENT_DISCOUNT,
  spot: SPOT_DISCOUNT,
  idle: 1,
  rightsizing: DOWNSIZE_SAVING,
  unattached: 1,
};

const percent = (part: Decimal, whole: Decimal) =>
  whole.isZero() ? null : part.dividedBy(whole).times(100).toDecimalPlaces(1).toFixed(1);

export async function savingsAdvice(
  db: Db,
  scope: { workspaceId: string; from: string; to: string; currency?: string },
): Promise<SavingsReport> {
  checkPeriod(scope);
  const currency = scope.currency ?? (await currenciesIn(db, scope))[0] ?? null;
  const days = (Date.parse(scope.to) - Date.parse(scope.from)) / 86_400_000;
  const monthly = (amount: Decimal) => amount.times(30).dividedBy(days);
  const inScope = sql`workspace_id = ${scope.workspaceId}
    AND charge_period_start >= ${scope.from}::date::timestamp AT TIME ZONE 'UTC'
    AND charge_period_start < ${scope.to}::date::timestamp AT TIME ZONE 'UTC'
    AND billing_currency IS NOT DISTINCT FROM ${currency}`;
  const items: Advice[] = [];

  // Commitments: used and unused cost per reservation or savings plan.
  const commitments = rowsOf<{
    id: string;
    name: string | null;
    type: string | null;
    used: string;
    unused: string;
  }>(
    await db.execute(sql`
      SELECT commitment_discount_id AS id, max(commitment_discount_name) AS name,
        max(commitment_discount_type) AS type,
        coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Used'), 0)::text AS used,
        coalesce(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Unused'), 0)::text AS unused
      FROM cost_line_items WHERE ${inScope} AND commitment_discount_id IS NOT NULL
      GROUP BY 1`),
  );
  let used = new Decimal(0);
  let unusedTotal = new Decimal(0);
  for (const c of commitments) {
    const unused = new Decimal(c.unused);
    used = used.plus(c.used);
    unusedTotal = unusedTotal.plus(unused);
    if (unused.lte(0)) continue;
    const share = percent(unused, unused.plus(c.used)) ?? "100";
    const label = c.name ?? c.id;
    items.push({
      kind: "unused-commitment",
      title: `${c.type ?? "Commitment"} ${label} is ${share} % unused`,
      detail: `Unused commitment cost ${priced(unused, currency)} in the period. Move matching workloads onto it, exchange or sell it, or buy less when it renews.`,
      resourceId: null,
      inventoryId: null,
      commitmentId: c.id,
      monthlySaving: money(monthly(unused)),
      confidence: "high",
      assumption: null,
    });
  }

  // Compute usage by pricing: what commitments already cover, and steady on-demand resources.
  const [compute] = rowsOf<{ committed: string; total: string }>(
    await db.execute(sql`
      SELECT coalesce(sum(effective_cost) FILTER (WHERE pricing_category = 'Committed'), 0)::text AS committed,
        coalesce(sum(effective_cost), 0)::text AS total
      FROM cost_line_items WHERE ${inScope} AND service_category = 'Compute' AND charge_category = 'Usage'`),
  );
  const onDemand = rowsOf<{
    resource: string;
    name: string | null;
    service: string | null;
    provider: string | null;
    env: string | null;
    cost: string;
    days: number;
  }>(
    await db.execute(sql`
      SELECT resource_id AS resource, max(resource_name) AS name, max(service_name) AS service,
        max(provider_name) AS provider,
        lower(max(coalesce(tags ->> 'env', tags ->> 'environment', tags ->> 'Environment'))) AS env,
        sum(effective_cost)::text AS cost,
        count(DISTINCT (charge_period_start AT TIME ZONE 'UTC')::date)::int AS days
      FROM cost_line_items
      WHERE ${inScope} AND service_category = 'Compute' AND charge_category = 'Usage'
        AND coalesce(pricing_category, 'Standard') = 'Standard' AND resource_id IS NOT NULL
      GROUP BY 1 HAVING sum(effective_cost) > 0 ORDER BY sum(effective_cost) DESC LIMIT 200`),
  );
  for (const r of onDemand) {
    const cost = new Decimal(r.cost);
    const label = r.name ?? r.resource;
    if (r.env && NON_PRODUCTION.includes(r.env)) {
      items.push({
        kind: "spot",
        title: `Run ${label} (${r.env}) on spot capacity`,
        detail: `${r.service ?? "Compute"} on demand for ${priced(cost, currency)} in the period, tagged ${r.env}: interruptions are usually acceptable there.`,
        resourceId: r.resource,
        inventoryId: null,
        commitmentId: null,
        monthlySaving: money(monthly(cost).times(SPOT_DISCOUNT)),
        confidence: "medium",
        assumption: `Spot or preemptible prices about ${SPOT_DISCOUNT * 100} % below on-demand`,
      });
    } else if (
      r.days >= Math.max(1, Math.floor(days * 0.9)) &&
      COMMITMENT_PROVIDERS.test(r.provider ?? "")
    ) {
      items.push({
        kind: "commitment-coverage",
        title: `Cover ${label} with a commitment`,
        detail: `${r.service ?? "Compute"} ran on demand on ${r.days} of ${days} days for ${priced(cost, currency)}: a reservation or savings plan would cost less.`,
        resourceId: r.resource,
        inventoryId: null,
        commitmentId: null,
        monthlySaving: money(monthly(cost).times(COMMITMENT_DISCOUNT)),
        confidence: "medium",
        assumption: `A one-year, no-upfront commitment about ${COMMITMENT_DISCOUNT * 100} % below on-demand`,
      });
    }
  }
  const fromInventory = await inventoryAdvice(db, {
    workspaceId: scope.workspaceId,
    from: scope.from,
    to: scope.to,
    currency,
    monthly,
  });
  items.push(...fromInventory.items);
  items.sort((a, b) => new Decimal(b.monthlySaving).comparedTo(a.monthlySaving));
  const computeTotal = new Decimal(compute?.total ?? 0);
  return {
    currency,
    from: scope.from,
    to: scope.to,
    coverage: percent(new Decimal(compute?.committed ?? 0), computeTotal),
    utilisation: percent(used, used.plus(unusedTotal)),
    totalMonthlySaving: money(combinedMonthlySaving(items, SHARE_SAVED)),
    items,
    unavailable: fromInventory.unavailable,
  };
}

import { eq, sql } from "drizzle-orm";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import { dateOfDay, dayNumber } from "../costs/analysis/daily-series.ts";
import { resourceCostWindows } from "./inventory.schema.ts";

/** The inventory table's cost: the ledger's last this many days, ending at its last charge day. */
export const COST_WINDOW_DAYS = 30;

export interface CostWindow {
  from: string | null;
  to: string | null;
}

/**
 * Changes whenever an import is added or deleted (a re-imported period is a new import): the
 * derived costs are rebuilt when it differs from the one they were built from.
 */
async function ledgerVersion(db: Db, workspaceId: string): Promise<string> {
  const [row] = rowsOf<{ n: number; latest: string | null }>(
    await db.execute(sql`
      SELECT count(*)::int AS n, max(created_at)::text AS latest
      FROM cost_imports WHERE workspace_id = ${workspaceId} AND status = 'imported'`),
  );
  return `${row?.n ?? 0}:${row?.latest ?? ""}`;
}

async function storedWindow(db: Db, workspaceId: string) {
  const [row] = await db
    .select()
    .from(resourceCostWindows)
    .where(eq(resourceCostWindows.workspaceId, workspaceId));
  return row;
}

/**
 * The window the derived costs cover, and whether they are stale: built from another state of
 * the ledger than today's (an import added or deleted since), or never built.
 */
export async function resourceCostWindow(
  db: Db,
  workspaceId: string,
): Promise<CostWindow & { stale: boolean }> {
  const version = await ledgerVersion(db, workspaceId);
  const current = await storedWindow(db, workspaceId);
  return {
    from: current?.fromDay ?? null,
    to: current?.toDay ?? null,
    stale: current ? current.ledgerVersion !== version : version !== "0:",
  };
}

/**
 * Makes inventory_resource_costs match the workspace's ledger: each ResourceId's billed and
 * effective cost over the last COST_WINDOW_DAYS charge days (from the daily roll-up), in the
 * currency it cost most in. A job's work (the resource-costs job in inventory.jobs.ts);
 * concurrent callers rebuild once (an advisory lock, then a re-check).
 */
export async function rebuildResourceCosts(db: Db, workspaceId: string): Promise<CostWindow> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext(${`resource-costs:${workspaceId}`}))`,
    );
    const version = await ledgerVersion(t, workspaceId);
    const again = await storedWindow(t, workspaceId);
    if (again?.ledgerVersion === version) return { from: again.fromDay, to: again.toDay };
    const [last] = rowsOf<{ day: string | null }>(
      await t.execute(sql`
        SELECT max(day)::text AS day FROM cost_daily WHERE workspace_id = ${workspaceId}`),
    );
    const to = last?.day ?? null;
    const from = to ? dateOfDay(dayNumber(to) - (COST_WINDOW_DAYS - 1)) : null;
    await t.execute(sql`DELETE FROM inventory_resource_costs WHERE workspace_id = ${workspaceId}`);
    if (from && to) {
      await t.execute(sql`
        INSERT INTO inventory_resource_costs
          (workspace_id, cost_resource_id, currency, effective_cost, billed_cost)
        SELECT DISTINCT ON (resource_id) ${workspaceId}::uuid, resource_id, billing_currency,
          effective, billed
        FROM (
          SELECT resource_id, billing_currency,
            sum(effective_cost) AS effective, sum(billed_cost) AS billed
          FROM cost_daily_resource
          WHERE workspace_id = ${workspaceId} AND day BETWEEN ${from}::date AND ${to}::date
            AND resource_id IS NOT NULL AND resource_id <> '' AND billing_currency IS NOT NULL
          GROUP BY resource_id, billing_currency
        ) per_currency
        ORDER BY resource_id, abs(effective) DESC`);
    }
    // Pages by cost are planned on these (PGlite runs no autovacuum to gather them).
    await t.execute(sql`ANALYZE inventory_resource_costs`);
    const values = { ledgerVersion: version, fromDay: from, toDay: to, refreshedAt: new Date() };
    await t
      .insert(resourceCostWindows)
      .values({ workspaceId, ...values })
      .onConflictDoUpdate({ target: resourceCostWindows.workspaceId, set: values });
    return { from, to };
  });
}

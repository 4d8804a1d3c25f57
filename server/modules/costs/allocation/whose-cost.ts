import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { AllocationShare } from "../allocation.schema.ts";
import { type Filters, fitsResourceRollup, tableOf, whereOf } from "../explorer/query.ts";
import { listRules, ruleIndexOf } from "./allocation.ts";
import { clientsOfProjects } from "./allocation-targets.ts";

export interface CostOwner {
  id: string;
  name: string;
  allocationKey: string;
}

/**
 * The one client the allocation rules give all of a scope's allocated cost to (a project's
 * share counting as its client's), or null when they name several, a target that is no client
 * of the workspace, or none: "whose is this cost?" for an anomaly's task, say. Cost no rule
 * matches does not count against it.
 */
export async function clientOfCost(
  db: Db,
  scope: { workspaceId: string; from: string; to: string; currency: string; filters: Filters },
): Promise<CostOwner | null> {
  if (!fitsResourceRollup(scope.filters)) return null;
  const rules = await listRules(db, scope.workspaceId);
  if (rules.length === 0) return null;
  const { table, metric } = tableOf("resource");
  const result = await db.execute(sql`
    SELECT DISTINCT ${ruleIndexOf(rules)} AS rule FROM ${table}
    WHERE ${whereOf("resource", scope, scope.currency)} AND ${metric("BilledCost")} <> 0`);
  const used = rowsOf<{ rule: number | null }>(result)
    .filter((r) => r.rule !== null)
    .map((r) => rules[Number(r.rule)]!);
  if (used.length === 0) return null;
  const clientOfProject = await clientsOfProjects(db, scope.workspaceId);
  const keys = new Set(
    used.flatMap((rule) =>
      (rule.targets as AllocationShare[]).map((share) =>
        share.kind === "client" ? share.key : (clientOfProject.get(share.key) ?? null),
      ),
    ),
  );
  const [key] = keys;
  if (keys.size !== 1 || !key) return null;
  const found = await db.execute(sql`
    SELECT id::text, name, allocation_key AS "allocationKey" FROM clients
    WHERE workspace_id = ${scope.workspaceId} AND allocation_key = ${key}`);
  return rowsOf<CostOwner>(found)[0] ?? null;
}

import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { AllocationShare } from "../allocation.schema.ts";
import { type Metric, summarise } from "../explorer/query.ts";
import { listRules } from "./allocation.ts";

type Kind = AllocationShare["kind"];

/** One choice of the explorer's client or project filter. */
export interface TargetOption {
  /** The allocation key (a project's key); null: the rest, "No client" or "No project". */
  key: string | null;
  /** The client's or project's name; null when none has the key (a cost centre) or for the rest. */
  name: string | null;
  /** What the rules give it in the period, exact (the explorer's grouping's figure); "0": nothing. */
  total: string;
}

export interface TargetOptions {
  currency: string | null;
  clients: TargetOption[];
  projects: TargetOption[];
}

interface Known {
  kind: Kind;
  key: string;
  name: string;
  archived: boolean;
}

/**
 * The workspace's clients and projects with their allocation keys. Read by table name: the
 * invoicing and projects modules build on costs, not the other way round.
 */
async function knownTargets(db: Db, workspaceId: string): Promise<Known[]> {
  const result = await db.execute(sql`
    SELECT 'client' AS kind, allocation_key AS key, name, archived_at IS NOT NULL AS archived
      FROM clients WHERE workspace_id = ${workspaceId}
    UNION ALL
    SELECT 'project', key, name, status = 'archived' FROM projects
      WHERE workspace_id = ${workspaceId}`);
  return rowsOf<Known>(result).map((row) => ({ ...row, archived: Boolean(row.archived) }));
}

/**
 * What the explorer can be narrowed to, per kind: every client (project) of the workspace that
 * is not archived, whether a rule names it yet or not (its total then "0"); every key a rule
 * names or that has cost in the period, a client's or not (a cost centre); and the rest (key
 * null), as grouping by client (project) shows it. Totals are the period's, in its currency,
 * without the view's other filters. Ordered by name (or key), the rest last.
 */
export async function targetOptions(
  db: Db,
  scope: { workspaceId: string; from: string; to: string; metric: Metric; currency?: string },
): Promise<TargetOptions> {
  const known = await knownTargets(db, scope.workspaceId);
  const rules = await listRules(db, scope.workspaceId);
  const byClient = await summarise(db, { ...scope, groupBy: "allocation:client" });
  const byProject = await summarise(db, { ...scope, groupBy: "allocation:project" });
  const optionsOf = (kind: Kind, groups: { key: string | null; total: string }[]) => {
    const mine = known.filter((t) => t.kind === kind);
    const names = new Map(mine.map((t) => [t.key, t.name]));
    const totals = new Map(groups.map((g) => [g.key, g.total]));
    const keys = new Set<string>([
      ...mine.filter((t) => !t.archived).map((t) => t.key),
      ...rules.flatMap((rule) =>
        (rule.targets as AllocationShare[]).filter((s) => s.kind === kind).map((s) => s.key),
      ),
      ...groups.flatMap((g) => (g.key === null ? [] : [g.key])),
    ]);
    const label = (o: TargetOption) => (o.name ?? o.key ?? "").toLowerCase();
    const named: TargetOption[] = [...keys]
      .map((key) => ({ key, name: names.get(key) ?? null, total: totals.get(key) ?? "0" }))
      .sort((a, b) => label(a).localeCompare(label(b)));
    return [...named, { key: null, name: null, total: totals.get(null) ?? "0" }];
  };
  return {
    currency: byClient.currency,
    clients: optionsOf("client", byClient.groups),
    projects: optionsOf("project", byProject.groups),
  };
}

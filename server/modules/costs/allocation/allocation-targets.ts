import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { AllocationShare } from "../allocation.schema.ts";

type Kind = AllocationShare["kind"];

/** A client (by its allocation key) or a project (by its key) that invoices can bill. */
interface Billable {
  kind: Kind;
  id: string;
  name: string;
  key: string;
}

/**
 * The workspace's clients and projects, as allocation rules name them. Read by table name: the
 * invoicing and projects modules build on costs, not the other way round.
 */
async function billableTargets(db: Db, workspaceId: string): Promise<Billable[]> {
  const result = await db.execute(sql`
    SELECT 'client' AS kind, id::text, name, allocation_key AS key FROM clients
      WHERE workspace_id = ${workspaceId}
    UNION ALL
    SELECT 'project', id::text, name, key FROM projects WHERE workspace_id = ${workspaceId}`);
  return rowsOf<Billable>(result);
}

/**
 * A share names its client or project the way invoices look it up: by allocation key (project
 * key). A rule written with the client's name or id, in any case, is stored with the key, or
 * its cost would be allocated to a name no invoice bills. A key that names no client or project
 * is kept as written (a cost centre, or a client not added yet); `allocate` reports it unbilled.
 */
export async function resolveShares(
  db: Db,
  workspaceId: string,
  shares: AllocationShare[],
): Promise<AllocationShare[]> {
  const targets = await billableTargets(db, workspaceId);
  return shares.map((share) => {
    const mine = targets.filter((t) => t.kind === share.kind);
    const folded = share.key.toLowerCase();
    const found =
      mine.find((t) => t.key === share.key) ??
      mine.find((t) => t.id === folded) ??
      only(mine.filter((t) => t.name.toLowerCase() === folded)) ??
      only(mine.filter((t) => t.key.toLowerCase() === folded));
    return found ? { ...share, key: found.key } : share;
  });
}

/** The one match, or none when there are several (two clients of one name: use the key). */
function only<T>(matches: T[]): T | undefined {
  return matches.length === 1 ? matches[0] : undefined;
}

/** `kind:key` → the client's or project's name, for the targets invoices can bill. */
export async function billableNames(db: Db, workspaceId: string): Promise<Map<string, string>> {
  const targets = await billableTargets(db, workspaceId);
  return new Map(targets.map((t) => [`${t.kind}:${t.key}`, t.name]));
}

/**
 * Project key → the allocation key of the client it belongs to, for the projects that have
 * one: their allocated cost is the client's, as its invoice bills it (invoicing adds the
 * client's projects to the client).
 */
export async function clientsOfProjects(db: Db, workspaceId: string): Promise<Map<string, string>> {
  const result = await db.execute(sql`
    SELECT p.key AS project, c.allocation_key AS client
    FROM projects p JOIN clients c ON c.id = p.client_id AND c.workspace_id = p.workspace_id
    WHERE p.workspace_id = ${workspaceId}`);
  return new Map(
    rowsOf<{ project: string; client: string }>(result).map((r) => [r.project, r.client]),
  );
}

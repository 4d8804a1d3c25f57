import { and, eq, isNull, not, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DiscoveredResource } from "../../connectors/types.ts";
import type { Db } from "../../platform/db/database.ts";
import { type Comparable, diffResource, toJsonValue } from "./diff.ts";
import {
  type ResourceDiff,
  resourceChanges,
  resourceRelations,
  resources,
} from "./inventory.schema.ts";

/**
 * Resources per statement. Each list goes to the database as one jsonb parameter, so a chunk is
 * one bind value whatever its size (drizzle's builder would spend more CPU on 17 bind values per
 * row than PostgreSQL spends writing it).
 */
const CHUNK = 1000;

export interface ScopeTarget {
  workspaceId: string;
  connectorId: string;
  scanId: string;
  scope: string;
  now: Date;
}

export interface ApplyCounts {
  created: number;
  modified: number;
}

type Relations = DiscoveredResource["relations"];
type StoredResource = typeof resources.$inferSelect;

const relationKey = (r: Relations) =>
  r
    .map((x) => `${x.type}>${x.targetNativeId}`)
    .sort()
    .join("|");

function comparableOf(r: DiscoveredResource, attributes: Record<string, unknown>): Comparable {
  return {
    name: r.name,
    state: r.state,
    type: r.type,
    nativeType: r.nativeType,
    region: r.region,
    costResourceId: r.costResourceId,
    tags: r.tags,
    attributes,
    relations: relationKey(r.relations),
  };
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `column IN (…)` with the list as one jsonb parameter. */
const inList = (column: AnyPgColumn, values: string[], type: "text" | "uuid" = "text") =>
  sql`${column} IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::${sql.raw(type)})`;

/** The stored columns the diff does not compare, which the upsert would also overwrite. */
const sameStoredFields = (before: StoredResource, r: DiscoveredResource, scope: string) =>
  before.scope === scope &&
  before.provider === r.provider &&
  before.account === r.account &&
  (before.nativeCreatedAt?.getTime() ?? null) === (r.createdAt?.getTime() ?? null);

/** One resource to upsert, keyed as the columns of writeChunk's jsonb_to_recordset. */
interface WriteRow {
  native_id: string;
  provider: string;
  account: string;
  region: string;
  type: string;
  native_type: string;
  name: string;
  state: string | null;
  tags: Record<string, string>;
  native_created_at: string | null;
  cost_resource_id: string | null;
  attributes: Record<string, unknown>;
  relations: Relations;
  change: "created" | "modified" | null;
  diff: ResourceDiff | null;
}

const writeRowOf = (
  r: DiscoveredResource,
  attributes: Record<string, unknown>,
  change: WriteRow["change"],
  diff: ResourceDiff | null,
): WriteRow => ({
  native_id: r.nativeId,
  provider: r.provider,
  account: r.account,
  region: r.region,
  type: r.type,
  native_type: r.nativeType,
  name: r.name,
  state: r.state,
  tags: r.tags,
  native_created_at: r.createdAt?.toISOString() ?? null,
  cost_resource_id: r.costResourceId,
  attributes,
  relations: r.relations,
  change,
  diff,
});

/**
 * Upserts a chunk of resources in one statement: the rows (undeleting any that came back), their
 * relations (the old ones of `rewritten` resources replaced) and their change rows. The
 * sub-statements all see the snapshot from before it, so the DELETE only meets old relations.
 */
async function writeChunk(tx: Db, target: ScopeTarget, rows: WriteRow[], rewritten: string[]) {
  const ws = sql`${target.workspaceId}::uuid`;
  const now = sql`${target.now.toISOString()}::timestamptz`;
  await tx.execute(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        native_id text, provider text, account text, region text, type text, native_type text,
        name text, state text, tags jsonb, native_created_at timestamptz, cost_resource_id text,
        attributes jsonb, relations jsonb, change text, diff jsonb)
    ), upserted AS (
      INSERT INTO resources (workspace_id, connector_id, provider, account, region, scope, type,
        native_type, native_id, name, state, tags, native_created_at, cost_resource_id, attributes,
        first_seen_at, last_seen_at)
      SELECT ${ws}, ${target.connectorId}::uuid, provider, account, region, ${target.scope}, type,
        native_type, native_id, name, state, tags, native_created_at, cost_resource_id, attributes,
        ${now}, ${now}
      FROM input
      ON CONFLICT (workspace_id, connector_id, native_id) DO UPDATE SET
        provider = excluded.provider, account = excluded.account, region = excluded.region,
        scope = excluded.scope, type = excluded.type, native_type = excluded.native_type,
        name = excluded.name, state = excluded.state, tags = excluded.tags,
        native_created_at = excluded.native_created_at,
        cost_resource_id = excluded.cost_resource_id, attributes = excluded.attributes,
        last_seen_at = excluded.last_seen_at, deleted_at = NULL
      RETURNING id, native_id
    ), old_relations AS (
      DELETE FROM resource_relations
      WHERE resource_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(rewritten)}::jsonb)::uuid)
    ), new_relations AS (
      INSERT INTO resource_relations (workspace_id, resource_id, type, target_native_id)
      SELECT ${ws}, u.id, rel->>'type', rel->>'targetNativeId'
      FROM upserted u JOIN input i USING (native_id) CROSS JOIN jsonb_array_elements(i.relations) rel
    )
    INSERT INTO resource_changes (workspace_id, resource_id, scan_id, kind, diff, at)
    SELECT ${ws}, u.id, ${target.scanId}::uuid, i.change, i.diff, ${now}
    FROM upserted u JOIN input i USING (native_id)
    WHERE i.change IS NOT NULL`);
}

/**
 * Writes what one successful scope reported, in one transaction: new resources (change
 * "created", also for one that had been deleted and came back), changed ones (change "modified"
 * with the diff) and the last-seen time of all. It never deletes: see deleteVanished.
 */
export async function applyScope(
  db: Db,
  target: ScopeTarget,
  found: DiscoveredResource[],
): Promise<ApplyCounts> {
  // States as one case, whatever each API spells ("Running", "RUNNING", "running"): one facet
  // value per state, and rules compare them plainly.
  const byId = new Map(
    found.map((r) => [r.nativeId, r.state ? { ...r, state: r.state.toLowerCase() } : r]),
  );
  const counts: ApplyCounts = { created: 0, modified: 0 };
  await db.transaction(async (tx) => {
    for (const batch of chunks([...byId.values()])) {
      const existing = await tx
        .select()
        .from(resources)
        .where(
          and(
            eq(resources.workspaceId, target.workspaceId),
            eq(resources.connectorId, target.connectorId),
            inList(
              resources.nativeId,
              batch.map((r) => r.nativeId),
            ),
          ),
        );
      const relationRows = existing.length
        ? await tx
            .select({
              resourceId: resourceRelations.resourceId,
              type: resourceRelations.type,
              targetNativeId: resourceRelations.targetNativeId,
            })
            .from(resourceRelations)
            .where(
              inList(
                resourceRelations.resourceId,
                existing.map((e) => e.id),
                "uuid",
              ),
            )
        : [];
      const oldRelations = new Map<string, Relations>();
      for (const rel of relationRows) {
        const list = oldRelations.get(rel.resourceId) ?? [];
        list.push({ type: rel.type as never, targetNativeId: rel.targetNativeId });
        oldRelations.set(rel.resourceId, list);
      }
      const known = new Map(existing.map((e) => [e.nativeId, e]));
      // Rows identical to what is stored only get their last-seen time: a rescan of an
      // unchanged estate rewrites no jsonb, no index entry and no relation.
      const unchanged: string[] = [];
      const rewritten: string[] = [];
      const written: WriteRow[] = [];
      for (const r of batch) {
        const attributes = toJsonValue(r.attributes);
        const before = known.get(r.nativeId);
        const isLive = before !== undefined && !before.deletedAt;
        const diff = isLive
          ? diffResource(
              { ...before, relations: relationKey(oldRelations.get(before.id) ?? []) },
              comparableOf(r, attributes),
            )
          : null;
        if (isLive && !diff && sameStoredFields(before, r, target.scope)) {
          unchanged.push(before.id);
          continue;
        }
        if (before) rewritten.push(before.id);
        const change = !isLive ? "created" : diff ? "modified" : null;
        if (change) counts[change] += 1;
        written.push(writeRowOf(r, attributes, change, diff));
      }
      if (unchanged.length)
        await tx
          .update(resources)
          .set({ lastSeenAt: target.now })
          .where(inList(resources.id, unchanged, "uuid"));
      if (written.length) await writeChunk(tx, target, written, rewritten);
    }
  });
  return counts;
}

/**
 * Marks deleted the resources of a scope that a complete scan did not see, with a "deleted"
 * change each. Only called for scopes of a scan in which every scope succeeded.
 */
export async function deleteVanished(
  db: Db,
  target: ScopeTarget,
  seenNativeIds: string[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const conditions = [
      eq(resources.workspaceId, target.workspaceId),
      eq(resources.connectorId, target.connectorId),
      eq(resources.scope, target.scope),
      isNull(resources.deletedAt),
    ];
    // A scope may list many resources; the unseen ones are found by last_seen_at, which every
    // seen one had set to this scan's time.
    const gone = await tx
      .update(resources)
      .set({ deletedAt: target.now })
      .where(
        and(
          ...conditions,
          sql`${resources.lastSeenAt} < ${target.now}`,
          seenNativeIds.length > 0 ? not(inList(resources.nativeId, seenNativeIds)) : undefined,
        ),
      )
      .returning({ id: resources.id });
    if (gone.length)
      await tx.insert(resourceChanges).values(
        gone.map((g) => ({
          workspaceId: target.workspaceId,
          resourceId: g.id,
          scanId: target.scanId,
          kind: "deleted",
          diff: null,
          at: target.now,
        })),
      );
    return gone.length;
  });
}

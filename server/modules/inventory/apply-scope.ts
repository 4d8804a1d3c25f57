import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { DiscoveredResource } from "../../connectors/types.ts";
import type { Db } from "../../platform/db/database.ts";
import { type Comparable, diffResource, toJsonValue } from "./diff.ts";
import { resourceChanges, resourceRelations, resources } from "./inventory.schema.ts";

const CHUNK = 500;

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

const relationKey = (r: DiscoveredResource["relations"]) =>
  r
    .map((x) => `${x.type}>${x.targetNativeId}`)
    .sort()
    .join("|");

function comparableOf(r: DiscoveredResource): Comparable {
  return {
    name: r.name,
    state: r.state,
    type: r.type,
    nativeType: r.nativeType,
    region: r.region,
    costResourceId: r.costResourceId,
    tags: r.tags,
    attributes: toJsonValue(r.attributes),
    relations: relationKey(r.relations),
  };
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type StoredResource = typeof resources.$inferSelect;

/** The stored columns the diff does not compare, which the upsert would also overwrite. */
const sameStoredFields = (before: StoredResource, r: DiscoveredResource, scope: string) =>
  before.scope === scope &&
  before.provider === r.provider &&
  before.account === r.account &&
  (before.nativeCreatedAt?.getTime() ?? null) === (r.createdAt?.getTime() ?? null);

const rowOf = (target: ScopeTarget, r: DiscoveredResource) => ({
  workspaceId: target.workspaceId,
  connectorId: target.connectorId,
  provider: r.provider,
  account: r.account,
  region: r.region,
  scope: target.scope,
  type: r.type,
  nativeType: r.nativeType,
  nativeId: r.nativeId,
  name: r.name,
  state: r.state,
  tags: r.tags,
  nativeCreatedAt: r.createdAt,
  costResourceId: r.costResourceId,
  attributes: toJsonValue(r.attributes),
  firstSeenAt: target.now,
  lastSeenAt: target.now,
});

const UPSERT_SET = {
  provider: sql`excluded.provider`,
  account: sql`excluded.account`,
  region: sql`excluded.region`,
  scope: sql`excluded.scope`,
  type: sql`excluded.type`,
  nativeType: sql`excluded.native_type`,
  name: sql`excluded.name`,
  state: sql`excluded.state`,
  tags: sql`excluded.tags`,
  nativeCreatedAt: sql`excluded.native_created_at`,
  costResourceId: sql`excluded.cost_resource_id`,
  attributes: sql`excluded.attributes`,
  lastSeenAt: sql`excluded.last_seen_at`,
  deletedAt: sql`null`,
};

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
  const byId = new Map(found.map((r) => [r.nativeId, r]));
  const counts: ApplyCounts = { created: 0, modified: 0 };
  await db.transaction(async (tx) => {
    for (const batch of chunks([...byId.values()])) {
      const ids = batch.map((r) => r.nativeId);
      const existing = await tx
        .select()
        .from(resources)
        .where(
          and(
            eq(resources.workspaceId, target.workspaceId),
            eq(resources.connectorId, target.connectorId),
            inArray(resources.nativeId, ids),
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
              inArray(
                resourceRelations.resourceId,
                existing.map((e) => e.id),
              ),
            )
        : [];
      const oldRelations = new Map<string, DiscoveredResource["relations"]>();
      for (const rel of relationRows) {
        const list = oldRelations.get(rel.resourceId) ?? [];
        list.push({ type: rel.type as never, targetNativeId: rel.targetNativeId });
        oldRelations.set(rel.resourceId, list);
      }
      const known = new Map(existing.map((e) => [e.nativeId, e]));
      const changes: { nativeId: string; kind: string; diff: unknown }[] = [];
      // Rows identical to what is stored only get their last-seen time: a rescan of an
      // unchanged estate rewrites no jsonb, no index entry and no relation.
      const unchanged: string[] = [];
      const written: DiscoveredResource[] = [];
      for (const r of batch) {
        const before = known.get(r.nativeId);
        if (!before || before.deletedAt) {
          changes.push({ nativeId: r.nativeId, kind: "created", diff: null });
          written.push(r);
          continue;
        }
        const diff = diffResource(
          {
            ...before,
            tags: before.tags,
            attributes: before.attributes,
            costResourceId: before.costResourceId,
            relations: relationKey(oldRelations.get(before.id) ?? []),
          },
          comparableOf(r),
        );
        if (diff) changes.push({ nativeId: r.nativeId, kind: "modified", diff });
        if (diff || !sameStoredFields(before, r, target.scope)) written.push(r);
        else unchanged.push(before.id);
      }
      if (unchanged.length)
        await tx
          .update(resources)
          .set({ lastSeenAt: target.now })
          .where(inArray(resources.id, unchanged));
      const rows = written.length
        ? await tx
            .insert(resources)
            .values(written.map((r) => rowOf(target, r)))
            .onConflictDoUpdate({
              target: [resources.workspaceId, resources.connectorId, resources.nativeId],
              set: UPSERT_SET,
            })
            .returning({ id: resources.id, nativeId: resources.nativeId })
        : [];
      const idOf = new Map(rows.map((row) => [row.nativeId, row.id]));
      const rewritten = written.flatMap((r) => known.get(r.nativeId)?.id ?? []);
      if (rewritten.length)
        await tx.delete(resourceRelations).where(inArray(resourceRelations.resourceId, rewritten));
      const relations = written.flatMap((r) =>
        r.relations.map((rel) => ({
          workspaceId: target.workspaceId,
          resourceId: idOf.get(r.nativeId) as string,
          type: rel.type,
          targetNativeId: rel.targetNativeId,
        })),
      );
      if (relations.length) await tx.insert(resourceRelations).values(relations);
      if (changes.length)
        await tx.insert(resourceChanges).values(
          changes.map((c) => ({
            workspaceId: target.workspaceId,
            resourceId: idOf.get(c.nativeId) as string,
            scanId: target.scanId,
            kind: c.kind,
            diff: c.diff as never,
            at: target.now,
          })),
        );
      for (const c of changes) counts[c.kind === "created" ? "created" : "modified"] += 1;
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
          seenNativeIds.length > 0 && seenNativeIds.length <= CHUNK
            ? notInArray(resources.nativeId, seenNativeIds)
            : undefined,
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

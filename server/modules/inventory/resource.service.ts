import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import { users } from "../../platform/auth/auth.schema.ts";
import type { Db } from "../../platform/db/database.ts";
import { notFound } from "../../platform/errors.ts";
import { timeSeries } from "../costs/explorer/query.ts";
import { resourceChanges, resourceRelations, resources } from "./inventory.schema.ts";

export type ResourceRow = typeof resources.$inferSelect;

const COST_MONTHS = 6;

export async function resourceOf(db: Db, workspaceId: string, id: string): Promise<ResourceRow> {
  const [row] = await db
    .select()
    .from(resources)
    .where(and(eq(resources.workspaceId, workspaceId), eq(resources.id, id)));
  if (!row) throw notFound("Resource");
  return row;
}

/** Relations both ways; the other end resolved when the same connector discovered it. */
async function relationsOf(db: Db, row: ResourceRow) {
  const outgoing = await db
    .select()
    .from(resourceRelations)
    .where(
      and(
        eq(resourceRelations.workspaceId, row.workspaceId),
        eq(resourceRelations.resourceId, row.id),
      ),
    );
  const incoming = await db
    .select({ rel: resourceRelations, from: resources })
    .from(resourceRelations)
    .innerJoin(resources, eq(resources.id, resourceRelations.resourceId))
    .where(
      and(
        eq(resourceRelations.workspaceId, row.workspaceId),
        eq(resourceRelations.targetNativeId, row.nativeId),
        eq(resources.workspaceId, row.workspaceId),
      ),
    );
  const targets = outgoing.length
    ? await db
        .select()
        .from(resources)
        .where(
          and(
            eq(resources.workspaceId, row.workspaceId),
            row.connectorId ? eq(resources.connectorId, row.connectorId) : undefined,
            inArray(
              resources.nativeId,
              outgoing.map((o) => o.targetNativeId),
            ),
          ),
        )
    : [];
  const byNative = new Map(targets.map((t) => [t.nativeId, t]));
  return [
    ...outgoing.map((o) => {
      const t = byNative.get(o.targetNativeId);
      return {
        type: o.type as never,
        direction: "out" as const,
        nativeId: o.targetNativeId,
        resourceId: t?.id ?? null,
        name: t?.name ?? null,
        resourceType: t?.type ?? null,
      };
    }),
    ...incoming
      .filter((i) => i.from.connectorId === row.connectorId)
      .map((i) => ({
        type: i.rel.type as never,
        direction: "in" as const,
        nativeId: i.from.nativeId,
        resourceId: i.from.id,
        name: i.from.name,
        resourceType: i.from.type,
      })),
  ];
}

/** Monthly effective cost from the FOCUS ledger over the last six months, by ResourceId. */
async function monthlyCost(
  db: Db,
  workspaceId: string,
  costResourceId: string | null,
  today: Date,
) {
  if (!costResourceId) return { currency: null, months: [] };
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const series = await timeSeries(db, {
    workspaceId,
    from: day(new Date(Date.UTC(y, m - (COST_MONTHS - 1), 1))),
    to: day(new Date(Date.UTC(y, m + 1, 1))),
    filters: { ResourceId: [costResourceId] },
    metric: "EffectiveCost",
    granularity: "month",
    top: 1,
  });
  const values = series.series[0]?.values ?? series.dates.map(() => "0");
  return {
    currency: series.currency,
    months: series.dates.map((month, i) => ({ month, effectiveCost: values[i] ?? "0" })),
  };
}

/** Everything known about one resource: attributes, relations, history and cost. */
export async function resourceDetail(db: Db, workspaceId: string, id: string, today = new Date()) {
  const row = await resourceOf(db, workspaceId, id);
  const [relations, changes, cost] = await Promise.all([
    relationsOf(db, row),
    listChanges(db, workspaceId, { resourceId: row.id, limit: 50 }),
    monthlyCost(db, workspaceId, row.costResourceId, today),
  ]);
  return {
    ...row,
    provider: row.provider as never,
    createdAt: row.nativeCreatedAt,
    relations,
    changes: changes.items,
    cost,
  };
}

/** Change history, newest first; `before` is the `at` of the last item of the previous page. */
export async function listChanges(
  db: Db,
  workspaceId: string,
  filter: {
    resourceId?: string;
    connectorId?: string;
    kind?: string;
    before?: Date;
    /** With `before`: the last change of the previous page, which breaks ties on time. */
    beforeId?: string;
    limit: number;
  },
) {
  const where: (SQL | undefined)[] = [
    eq(resourceChanges.workspaceId, workspaceId),
    eq(resources.workspaceId, workspaceId),
    filter.resourceId ? eq(resourceChanges.resourceId, filter.resourceId) : undefined,
    filter.connectorId ? eq(resources.connectorId, filter.connectorId) : undefined,
    filter.kind ? eq(resourceChanges.kind, filter.kind) : undefined,
    filter.before
      ? filter.beforeId
        ? or(
            lt(resourceChanges.at, filter.before),
            and(eq(resourceChanges.at, filter.before), lt(resourceChanges.id, filter.beforeId)),
          )
        : lt(resourceChanges.at, filter.before)
      : undefined,
  ];
  const rows = await db
    .select({
      change: resourceChanges,
      name: resources.name,
      type: resources.type,
      actorName: users.name,
    })
    .from(resourceChanges)
    .innerJoin(resources, eq(resources.id, resourceChanges.resourceId))
    .leftJoin(users, eq(users.id, resourceChanges.actorUserId))
    .where(and(...where))
    .orderBy(desc(resourceChanges.at), desc(resourceChanges.id))
    .limit(filter.limit);
  return {
    items: rows.map((r) => ({
      ...r.change,
      kind: r.change.kind as "created" | "modified" | "deleted",
      resourceName: r.name,
      resourceType: r.type,
      actorName: r.actorName,
    })),
  };
}

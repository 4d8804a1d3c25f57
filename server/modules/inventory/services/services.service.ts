import { and, asc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { memberships } from "../../../platform/workspaces/workspaces.schema.ts";
import { timeSeries } from "../../costs/explorer/query.ts";
import { subgraph } from "../graph/graph.service.ts";
import { resources } from "../inventory.schema.ts";
import { serviceResources, services } from "./services.schema.ts";

export type ServiceRow = typeof services.$inferSelect;
export interface ServiceFields {
  name?: string;
  description?: string;
  ownerUserId?: string | null;
  tier?: string;
  runbookUrl?: string | null;
  repoUrl?: string | null;
  tagSelector?: Record<string, string>;
}

/** Most members a service shows (listed and matched by its tag selector together). */
const MEMBER_LIMIT = 500;
const COST_MONTHS = 6;

export async function serviceOf(db: Db, workspaceId: string, id: string): Promise<ServiceRow> {
  const [row] = await db
    .select()
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), eq(services.id, id)));
  if (!row) throw notFound("Service");
  return row;
}

async function checkOwner(db: Db, workspaceId: string, userId: string | null | undefined) {
  if (!userId) return;
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!row) throw invalid("ownerUserId", "not a member of this workspace");
}

const uniqueName = (error: unknown) => {
  const text = String((error as { cause?: unknown })?.cause ?? error);
  return /unique|duplicate/i.test(text);
};

export async function createService(
  db: Db,
  workspaceId: string,
  input: ServiceFields & { name: string },
) {
  await checkOwner(db, workspaceId, input.ownerUserId);
  try {
    const [row] = await db
      .insert(services)
      .values({ workspaceId, ...input })
      .returning();
    return row as ServiceRow;
  } catch (error) {
    if (uniqueName(error)) throw conflict(`A service named ${input.name} exists already`);
    throw error;
  }
}

export async function updateService(db: Db, workspaceId: string, id: string, input: ServiceFields) {
  await serviceOf(db, workspaceId, id);
  await checkOwner(db, workspaceId, input.ownerUserId);
  try {
    const [row] = await db
      .update(services)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(services.workspaceId, workspaceId), eq(services.id, id)))
      .returning();
    return row as ServiceRow;
  } catch (error) {
    if (uniqueName(error)) throw conflict(`A service named ${input.name} exists already`);
    throw error;
  }
}

export async function deleteService(db: Db, workspaceId: string, id: string) {
  await serviceOf(db, workspaceId, id);
  await db.delete(services).where(and(eq(services.workspaceId, workspaceId), eq(services.id, id)));
}

/** Adds listed members; every id must be a resource of this workspace. */
export async function addResources(db: Db, workspaceId: string, id: string, resourceIds: string[]) {
  await serviceOf(db, workspaceId, id);
  const unique = [...new Set(resourceIds)];
  const found = await db
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.workspaceId, workspaceId), inArray(resources.id, unique)));
  const known = new Set(found.map((r) => r.id));
  const missing = unique.findIndex((r) => !known.has(r));
  if (missing >= 0) throw notFound(`Resource ${unique[missing]}`);
  await db
    .insert(serviceResources)
    .values(unique.map((resourceId) => ({ workspaceId, serviceId: id, resourceId })))
    .onConflictDoNothing();
}

export async function removeResources(
  db: Db,
  workspaceId: string,
  id: string,
  resourceIds: string[],
) {
  await serviceOf(db, workspaceId, id);
  await db
    .delete(serviceResources)
    .where(
      and(
        eq(serviceResources.workspaceId, workspaceId),
        eq(serviceResources.serviceId, id),
        inArray(serviceResources.resourceId, resourceIds),
      ),
    );
}

/**
 * A service's present members: the listed ones and those whose tags match its selector (resolved
 * now, so a resource tagged later joins without an edit), each marked by how it belongs.
 */
export async function membersOf(db: Db, service: ServiceRow) {
  const listed = await db
    .select({ resource: resources })
    .from(serviceResources)
    .innerJoin(resources, eq(resources.id, serviceResources.resourceId))
    .where(
      and(
        eq(serviceResources.workspaceId, service.workspaceId),
        eq(serviceResources.serviceId, service.id),
        eq(resources.workspaceId, service.workspaceId),
        isNull(resources.deletedAt),
      ),
    )
    .orderBy(asc(resources.name))
    .limit(MEMBER_LIMIT);
  const selector = Object.entries(service.tagSelector);
  const matched = selector.length
    ? await db
        .select()
        .from(resources)
        .where(
          and(
            eq(resources.workspaceId, service.workspaceId),
            isNull(resources.deletedAt),
            sql`${resources.tags} @> ${JSON.stringify(service.tagSelector)}::jsonb`,
          ),
        )
        .orderBy(asc(resources.name))
        .limit(MEMBER_LIMIT)
    : [];
  type Member = (typeof matched)[number] & { via: "listed" | "tags" };
  const members = new Map<string, Member>(
    listed.map((l) => [l.resource.id, { ...l.resource, via: "listed" as const }]),
  );
  for (const r of matched)
    if (!members.has(r.id)) members.set(r.id, { ...r, via: "tags" as const });
  return [...members.values()].slice(0, MEMBER_LIMIT);
}

/** The service's effective cost by month over the last six, summed over its members' ResourceIds. */
async function costOf(db: Db, workspaceId: string, costIds: string[], today: Date) {
  if (costIds.length === 0) return { currency: null, months: [] };
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const series = await timeSeries(db, {
    workspaceId,
    from: day(new Date(Date.UTC(y, m - (COST_MONTHS - 1), 1))),
    to: day(new Date(Date.UTC(y, m + 1, 1))),
    filters: { ResourceId: costIds },
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

/**
 * Every service with its member count, in one statement: listed members plus those its tag
 * selector matches that are not also listed (as membersOf resolves them, without the cap).
 */
export async function listServices(db: Db, workspaceId: string) {
  const listed = sql`exists (select 1 from ${serviceResources} sr
    where sr.service_id = ${services.id} and sr.resource_id = r.id)`;
  const members = sql<number>`(select count(*)::int from ${resources} r
    where r.workspace_id = ${services.workspaceId} and r.deleted_at is null
      and (${listed} or (${services.tagSelector} <> '{}'::jsonb and r.tags @> ${services.tagSelector})))`;
  return db
    .select({ ...getTableColumns(services), members })
    .from(services)
    .where(eq(services.workspaceId, workspaceId))
    .orderBy(asc(services.name));
}

export async function serviceDetail(db: Db, workspaceId: string, id: string, today = new Date()) {
  const service = await serviceOf(db, workspaceId, id);
  const members = await membersOf(db, service);
  const costIds = [
    ...new Set(members.flatMap((m) => (m.costResourceId ? [m.costResourceId] : []))),
  ];
  const [cost, graph] = await Promise.all([
    costOf(db, workspaceId, costIds, today),
    subgraph(db, workspaceId, members),
  ]);
  return {
    ...service,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      provider: m.provider,
      type: m.type,
      region: m.region,
      state: m.state,
      tags: m.tags,
      via: m.via,
    })),
    cost,
    graph,
  };
}

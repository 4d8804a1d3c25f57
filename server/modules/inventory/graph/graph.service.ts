import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { resourceRelations, resources } from "../inventory.schema.ts";
import { resourceOf } from "../resource.service.ts";

export interface GraphNode {
  /** The resource id; for an end no scan found, `native:<native id>`. */
  id: string;
  resourceId: string | null;
  name: string;
  type: string | null;
  provider: string | null;
  region: string | null;
  state: string | null;
}
export interface GraphEdge {
  source: string;
  target: string;
  type: string;
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** More resources or relations matched than `limit` nodes could show. */
  truncated: boolean;
}

type Row = typeof resources.$inferSelect;
const CHUNK = 500;

const nodeOf = (r: Row): GraphNode => ({
  id: r.id,
  resourceId: r.id,
  name: r.name,
  type: r.type,
  provider: r.provider,
  region: r.region,
  state: r.state,
});
const outside = (nativeId: string): GraphNode => ({
  id: `native:${nativeId}`,
  resourceId: null,
  name: nativeId,
  type: null,
  provider: null,
  region: null,
  state: null,
});

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function relationsFrom(db: Db, workspaceId: string, ids: string[]) {
  const out = [];
  for (const part of chunks(ids))
    out.push(
      ...(await db
        .select()
        .from(resourceRelations)
        .where(
          and(
            eq(resourceRelations.workspaceId, workspaceId),
            inArray(resourceRelations.resourceId, part),
          ),
        )),
    );
  return out;
}

/** Present resources with these native ids (the other ends of relations). */
async function resourcesByNative(db: Db, workspaceId: string, nativeIds: string[]) {
  const out: Row[] = [];
  for (const part of chunks(nativeIds))
    out.push(
      ...(await db
        .select()
        .from(resources)
        .where(
          and(
            eq(resources.workspaceId, workspaceId),
            inArray(resources.nativeId, part),
            isNull(resources.deletedAt),
          ),
        )),
    );
  return out;
}

/** Resources whose relations point at these native ids (the incoming side). */
async function pointingAt(db: Db, workspaceId: string, nativeIds: string[]) {
  const out = [];
  for (const part of chunks(nativeIds))
    out.push(
      ...(await db
        .select({ rel: resourceRelations, from: resources })
        .from(resourceRelations)
        .innerJoin(resources, eq(resources.id, resourceRelations.resourceId))
        .where(
          and(
            eq(resourceRelations.workspaceId, workspaceId),
            eq(resources.workspaceId, workspaceId),
            inArray(resourceRelations.targetNativeId, part),
            isNull(resources.deletedAt),
          ),
        )),
    );
  return out;
}

/**
 * Native ids are unique per connector: a relation's other end is the resource of the same
 * connector with that native id, or of another connector only when no same-connector one exists.
 */
function resolver(candidates: Row[]) {
  const byNative = new Map<string, Row[]>();
  for (const r of candidates) byNative.set(r.nativeId, [...(byNative.get(r.nativeId) ?? []), r]);
  return (from: Row, nativeId: string) => {
    const list = byNative.get(nativeId) ?? [];
    return list.find((r) => r.connectorId === from.connectorId) ?? list[0];
  };
}

/**
 * The neighbourhood of one resource: every resource within `depth` relations of it, whichever way
 * the relation points, breadth first until `limit` nodes.
 */
export async function neighbourhood(
  db: Db,
  workspaceId: string,
  input: { id: string; depth: number; limit: number },
): Promise<Graph> {
  const start = await resourceOf(db, workspaceId, input.id);
  const nodes = new Map<string, GraphNode>([[start.id, nodeOf(start)]]);
  const edges = new Map<string, GraphEdge>();
  let truncated = false;
  let frontier: Row[] = [start];
  const add = (node: GraphNode) => {
    if (nodes.has(node.id)) return true;
    if (nodes.size >= input.limit) {
      truncated = true;
      return false;
    }
    nodes.set(node.id, node);
    return true;
  };
  const edge = (source: string, target: string, type: string) =>
    edges.set(`${source}>${type}>${target}`, { source, target, type });

  for (let level = 0; level < input.depth && frontier.length > 0 && !truncated; level++) {
    const next: Row[] = [];
    const out = await relationsFrom(
      db,
      workspaceId,
      frontier.map((r) => r.id),
    );
    const byId = new Map(frontier.map((r) => [r.id, r]));
    const resolve = resolver(
      await resourcesByNative(db, workspaceId, [...new Set(out.map((o) => o.targetNativeId))]),
    );
    for (const rel of out) {
      const from = byId.get(rel.resourceId) as Row;
      const target = resolve(from, rel.targetNativeId);
      const node = target ? nodeOf(target) : outside(rel.targetNativeId);
      const isNew = !nodes.has(node.id);
      if (!add(node)) continue;
      edge(from.id, node.id, rel.type);
      if (isNew && target) next.push(target);
    }
    const incoming = await pointingAt(
      db,
      workspaceId,
      frontier.map((r) => r.nativeId),
    );
    const frontierByNative = resolver(frontier);
    for (const { rel, from } of incoming) {
      const target = frontierByNative(from, rel.targetNativeId);
      if (!target) continue;
      const isNew = !nodes.has(from.id);
      if (!add(nodeOf(from))) continue;
      edge(from.id, target.id, rel.type);
      if (isNew) next.push(from);
    }
    frontier = next;
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}

/** The workspace's present resources (filtered, by name, at most `limit`) and the relations among them. */
export async function workspaceGraph(
  db: Db,
  workspaceId: string,
  input: { provider?: string; type?: string; limit: number },
): Promise<Graph> {
  const where: (SQL | undefined)[] = [
    eq(resources.workspaceId, workspaceId),
    isNull(resources.deletedAt),
    input.provider ? eq(resources.provider, input.provider) : undefined,
    input.type ? eq(resources.type, input.type) : undefined,
  ];
  const rows = await db
    .select()
    .from(resources)
    .where(and(...where))
    .orderBy(asc(resources.name), asc(resources.id))
    .limit(input.limit + 1);
  const truncated = rows.length > input.limit;
  return { ...(await subgraph(db, workspaceId, rows.slice(0, input.limit))), truncated };
}

/** These resources as nodes and the relations among them (a service's map). */
export async function subgraph(db: Db, workspaceId: string, shown: Row[]): Promise<Graph> {
  const byId = new Map(shown.map((r) => [r.id, r]));
  const resolve = resolver(shown);
  const edges = new Map<string, GraphEdge>();
  for (const rel of await relationsFrom(db, workspaceId, [...byId.keys()])) {
    const from = byId.get(rel.resourceId) as Row;
    const target = resolve(from, rel.targetNativeId);
    if (target)
      edges.set(`${from.id}>${rel.type}>${target.id}`, {
        source: from.id,
        target: target.id,
        type: rel.type,
      });
  }
  return { nodes: shown.map(nodeOf), edges: [...edges.values()], truncated: false };
}

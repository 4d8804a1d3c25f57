// Where vectors are kept and compared. Two ways to rank, chosen by what the database has:
// pgvector's cosine distance (`<=>`) where the `vector` extension exists (PGlite with its
// pgvector package, or a server whose admin installed it), else an exact scan computing the
// same cosine in SQL. Vectors are stored unit-length, so cosine similarity is their dot product
// and both ways rank identically.

import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import { type EmbeddingKind, embeddings } from "./search.schema.ts";

export type RankingPath = "pgvector" | "exact";

export interface StoredItem {
  kind: EmbeddingKind;
  refId: string;
  contentHash: string;
  title: string;
  snippet: string;
  vector: number[];
}

export interface Neighbour {
  kind: EmbeddingKind;
  refId: string;
  title: string;
  snippet: string;
  /** Cosine similarity, 1 = same direction. */
  score: number;
}

/** Scales a vector to length 1 (a zero vector stays zero). */
export function normalise(v: number[]): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm === 0 ? v.map(() => 0) : v.map((x) => x / norm);
}

/**
 * Finds out once whether `<=>` is available. On PGlite (one owner, our own database) the
 * extension is created when its package is loaded; on a server we never create extensions,
 * we only use one an administrator created.
 */
export async function detectRankingPath(
  db: Db,
  engine: "pglite" | "postgres",
): Promise<RankingPath> {
  const installed = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'vector'`),
  );
  if ((installed[0]?.n ?? 0) > 0) return "pgvector";
  if (engine !== "pglite") return "exact";
  const available = rowsOf<{ n: number }>(
    await db.execute(
      sql`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'vector'`,
    ),
  );
  if ((available[0]?.n ?? 0) === 0) return "exact";
  await db.execute(sql`CREATE EXTENSION IF NOT EXISTS vector`);
  return "pgvector";
}

/** The stored content hashes of a kind for one model: what the indexer compares against. */
export async function storedHashes(
  db: Db,
  workspaceId: string,
  kind: EmbeddingKind,
  model: string,
): Promise<Map<string, string>> {
  const rows = await db
    .select({ refId: embeddings.refId, hash: embeddings.contentHash })
    .from(embeddings)
    .where(
      and(
        eq(embeddings.workspaceId, workspaceId),
        eq(embeddings.kind, kind),
        eq(embeddings.model, model),
      ),
    );
  return new Map(rows.map((r) => [r.refId, r.hash]));
}

/** Inserts or replaces vectors (one statement per batch). */
export async function upsertVectors(
  db: Db,
  workspaceId: string,
  model: string,
  items: StoredItem[],
): Promise<void> {
  if (items.length === 0) return;
  const now = new Date();
  await db
    .insert(embeddings)
    .values(
      items.map((i) => ({
        workspaceId,
        kind: i.kind,
        refId: i.refId,
        model,
        dimension: i.vector.length,
        contentHash: i.contentHash,
        title: i.title,
        snippet: i.snippet,
        vector: i.vector,
        updatedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [embeddings.workspaceId, embeddings.kind, embeddings.refId, embeddings.model],
      set: {
        dimension: sql`excluded.dimension`,
        contentHash: sql`excluded.content_hash`,
        title: sql`excluded.title`,
        snippet: sql`excluded.snippet`,
        vector: sql`excluded.vector`,
        updatedAt: now,
      },
    });
}

/** Removes the vectors (of every model) of items that no longer exist. */
export async function deleteVectors(
  db: Db,
  workspaceId: string,
  kind: EmbeddingKind,
  refIds: string[],
): Promise<number> {
  if (refIds.length === 0) return 0;
  const gone = await db
    .delete(embeddings)
    .where(
      and(
        eq(embeddings.workspaceId, workspaceId),
        eq(embeddings.kind, kind),
        inArray(embeddings.refId, refIds),
      ),
    )
    .returning({ id: embeddings.id });
  return gone.length;
}

/** The stored vector of one item, if it was indexed with this model. */
export async function storedVector(
  db: Db,
  workspaceId: string,
  kind: EmbeddingKind,
  refId: string,
  model: string,
): Promise<number[] | undefined> {
  const [row] = await db
    .select({ vector: embeddings.vector })
    .from(embeddings)
    .where(
      and(
        eq(embeddings.workspaceId, workspaceId),
        eq(embeddings.kind, kind),
        eq(embeddings.refId, refId),
        eq(embeddings.model, model),
      ),
    );
  return row?.vector;
}

export interface NearestQuery {
  workspaceId: string;
  model: string;
  /** Unit length, of the model's dimension. */
  vector: number[];
  kinds: readonly EmbeddingKind[];
  limit: number;
  /** Leave this item out (the one we look for neighbours of). */
  exclude?: { kind: EmbeddingKind; refId: string };
}

/** The nearest items by cosine similarity, best first (ties by id, so both paths agree). */
export async function nearest(db: Db, path: RankingPath, q: NearestQuery): Promise<Neighbour[]> {
  const literal = `{${q.vector.join(",")}}`;
  const distance =
    path === "pgvector"
      ? sql`(e.vector::vector <=> ${literal}::real[]::vector)`
      : // Unit vectors: cosine distance is 1 - dot product, computed over the paired elements.
        sql`(1 - (SELECT sum(a::float8 * b::float8) FROM unnest(e.vector, ${literal}::real[]) AS u(a, b)))`;
  const excluded = q.exclude
    ? sql`AND NOT (e.kind = ${q.exclude.kind} AND e.ref_id = ${q.exclude.refId})`
    : sql``;
  const kinds = `{${q.kinds.join(",")}}`;
  const result = await db.execute(sql`
    SELECT e.kind, e.ref_id, e.title, e.snippet, ${distance} AS distance
    FROM embeddings e
    WHERE e.workspace_id = ${q.workspaceId} AND e.model = ${q.model}
      AND e.dimension = ${q.vector.length} AND e.kind = ANY(${kinds}::text[]) ${excluded}
    ORDER BY distance, e.ref_id
    LIMIT ${q.limit}`);
  const rows = rowsOf<{
    kind: EmbeddingKind;
    ref_id: string;
    title: string;
    snippet: string;
    distance: number;
  }>(result);
  return rows.map((r) => ({
    kind: r.kind,
    refId: r.ref_id,
    title: r.title,
    snippet: r.snippet,
    score: Math.round((1 - Number(r.distance)) * 10_000) / 10_000,
  }));
}

/** How many vectors each model has in a workspace, and their dimension. */
export async function vectorCounts(
  db: Db,
  workspaceId: string,
): Promise<Map<string, { count: number; dimension: number }>> {
  const rows = await db
    .select({
      model: embeddings.model,
      count: sql<number>`count(*)::int`,
      dimension: sql<number>`max(${embeddings.dimension})::int`,
    })
    .from(embeddings)
    .where(eq(embeddings.workspaceId, workspaceId))
    .groupBy(embeddings.model);
  return new Map(rows.map((r) => [r.model, { count: r.count, dimension: r.dimension }]));
}

/** Drops every vector not made by `model`: after a switch, old vectors are never compared. */
export async function deleteOtherModels(db: Db, workspaceId: string, model: string) {
  await db
    .delete(embeddings)
    .where(and(eq(embeddings.workspaceId, workspaceId), ne(embeddings.model, model)));
}

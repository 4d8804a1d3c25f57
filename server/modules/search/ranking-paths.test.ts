import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import type { Db } from "../../platform/db/database.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";
import type { EmbeddingKind } from "./search.schema.ts";
import { detectRankingPath, nearest, normalise, upsertVectors } from "./vector-store.ts";

// Both ranking paths over the same stored vectors. PGlite (with its pgvector package) has
// `<=>`; the PostgreSQL of the test server has no pgvector and takes the exact scan.

let testDb: TestDatabase;
let db: Db;
const ws = randomUUID();
const DIM = 64;

/** A deterministic pseudo-random unit vector (mulberry32), so runs are repeatable. */
function vectorFrom(seed: number): number[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return normalise(Array.from({ length: DIM }, next));
}

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.database.db;
  await db.insert(workspaces).values({ id: ws, name: "Paths" });
  const kinds: EmbeddingKind[] = ["doc", "pattern", "resource"];
  await upsertVectors(
    db,
    ws,
    "test:random-64",
    Array.from({ length: 300 }, (_, i) => ({
      kind: kinds[i % 3]!,
      refId: randomUUID(),
      contentHash: String(i),
      title: `item ${i}`,
      snippet: "",
      vector: vectorFrom(i + 1),
    })),
  );
}, 60_000);
afterAll(async () => {
  await testDb?.close();
});

describe("ranking paths", () => {
  it("uses pgvector exactly where the database has the extension", async () => {
    const path = await detectRankingPath(db, testDb.database.kind);
    const pglite = testDb.database.kind === "pglite";
    // PGlite loads pgvector from @electric-sql/pglite-pgvector; a server here has none.
    expect(path).toBe(pglite ? "pgvector" : "exact");
  });

  it("ranks the same items in the same order, with the scores JavaScript computes", async () => {
    const path = await detectRankingPath(db, testDb.database.kind);
    const query = vectorFrom(9_999);
    const q = { workspaceId: ws, model: "test:random-64", vector: query, limit: 20 };
    const all = { ...q, kinds: ["doc", "pattern", "resource"] as const };
    const exact = await nearest(db, "exact", all);
    const ranked = await nearest(db, path, all);
    expect(ranked.map((r) => r.refId)).toEqual(exact.map((r) => r.refId));
    for (let i = 1; i < exact.length; i++) {
      expect(exact[i]!.score).toBeLessThanOrEqual(exact[i - 1]!.score);
    }
    const best = await nearest(db, path, { ...q, kinds: ["pattern"], limit: 300 });
    expect(best).toHaveLength(100);
    expect(new Set(best.map((b) => b.kind))).toEqual(new Set(["pattern"]));
    // The top item's score is the cosine a plain loop computes (4 decimals).
    const title = best[0]!.title;
    const expected = cosine(vectorFrom(Number(title.split(" ")[1]) + 1), query);
    expect(best[0]!.score).toBeCloseTo(expected, 3);
  });

  it("never compares vectors of another model or another workspace", async () => {
    const q = { workspaceId: ws, vector: vectorFrom(5), limit: 5, kinds: ["doc"] as const };
    expect(await nearest(db, "exact", { ...q, model: "other:model" })).toEqual([]);
    expect(
      await nearest(db, "exact", { ...q, model: "test:random-64", workspaceId: randomUUID() }),
    ).toEqual([]);
  });
});

// `npm run bench:embeddings`: the offline model's embedding throughput (texts per second, in the
// indexer's batches), then search latency (p50/p95 of `nearest`) over 1,000 and 10,000 stored
// 512-dimension vectors, by pgvector's `<=>` (PGlite with its pgvector package) and by the exact
// scan (PGlite, and PostgreSQL 15 when BENCH_DATABASE_URL names an empty database).
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createLocalEmbedder } from "../../server/modules/search/embedder.ts";
import { EMBED_BATCH } from "../../server/modules/search/indexer.ts";
import {
  detectRankingPath,
  nearest,
  normalise,
  type RankingPath,
  upsertVectors,
} from "../../server/modules/search/vector-store.ts";
import { type Database, openDatabase } from "../../server/platform/db/database.ts";
import { workspaces } from "../../server/platform/workspaces/workspaces.schema.ts";
import { MARKER, machine, prependSection } from "../report.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    texts: { type: "string" },
    sizes: { type: "string" },
    queries: { type: "string" },
    "no-write": { type: "boolean" },
  },
});
const TEXTS = Number(args.texts ?? 512);
const SIZES = (args.sizes ?? "1000,10000").split(",").map(Number);
const QUERIES = Number(args.queries ?? 20);
const DIM = 512;
const BUDGET_MS = 30_000;

const SUBJECTS = ["the database", "checkout API", "a worker node", "the S3 bucket", "the VPN"];
const PROBLEMS = ["ran out of disk", "times out", "returns 502", "leaks memory", "is slow"];
const ACTIONS = ["restart it", "grow the volume", "roll back", "page the on-call", "scale out"];
/** Varied runbook-like sentences: the model's cost depends on the words, so no repeats. */
const sentence = (i: number) =>
  `${SUBJECTS[i % 5]} ${PROBLEMS[Math.floor(i / 5) % 5]} (case ${i}); ${ACTIONS[Math.floor(i / 25) % 5]} and check runbook ${i * 7919}.`;

function randomUnit(): number[] {
  return normalise(Array.from({ length: DIM }, () => Math.random() - 0.5));
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function embedThroughput() {
  const embedder = createLocalEmbedder();
  let t = performance.now();
  await embedder.embed(["warm up"]);
  const loadMs = performance.now() - t;
  const texts = Array.from({ length: TEXTS }, (_, i) => sentence(i));
  t = performance.now();
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    await embedder.embed(texts.slice(i, i + EMBED_BATCH));
  }
  const seconds = (performance.now() - t) / 1000;
  return { loadMs, perSecond: TEXTS / seconds };
}

async function queryLatency(database: Database, label: string, rows: string[]) {
  const db = database.db;
  const available = await detectRankingPath(db, database.kind);
  const paths: RankingPath[] = available === "pgvector" ? ["pgvector", "exact"] : ["exact"];
  for (const size of SIZES) {
    const ws = randomUUID();
    await db.insert(workspaces).values({ id: ws, name: `bench ${size}` });
    for (let i = 0; i < size; i += 500) {
      await upsertVectors(
        db,
        ws,
        "bench:random-512",
        Array.from({ length: Math.min(500, size - i) }, (_, j) => ({
          kind: (["doc", "pattern", "resource"] as const)[(i + j) % 3]!,
          refId: randomUUID(),
          contentHash: String(i + j),
          title: `item ${i + j}`,
          snippet: "",
          vector: randomUnit(),
        })),
      );
    }
    for (const p of paths) {
      const times: number[] = [];
      const started = performance.now();
      for (let q = 0; q < QUERIES + 2; q++) {
        // A slow path (the exact scan inside PGlite's WASM) gets a time budget, not 20 queries.
        if (times.length >= 3 && performance.now() - started > BUDGET_MS) break;
        const t = performance.now();
        await nearest(db, p, {
          workspaceId: ws,
          model: "bench:random-512",
          vector: randomUnit(),
          kinds: ["doc", "pattern", "resource"],
          limit: 10,
        });
        if (q >= 2) times.push(performance.now() - t); // the first two warm caches up
      }
      times.sort((a, b) => a - b);
      const line = `| ${label} | ${p} | ${size.toLocaleString("en")} | ${times.length} | ${pct(times, 50).toFixed(1)} ms | ${pct(times, 95).toFixed(1)} ms |`;
      console.log(line);
      rows.push(line);
    }
    await db.execute(sql`DELETE FROM workspaces WHERE id = ${ws}`);
  }
}

async function main() {
  const embed = await embedThroughput();
  console.log(`model load ${embed.loadMs.toFixed(0)} ms, ${embed.perSecond.toFixed(1)} texts/s`);
  const rows: string[] = [];
  if (process.env.BENCH_DATABASE_URL) {
    const pg = await openDatabase({
      dataDir: "unused",
      databaseUrl: process.env.BENCH_DATABASE_URL,
    });
    await pg.migrate();
    await queryLatency(pg, "PostgreSQL 15", rows);
    await pg.close();
  }
  const pglite = await openDatabase({ dataDir: "unused", inMemory: true });
  await pglite.migrate();
  await queryLatency(pglite, "PGlite", rows);
  await pglite.close();
  if (args["no-write"]) return;
  const info = Object.entries(machine())
    .map(([k, v]) => `- ${k}: ${v}`)
    .join("\n");
  const when = new Date().toISOString().replace("T", " ").slice(0, 16);
  prependSection(
    path.join(ROOT, "bench/RESULTS.md"),
    [
      `${MARKER}\n## ${when} UTC — semantic search: embedding throughput and query latency`,
      info,
      `- Offline model (${createLocalEmbedder().model}): loaded in ${embed.loadMs.toFixed(0)} ms (first call), then ${embed.perSecond.toFixed(1)} texts/s embedding ${TEXTS} runbook-like sentences in batches of ${EMBED_BATCH}.`,
      `Search over N stored 512-dimension vectors of one workspace (all kinds, top 10, up to ${QUERIES} queries after 2 warm-ups, at most ${BUDGET_MS / 1000} s per row; no ANN index, both paths scan):\n\n| Database | Path | N | Queries | p50 | p95 |\n| --- | --- | ---: | ---: | ---: | ---: |\n${rows.join("\n")}`,
      `- Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (shared machine).`,
    ].join("\n\n"),
  );
}

await main();

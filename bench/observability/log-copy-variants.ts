/**
 * What one stored log line costs the database, index by index. Writes `--lines` lines through
 * `insertLogLines` (the writer's path: COPY in `--batch`-line transactions into a day
 * partition) into a fresh database per variant, where a variant first changes `log_lines`'
 * indexes. Reports CPU per line, not wall time (the machine is shared): Node's own from
 * `process.cpuUsage()` (PGlite runs in it, so that is all of PGlite's), PostgreSQL's backend
 * from `/proc/<pid>/stat` over a one-connection pool.
 *
 *   node --import tsx bench/observability/log-copy-variants.ts [--lines 200000] [--runs 2]
 *     [--only "name|name"] [--postgres postgres://…]   (PGlite on disk unless --postgres)
 */
import { readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { Level, LogLine } from "../../server/modules/observability/logs/log-line.ts";
import { searchLogs } from "../../server/modules/observability/logs/log-search.ts";
import {
  ensureLogStorage,
  insertLogLines,
} from "../../server/modules/observability/logs/log-store.ts";
import type { Db } from "../../server/platform/db/database.ts";

const { values: args } = parseArgs({
  options: {
    lines: { type: "string", default: "200000" },
    batch: { type: "string", default: "5000" },
    runs: { type: "string", default: "2" },
    only: { type: "string" },
    postgres: { type: "string" },
  },
});
const LINES = Number(args.lines);
const BATCH = Number(args.batch);

/** Each variant's statements run after ensureLogStorage, before the first line. */
const NO_LEVEL_INDEX = [
  "DROP INDEX IF EXISTS log_lines_ws_level_idx",
  "DROP INDEX IF EXISTS log_lines_ws_rare_level_idx",
];
const LEVEL_INDEX =
  "CREATE INDEX log_lines_ws_level_idx ON log_lines (workspace_id, level, time DESC)";
const gin = (using: string) => [
  "DROP INDEX log_lines_message_fts_idx",
  `CREATE INDEX log_lines_message_fts_idx ON log_lines USING gin (message_tsv) ${using}`,
];
/** The layout before 2026-11-27 14:00. */
const TIME_DESCENDING = [
  "DROP INDEX log_lines_ws_time_id_idx",
  "CREATE INDEX log_lines_ws_time_idx ON log_lines (workspace_id, time DESC, id DESC)",
];
/** Each variant's statements run after ensureLogStorage, before the first line. */
const VARIANTS: Array<{ name: string; sql: string[] }> = [
  { name: "as is", sql: [] },
  { name: "time index descending (before 14:00)", sql: TIME_DESCENDING },
  { name: "level index on every line", sql: [...NO_LEVEL_INDEX, LEVEL_INDEX] },
  {
    name: "level index on warn/error/fatal",
    sql: [...NO_LEVEL_INDEX, `${LEVEL_INDEX} WHERE level IN ('warn', 'error', 'fatal')`],
  },
  { name: "no level index", sql: NO_LEVEL_INDEX },
  { name: "no service index", sql: ["DROP INDEX log_lines_ws_service_idx"] },
  {
    name: "service index COLLATE C",
    sql: [
      "DROP INDEX log_lines_ws_service_idx",
      `CREATE INDEX log_lines_ws_service_idx ON log_lines (workspace_id, service COLLATE "C", time DESC)`,
    ],
  },
  { name: "no (workspace_id, id) index", sql: ["DROP INDEX log_lines_ws_id_idx"] },
  {
    name: "BRIN on id instead of (workspace_id, id)",
    sql: [
      "DROP INDEX log_lines_ws_id_idx",
      "CREATE INDEX log_lines_id_brin ON log_lines USING brin (id)",
    ],
  },
  { name: "GIN fastupdate off", sql: gin("WITH (fastupdate = off)") },
  { name: "GIN pending list 16 MB", sql: gin("WITH (gin_pending_list_limit = 16384)") },
  { name: "GIN pending list 32 MB", sql: gin("WITH (gin_pending_list_limit = 32768)") },
  { name: "no GIN index", sql: ["DROP INDEX log_lines_message_fts_idx"] },
  { name: "no time index", sql: ["DROP INDEX log_lines_ws_time_id_idx"] },
  {
    name: "only the (workspace_id, time, id) index and GIN",
    sql: [
      ...NO_LEVEL_INDEX,
      "DROP INDEX log_lines_ws_service_idx",
      "DROP INDEX log_lines_ws_id_idx",
    ],
  },
];

const WORDS = ["GET", "POST", "user", "cache", "db", "timeout", "retry", "ok", "slow", "queue"];
const WORKSPACE = "6f1c2b7e-0d7a-4c1e-9a43-5f0e8f6c2a11";
const DAY = Date.UTC(2026, 9, 1);
/** The ingest bench's line shape: 8 services, one line in 50 an error, ~80-character messages. */
function line(i: number): LogLine {
  return {
    workspaceId: WORKSPACE,
    time: new Date(DAY + Math.floor((i * 86_000_000) / LINES)),
    service: `svc-${i % 8}`,
    level: i % 50 === 0 ? "error" : "info",
    message: `${WORDS[i % 10]} /api/items/${i % 1000} status=${i % 2 ? 200 : 500} user=u${i % 5000} took ${i % 997}ms${i % 3 === 0 ? " upstream" : ""}${i % 50_000 === 7 ? " rarefinding" : ""}`,
    attributes: {},
    resourceId: null,
    keyId: null,
  };
}

/** logs.search's own query (newest 100 and the capped count) over the day, as the explorer asks. */
const SEARCHES: Array<{ name: string; filter: { q?: string; level?: Level } }> = [
  { name: "rare term", filter: { q: "rarefinding" } },
  { name: "common term", filter: { q: "upstream" } },
  // Three words in order, two of them on every line (log-words.ts reads a path as a phrase).
  { name: "path", filter: { q: "/api/items/7" } },
  { name: "level error", filter: { level: "error" } },
  { name: "level info", filter: { level: "info" } },
];

async function p50Ms(db: Db, filter: { q?: string; level?: Level }) {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    await searchLogs(db, WORKSPACE, {
      ...filter,
      from: new Date(DAY),
      to: new Date(DAY + 86_400_000),
      limit: 100,
    });
    if (i >= 2) times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

interface Target {
  db: Db;
  /** CPU ms of the database's work so far (PostgreSQL's backend; PGlite's is Node's). */
  dbCpuMs(): number;
  close(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  if (!args.postgres) {
    const dir = await mkdtemp(path.join(tmpdir(), "gp-logcopy-"));
    const pglite = new PGlite(dir);
    return {
      db: drizzlePglite(pglite) as unknown as Db,
      dbCpuMs: () => 0,
      async close() {
        await pglite.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gp_logcopy_${process.pid}`;
  const admin = new pg.Client({ connectionString: args.postgres });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(args.postgres);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const pid = rows[0]!.pid;
  return {
    db: drizzlePg(pool) as unknown as Db,
    dbCpuMs() {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, USER_HZ 100
    },
    async close() {
      await pool.end();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}

async function main() {
  const only = args.only?.split("|");
  const variants = VARIANTS.filter((v) => !only || only.includes(v.name));
  const batches: LogLine[][] = [];
  for (let s = 0; s < LINES; s += BATCH)
    batches.push(Array.from({ length: Math.min(BATCH, LINES - s) }, (_, k) => line(s + k)));
  const kind = args.postgres ? "PostgreSQL" : "PGlite";
  console.log(`${kind}, ${LINES} lines in ${BATCH}-line transactions; µs of CPU a line`);
  console.log(
    `variant\trun\tNode\tdatabase backend\ttotal\twall\tload\tsearch p50 ms: ${SEARCHES.map((s) => s.name).join(", ")}`,
  );
  // Node's JIT warms up on a throw-away run first, so the first variant pays no extra.
  const warm = await openTarget();
  await ensureLogStorage(warm.db);
  for (const batch of batches.slice(0, 10)) await insertLogLines(warm.db, batch);
  await warm.close();
  for (let run = 0; run < Number(args.runs); run++) {
    for (const variant of variants) {
      const target = await openTarget();
      try {
        await ensureLogStorage(target.db);
        for (const statement of variant.sql) await target.db.execute(sql.raw(statement));
        await insertLogLines(target.db, [line(0)]); // creates the partition outside the clock
        const node0 = process.cpuUsage();
        const db0 = target.dbCpuMs();
        const t0 = performance.now();
        for (const batch of batches) await insertLogLines(target.db, batch);
        const wall = performance.now() - t0;
        const node = process.cpuUsage(node0);
        const nodeUs = (node.user + node.system) / LINES;
        const dbUs = ((target.dbCpuMs() - db0) * 1000) / LINES;
        await target.db.execute(sql`ANALYZE log_lines`);
        const searches = [];
        for (const search of SEARCHES)
          searches.push((await p50Ms(target.db, search.filter)).toFixed(1));
        console.log(
          [
            variant.name,
            run + 1,
            nodeUs.toFixed(1),
            args.postgres ? dbUs.toFixed(1) : "(in Node)",
            (nodeUs + dbUs).toFixed(1),
            `${((wall * 1000) / LINES).toFixed(1)} µs`,
            os.loadavg()[0]!.toFixed(1),
            searches.join(", "),
          ].join("\t"),
        );
      } finally {
        await target.close();
      }
    }
  }
}

await main();

// `npm run bench`: authenticated read throughput and latency of Glass Pane on PGlite and on
// PostgreSQL, next to a bare Fastify route serving the same JSON, all measured in one run.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type ApiRequest,
  type LoadOptions,
  measure,
  operationRequest,
  send,
  setupToken,
} from "./load.ts";
import { prependSection, type Row, renderSection, table } from "./report.ts";
import type { BareRoute } from "./target.ts";
import {
  createTempDatabase,
  type SpawnOptions,
  startBare,
  startGlassPane,
  type Target,
} from "./targets.ts";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    ops: { type: "string" },
    method: { type: "string" },
    targets: { type: "string" },
    "database-url": { type: "string" },
    profile: { type: "boolean" },
    "no-write": { type: "boolean" },
  },
});
const env = process.env;
function number(value: string | undefined, fallback: number): number {
  const n = value ? Number(value) : fallback;
  if (!Number.isFinite(n) || n < 0) throw new Error(`expected a number ≥ 0, got "${value}"`);
  return n;
}

const load: LoadOptions = {
  durationSeconds: number(args.duration ?? env.BENCH_DURATION, 10),
  warmupSeconds: number(args.warmup ?? env.BENCH_WARMUP, 3),
  connections: number(args.connections ?? env.BENCH_CONNECTIONS, 20),
};
const ops = (args.ops ?? env.BENCH_OPS ?? "members.list").split(",").map((op) => op.trim());
const method = (args.method ?? env.BENCH_METHOD ?? "POST").toUpperCase() as "GET" | "POST";
const targets = new Set((args.targets ?? env.BENCH_TARGETS ?? "pglite,postgres").split(","));
const adminUrl =
  args["database-url"] ??
  env.BENCH_DATABASE_URL ??
  "postgres://postgres:postgres@localhost/postgres";
const write = !(args["no-write"] || env.BENCH_WRITE === "0");
const profileDir =
  args.profile || env.BENCH_PROFILE === "1"
    ? fileURLToPath(new URL("./profiles", import.meta.url))
    : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const spawnOptions: SpawnOptions = { profileDir };

const rows: Row[] = [];
const notes: string[] = [];
let bare: Target | undefined;

async function measureOne(name: string, target: Target, request: ApiRequest, op: string) {
  console.log(
    `  ${name} ${op}: ${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured`,
  );
  const measurement = await measure(target.url, request, load, target.pid);
  // Requests cut off when autocannon stops are still queued for the database; one more request
  // waits behind them, so stopping the server does not close the pool under their feet.
  await send(target.url, request);
  return measurement;
}

/**
 * Benchmarks one Glass Pane, each operation right after the bare route: load from elsewhere on a
 * shared machine then drifts less between the two numbers of a ratio.
 */
async function benchGlassPane(name: string, databaseUrl: string | undefined): Promise<void> {
  console.log(`Starting ${name}`);
  const target = await startGlassPane(databaseUrl, spawnOptions);
  try {
    const token = await setupToken(target.url);
    const requests = ops.map((op) => operationRequest(op, token, method));
    const routes: BareRoute[] = [];
    for (const [i, op] of ops.entries()) {
      const response = await send(target.url, requests[i]!);
      if (response.status !== 200) {
        throw new Error(`${name} ${op} answered ${response.status}: ${response.body}`);
      }
      routes.push({ method, path: `/api/${op}`, body: response.body });
    }
    // The first Glass Pane's responses are what the bare route serves, byte for byte.
    bare ??= await startBare(routes, spawnOptions);
    for (const [i, op] of ops.entries()) {
      const base = await measureOne("bare Fastify", bare, requests[i]!, op);
      rows.push({ target: "bare Fastify", operation: op, measurement: base });
      const measurement = await measureOne(name, target, requests[i]!, op);
      const ratio = measurement.requestsPerSecond / base.requestsPerSecond;
      rows.push({ target: name, operation: op, measurement, ratio });
    }
  } finally {
    await target.stop();
  }
}

try {
  if (targets.has("pglite")) await benchGlassPane("Glass Pane, PGlite", undefined);
  if (targets.has("postgres")) {
    const database = await createTempDatabase(adminUrl);
    const host = new URL(adminUrl).host;
    if ("unavailable" in database) {
      notes.push(`PostgreSQL skipped: no database on ${host} (${database.unavailable}).`);
    } else {
      const local = /^(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(host);
      const where = local ? `${host}, the same machine: it competes for the same cores` : host;
      notes.push(`PostgreSQL ${database.serverVersion} on ${where}; a fresh database per run.`);
      try {
        await benchGlassPane("Glass Pane, PostgreSQL", database.url);
      } finally {
        await database.drop();
      }
    }
  }
} finally {
  await bare?.stop();
}

const settings = `${method} /api/{${ops.join(",")}} with a Bearer token (one member, owner token), ${load.connections} connections, ${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured per target; each server in its own process; each Glass Pane row follows its own bare-route measurement.`;
console.log(`\n${table(rows)}\n`);
for (const note of notes) console.log(note);
if (write) {
  const file = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
  prependSection(file, renderSection({ date: new Date(), settings, rows, notes }));
  console.log(`Results added to ${file}`);
}
if (profileDir)
  console.log(
    `CPU profiles in ${profileDir}: summarise with node --import tsx bench/profile.ts <file>`,
  );

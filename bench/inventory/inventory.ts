// `npm run bench:inventory`: discovery of 10,000 AWS resources from the replay server with 50 ms
// injected latency (wall time, peak RSS of the Glass Pane process; the replay server runs in a
// process of its own, replay-process.ts), then inventory.search over 100,000 resources
// (p50/p95 through the registry: zod, SQL, facets, output encoding), on PGlite.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import { createRuntime } from "../../server/runtime.ts";
import { MARKER, machine, prependSection } from "../report.ts";
import { peakRss, resetPeakRss } from "./peak-rss.ts";
import type { ReplayClosed, ReplayReady } from "./replay-process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    discover: { type: "string" },
    // 0: discovery only.
    search: { type: "string" },
    runs: { type: "string" },
    "no-write": { type: "boolean" },
    // A V8 CPU profile of the discovery alone (not start-up, not search), for DevTools.
    "cpu-prof": { type: "string" },
  },
});
const DISCOVER = Number(args.discover ?? 10_000);
const SEARCH = Number(args.search ?? 100_000);
const RUNS = Number(args.runs ?? 30);
const LATENCY_MS = 50;

const MIB = 2 ** 20;
const mib = (bytes: number) => (bytes / MIB).toFixed(0);

/** The replay server in its own process (the parent's --import tsx is inherited). */
async function startReplay() {
  const child = fork(
    fileURLToPath(new URL("./replay-process.ts", import.meta.url)),
    [String(DISCOVER), String(LATENCY_MS)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const [ready] = (await once(child, "message")) as [ReplayReady];
  let closed: Promise<ReplayClosed> | undefined;
  const close = async () => {
    const answer = once(child, "message") as Promise<[ReplayClosed]>;
    const exit = once(child, "exit");
    child.send("close");
    const [result] = await answer;
    await exit;
    return result;
  };
  return { endpoint: ready.endpoint, close: () => (closed ??= close()) };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-inventory-"));
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    // An empty PostgreSQL database instead of PGlite, e.g. postgres://…/gp_bench_inventory.
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const rt = await createRuntime(config, createLogger("silent"));
  const db = rt.database.db;
  const user = await rt.services.auth.createUser(db, {
    email: "inventory-bench@example.com",
    name: "bench",
    password: "violet orbit ledger 7731",
  });
  const workspace = await rt.services.workspaces.create(db, {
    name: "Bench",
    ownerUserId: user.id,
  });
  const session = await rt.services.auth.startSession(db, user.id, {});
  const actor = (await rt.services.auth.authenticateSession(session.token))!.actor;
  const caller = { actor, workspaceId: workspace.id } as Caller;
  const replay = await startReplay();
  const rows: string[] = [];
  try {
    const connector = (await rt.call(
      "connectors.create",
      {
        provider: "aws",
        name: "bench",
        credentials: {
          method: "access-keys",
          accessKeyId: "AKIABENCHMARK0000001",
          secretAccessKey: "bench-secret-access-key-0123",
        },
        regions: ["us-west-2"],
        endpoint: replay.endpoint,
      },
      caller,
    )) as { id: string };
    rt.services.jobs.start();
    const before = process.memoryUsage();
    resetPeakRss();
    const profiler = args["cpu-prof"] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { scanId } = (await rt.call("connectors.discover", { id: connector.id }, caller)) as {
      scanId: string;
    };
    let scan: { status: string; resourcesSeen: number } | undefined;
    for (;;) {
      [scan] = (await rt.call("connectors.scans", { scanId }, caller)) as (typeof scan)[];
      if (scan && !["queued", "running"].includes(scan.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const peak = peakRss();
    const after = process.memoryUsage();
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(args["cpu-prof"]!, JSON.stringify(profile));
      profiler.disconnect();
    }
    // The search below needs no replay: stopping it now gives its request count and peak RSS.
    const served = await replay.close();
    rows.push(
      `| discovery (${scan!.resourcesSeen} resources, ${served.requests} requests, ${LATENCY_MS} ms latency) | ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (this process) | peak RSS ${mib(peak)} MiB (before the scan ${mib(before.rss)} MiB: heap ${mib(before.heapUsed)}, external ${mib(before.external)}; after: heap ${mib(after.heapUsed)}, external ${mib(after.external)}) | ${scan!.status} | goal ≤ 15 s, ≤ 500 MB (${mib(500e6)} MiB) |`,
    );
    console.log(rows.at(-1));
    console.log(`(the replay server, a process of its own: peak RSS ${mib(served.peakRss)} MiB)`);

    // The scan's follow-up jobs (compliance, search indexing) would otherwise share the database
    // (PGlite: its one connection) and the event loop with the searches measured below.
    await rt.services.jobs.stop(0);
    if (SEARCH <= 0) return;

    // The search corpus is written in one statement: applyScope's speed is what discovery measured.
    const fillStart = performance.now();
    const target = SEARCH - scan!.resourcesSeen;
    await db.execute(sql`
      INSERT INTO resources (workspace_id, connector_id, provider, account, region, scope, type,
        native_type, native_id, name, state, tags, cost_resource_id, attributes, first_seen_at, last_seen_at)
      SELECT ${workspace.id}, ${connector.id},
        (ARRAY['aws','azure','gcp','digitalocean'])[1 + i % 4], '210987654321',
        (ARRAY['eu-west-1','us-east-1','us-west-2','ap-southeast-2'])[1 + i % 4], 'bench@synthetic',
        (ARRAY['compute.vm','storage.volume','db.instance','storage.bucket','network.lb'])[1 + i % 5],
        'Bench::Resource', 'res-' || i, 'web-' || i, CASE WHEN i % 7 = 0 THEN 'stopped' ELSE 'running' END,
        jsonb_build_object('env', CASE WHEN i % 3 = 0 THEN 'prod' ELSE 'staging' END, 'client', 'client-' || (i % 40)),
        'res-' || i, jsonb_build_object('size', i % 500), now(), now()
      FROM generate_series(1, ${target}) AS i`);
    // As a large scan does (discovery.service): PGlite has no autovacuum to gather statistics.
    await db.execute(sql`ANALYZE resources`);
    rows.push(
      `| write ${target} more resources (one INSERT … SELECT, then ANALYZE) | ${((performance.now() - fillStart) / 1000).toFixed(1)} s | | | |`,
    );
    console.log(rows.at(-1));
    const queries: Record<string, unknown>[] = [
      {},
      { q: "web-123" },
      { type: "compute.vm" },
      { tag: "env=prod" },
      { tag: "client" },
      { q: "res-4242" },
      { q: "web", facets: false },
      { provider: "aws", region: "eu-west-1", state: "running" },
      {
        cursor: "WyJ3ZWItNTAwMDAiLCIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiXQ",
        facets: false,
      },
    ];
    for (const input of queries) {
      for (let i = 0; i < 3; i++) await rt.call("inventory.search", input, caller);
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        total = ((await rt.call("inventory.search", input, caller)) as { total: number }).total;
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      rows.push(
        `| inventory.search ${JSON.stringify(input)} over ${SEARCH} (${total} match) | p50 ${pct(samples, 50).toFixed(0)} ms | p95 ${pct(samples, 95).toFixed(0)} ms | | goal p50 ≤ 50 ms |`,
      );
      console.log(rows.at(-1));
    }
  } finally {
    await replay.close();
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (args["no-write"]) return;
  const info = Object.entries(machine())
    .map(([k, v]) => `- ${k}: ${v}`)
    .join("\n");
  const when = new Date().toISOString().replace("T", " ").slice(0, 16);
  prependSection(
    path.join(ROOT, "bench/RESULTS.md"),
    [
      `${MARKER}\n## ${when} UTC — inventory (discovery, search), ${process.env.BENCH_DATABASE_URL ? "PostgreSQL 15" : "PGlite"}`,
      info,
      `| Measure | Value | | Outcome | Goal |\n| --- | --- | --- | --- | --- |\n${rows.join("\n")}`,
      `- Load average at the end: ${(await import("node:os"))
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (shared machine).`,
    ].join("\n\n"),
  );
}

await main();

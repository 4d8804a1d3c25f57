// `npm run bench:inventory`: discovery of 10,000 AWS resources from the replay server with 50 ms
// injected latency, through the API of the server run as `npm start` runs it (compiled, a process
// of its own, server-process.ts; `--source` runs it through tsx's loader instead): wall time, and
// the peak RSS of that process alone. The replay server runs in a process of its own too
// (replay-process.ts). Then inventory.search over 100,000 resources through the registry in this
// process (p50/p95: zod, SQL, facets, output encoding), on PGlite.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { rebuildResourceCosts } from "../../server/modules/inventory/resource-costs.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import { createRuntime } from "../../server/runtime.ts";
import { MARKER, machine, prependSection } from "../report.ts";
import type { ReplayClosed, ReplayReady } from "./replay-process.ts";
import { startServerProcess } from "./server-process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    discover: { type: "string" },
    // 0: discovery only.
    search: { type: "string" },
    runs: { type: "string" },
    "no-write": { type: "boolean" },
    // The server through tsx's loader (bin/glasspane.mjs) instead of compiled, as npm start runs it.
    source: { type: "boolean" },
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
  const env = {
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    // An empty PostgreSQL database instead of PGlite, e.g. postgres://…/gp_bench_inventory.
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "",
  };
  const replay = await startReplay();
  const server = await startServerProcess(env, { fromSource: args.source });
  let rt: Awaited<ReturnType<typeof createRuntime>> | undefined;
  const rows: string[] = [];
  try {
    // A first run, as the setup page does it; the token is the owner's.
    const setup = await server.call<{
      user: { id: string };
      workspace: { id: string };
      token: string;
    }>("setup.create", {
      email: "inventory-bench@example.com",
      password: "violet orbit ledger 7731",
      workspaceName: "Bench",
      issueToken: true,
    });
    const call = <T>(operation: string, input: unknown) =>
      server.call<T>(operation, input, setup.token);
    const connector = await call<{ id: string }>("connectors.create", {
      provider: "aws",
      name: "bench",
      credentials: {
        method: "access-keys",
        accessKeyId: "AKIABENCHMARK0000001",
        secretAccessKey: "bench-secret-access-key-0123",
      },
      regions: ["us-west-2"],
      endpoint: replay.endpoint,
    });
    const before = await server.memory();
    server.resetPeakRss();
    const started = performance.now();
    const { scanId } = await call<{ scanId: string }>("connectors.discover", { id: connector.id });
    let scan: { status: string; resourcesSeen: number } | undefined;
    for (;;) {
      [scan] = await call<(typeof scan)[]>("connectors.scans", { scanId });
      if (scan && !["queued", "running"].includes(scan.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const wall = (performance.now() - started) / 1000;
    const peak = server.peakRss();
    const after = await server.memory();
    // The search below needs no replay: stopping it now gives its request count and peak RSS.
    const served = await replay.close();
    rows.push(
      `| discovery (${scan!.resourcesSeen} resources, ${served.requests} requests, ${LATENCY_MS} ms latency) | ${wall.toFixed(1)} s wall, ${(after.cpuSeconds - before.cpuSeconds).toFixed(1)} s CPU (the server) | peak RSS ${mib(peak)} MiB (before the scan ${mib(before.rss)} MiB: heap ${mib(before.heapUsed)}, external ${mib(before.external)}; after: heap ${mib(after.heapUsed)}, external ${mib(after.external)}) | ${scan!.status} | goal ≤ 15 s, ≤ 500 MB (${mib(500e6)} MiB) |`,
    );
    console.log(rows.at(-1));
    console.log(`(the replay server, a process of its own: peak RSS ${mib(served.peakRss)} MiB)`);

    // Discovery only: the scan's follow-up jobs (compliance, search indexing) are not measured,
    // and a graceful stop waits for them (minutes for 10,000 resources), so the server is killed.
    if (SEARCH <= 0) return;
    // The searches run through the registry in this process, on the same database, once the
    // server has finished its jobs and closed it.
    await server.stop();
    const config = loadConfig(env);
    const runtime = await createRuntime(config, createLogger("silent"));
    rt = runtime;
    const db = runtime.database.db;
    const session = await runtime.services.auth.startSession(db, setup.user.id, {});
    const actor = (await runtime.services.auth.authenticateSession(session.token))!.actor;
    const caller = { actor, workspaceId: setup.workspace.id } as Caller;
    const workspace = setup.workspace;

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
    // A ledger with one day's cost for every resource (not through the importer: its speed is
    // issue 3's bench); the job that follows an import rebuilds the resource costs, timed here.
    const costStart = performance.now();
    const importId = crypto.randomUUID();
    await db.execute(sql`
      INSERT INTO cost_imports (id, workspace_id, file_name, format, container, bytes, rows, status, periods, duration_ms)
      VALUES (${importId}, ${workspace.id}, 'bench.csv', 'focus-1.2', 'csv', 0, ${SEARCH}, 'imported', '[]'::jsonb, 0)`);
    await db.execute(sql`
      INSERT INTO cost_daily_resource (workspace_id, import_id, day, billing_currency, resource_id,
        billed_cost, effective_cost, list_cost, contracted_cost, line_count)
      SELECT ${workspace.id}, ${importId}, current_date - 1, 'USD', 'res-' || i,
        (i % 997) * 0.37, (i % 997) * 0.37, 0, 0, 1
      FROM generate_series(1, ${SEARCH}) AS i`);
    await db.execute(sql`
      INSERT INTO cost_daily (workspace_id, import_id, day, billing_currency, billed_cost,
        effective_cost, list_cost, contracted_cost, line_count)
      VALUES (${workspace.id}, ${importId}, current_date - 1, 'USD', 0, 0, 0, 0, 0)`);
    await db.execute(sql`ANALYZE cost_daily_resource`);
    const written = performance.now();
    await rebuildResourceCosts(db, workspace.id);
    rows.push(
      `| a day's cost for each of ${SEARCH} resources; the resource-costs job rebuilds their 30-day costs | ${((performance.now() - written) / 1000).toFixed(2)} s (writing the ledger rows ${((written - costStart) / 1000).toFixed(1)} s) | | | |`,
    );
    console.log(rows.at(-1));
    const queries: Record<string, unknown>[] = [
      {},
      { sort: "cost" },
      { sort: "cost", type: "compute.vm", facets: false },
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
      for (let i = 0; i < 3; i++) await runtime.call("inventory.search", input, caller);
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        total = ((await runtime.call("inventory.search", input, caller)) as { total: number })
          .total;
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
    await server.kill();
    await rt?.close();
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

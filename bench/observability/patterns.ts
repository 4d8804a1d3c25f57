// `npm run bench:patterns`: throughput of the log pattern mining job over lines already stored
// (read from log_lines past the cursor, mine, upsert templates and hourly counts, save the
// miner snapshot, per batch in one transaction), then one logs.patterns query over the period.
// PGlite unless BENCH_DATABASE_URL.
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { LogLine } from "../../server/modules/observability/logs/log-line.ts";
import { insertLogLines } from "../../server/modules/observability/logs/log-store.ts";
import {
  forgetCachedMiners,
  mineWorkspacePatterns,
} from "../../server/modules/observability/patterns/store/pattern-mining.ts";
import { listPatterns } from "../../server/modules/observability/patterns/store/pattern-queries.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { createRuntime } from "../../server/runtime.ts";
import { MARKER, machine, prependSection } from "../report.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    lines: { type: "string" },
    batch: { type: "string" },
    "no-write": { type: "boolean" },
  },
});
const LINES = Number(args.lines ?? 200_000);
const BATCH = Number(args.batch ?? 5000);

/** 40 message shapes over 4 services, values varying, as an application's logs would. */
function message(i: number): { service: string; level: LogLine["level"]; message: string } {
  const shape = (i * 7919) % 40;
  const service = ["api", "worker", "db", "edge"][shape % 4]!;
  const level = shape % 10 === 9 ? "error" : shape % 10 === 8 ? "warn" : "info";
  const text = [
    `request ${i} handled by shard-${shape} in ${i % 997} ms status ${i % 2 ? 200 : 404}`,
    `user u${i % 5000} event kind${shape} took ${i % 431}ms from 10.0.${i % 255}.${shape}`,
    `step${shape} of job ${i} retried ${i % 5} times after error code E${shape}${i % 7}`,
  ][shape % 3]!;
  return {
    service,
    level,
    message: `${["GET", "sync", "cache", "queue", "auth"][shape % 5]} ${text}`,
  };
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-patterns-"));
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const rt = await createRuntime(config, createLogger("silent"));
  const db = rt.database.db;
  const rows: string[] = [];
  try {
    const user = await rt.services.auth.createUser(db, {
      email: "patterns-bench@example.com",
      name: "bench",
      password: "violet orbit ledger 7731",
    });
    const workspace = await rt.services.workspaces.create(db, {
      name: "Bench",
      ownerUserId: user.id,
    });
    const start = Date.now() - 6 * 3_600_000;
    const make = (from: number, n: number): LogLine[] =>
      Array.from({ length: n }, (_, k) => ({
        workspaceId: workspace.id,
        time: new Date(start + ((from + k) * 6 * 3_600_000) / LINES),
        ...message(from + k),
        attributes: {},
        resourceId: null,
        keyId: null,
      }));
    for (let i = 0; i < LINES; i += 10_000) await insertLogLines(db, make(i, 10_000));
    const events = { emit: async () => {} };
    const measure = async (label: string) => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await mineWorkspacePatterns(db, events, workspace.id, {
        batchSize: BATCH,
        maxBatches: Number.MAX_SAFE_INTEGER,
      });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const rate = Math.round(result.lines / (ms / 1000));
      rows.push(
        `| ${label} | ${result.lines.toLocaleString("en")} lines | ${rate.toLocaleString("en")} lines/s wall | ${Math.round(result.lines / (cpuMs / 1000)).toLocaleString("en")} lines per CPU-second (Node process; PGlite runs in it) | ${result.batches} batches of ${BATCH} |`,
      );
      console.log(rows.at(-1));
    };
    await measure("First catch-up (baseline)");
    // A restart: the next run restores the miner from its stored snapshot.
    forgetCachedMiners(db);
    for (let i = LINES; i < LINES + LINES / 10; i += 10_000)
      await insertLogLines(db, make(i, 10_000));
    await measure("After a restart (snapshot restored)");
    const t0 = performance.now();
    const listed = await listPatterns(db, workspace.id, {
      from: new Date(start),
      to: new Date(),
      limit: 100,
    });
    rows.push(
      `| logs.patterns over 6 h | ${listed.items.length} templates | ${(performance.now() - t0).toFixed(0)} ms | one call | |`,
    );
    console.log(rows.at(-1));
  } finally {
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
      `${MARKER}\n## ${when} UTC — log pattern mining job over stored lines, ${process.env.BENCH_DATABASE_URL ? "PostgreSQL 15" : "PGlite"}`,
      info,
      `| Run | Lines | Throughput | CPU | Detail |\n| --- | --- | --- | --- | --- |\n${rows.join("\n")}`,
      `- Each batch: read ${BATCH} lines past the cursor (index on workspace_id, id), mine them, upsert templates and hourly counts, save the miner snapshot, in one transaction holding the miner row lock. Machine shared with other sessions: load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}.`,
    ].join("\n\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

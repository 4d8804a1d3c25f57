// `npm run bench:metrics`: sustained metric ingest through OTLP/HTTP (/v1/metrics), JSON or,
// with `--protobuf`, protobuf as the OpenTelemetry SDK's exporter sends it (encoded by its own
// serializer), each request 50 metrics × 100 series of gauges, every request answered after its commit. Each
// client's first request (untimed) creates its series; then `--runs` timed windows of
// `--seconds`, reported one by one (samples/s, how busy the server's thread was, this process's
// CPU per sample), so a run's noise on a shared machine can be seen. The senders run on a
// thread of their own (metric-clients.ts). Then the minutes written are closed (aggregated into
// the minute roll-up, as the every-minute job does), timed and its CPU per sample reported: that
// work left the request path but not the machine. PGlite unless BENCH_DATABASE_URL.
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { performance as perfHooks } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import {
  closeMinutes,
  MINUTE_CLOSE_GRACE_MS,
} from "../../server/modules/observability/metrics/metric-minutes.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { rowsOf } from "../../server/platform/db/copy.ts";
import type { Db } from "../../server/platform/db/database.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { startTsWorker } from "../../server/platform/workers/ts-worker.ts";
import { startIngestServer } from "./ingest-server.ts";
import { METRICS, SERIES, sendExport } from "./metric-bodies.ts";
import type { Job, Result } from "./metric-clients.ts";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string" },
    clients: { type: "string" },
    runs: { type: "string" },
    label: { type: "string" },
    protobuf: { type: "boolean" },
  },
});
const SECONDS = Number(args.seconds ?? 10);
const CLIENTS = Number(args.clients ?? 8);
const RUNS = Number(args.runs ?? 3);
const PROTOBUF = args.protobuf ?? false;

/**
 * CPU seconds so far of each PostgreSQL backend serving this database (same machine: read from
 * /proc), so the database's share per sample can be told from Node's. Empty on PGlite.
 */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (!process.env.BENCH_DATABASE_URL) return cpu;
  const result = await db.execute(
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  for (const { pid } of rowsOf<{ pid: number }>(result)) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are 14th, 15th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the backend ended meanwhile
    }
  }
  return cpu;
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-metrics-"));
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const log = createLogger(process.env.BENCH_LOG_LEVEL ?? "error");
  const { rt, db, app, key, origin } = await startIngestServer(config, log, "Metric bench");
  const url = `${origin}/v1/metrics`;
  const headers = {
    authorization: `Bearer ${key}`,
    "content-type": PROTOBUF ? "application/x-protobuf" : "application/json",
  };
  // Samples 1 ms apart from now: within the open minute, as in real ingest (the minute roll-up
  // is built when it closes; samples of a closed minute would take the late path, which
  // upserts it per request).
  let clock = Date.now();
  let written = 0;
  const target = { url, headers, protobuf: PROTOBUF };
  try {
    const warm = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        written += (await sendExport(target, c, 0, clock++)).stored;
      }),
    );
    console.log(
      `series creation: ${CLIENTS * METRICS * SERIES} series in ${((performance.now() - warm) / 1000).toFixed(1)} s`,
    );
    for (let run = 1; run <= RUNS; run++) {
      // The senders run on their own thread (metric-clients.ts): this thread is the server's
      // (and, on PGlite, the database's), as it is for a server whose clients are elsewhere.
      const senders = startTsWorker(new URL("./metric-clients.ts", import.meta.url), {
        ...target,
        clients: CLIENTS,
        seconds: SECONDS,
        clock,
      } satisfies Job);
      const cpu = process.cpuUsage();
      const loop = perfHooks.eventLoopUtilization();
      const dbCpu = await backendCpu(db);
      const [result] = (await once(senders, "message")) as [Result];
      const busy = perfHooks.eventLoopUtilization(loop).utilization;
      const used = process.cpuUsage(cpu);
      await senders.terminate();
      ({ clock } = result);
      written += result.samples;
      const { samples, seconds: wall } = result;
      let dbSeconds = 0;
      for (const [pid, seconds] of await backendCpu(db))
        dbSeconds += seconds - (dbCpu.get(pid) ?? 0);
      const backend = process.env.BENCH_DATABASE_URL
        ? `, PostgreSQL backends ${((dbSeconds * 1e6) / samples).toFixed(1)} µs/sample`
        : "";
      // Process CPU takes in the senders' thread (and its start); its bodies' share is shown.
      console.log(
        `${args.label ?? ""}${PROTOBUF ? " protobuf" : " JSON"} run ${run}: ${Math.round(samples / wall).toLocaleString("en-US")} samples/s, ${samples.toLocaleString("en-US")} samples in ${wall.toFixed(1)} s, ${result.refused} × 429, server thread busy ${(busy * 100).toFixed(0)} %, process CPU ${((used.user + used.system) / samples).toFixed(1)} µs/sample (bodies built ${((result.buildingMs * 1000) / samples).toFixed(1)})${backend}, load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
    const cpu = process.cpuUsage();
    const dbCpu = await backendCpu(db);
    const started = performance.now();
    const rows = await closeMinutes(db, new Date(clock + MINUTE_CLOSE_GRACE_MS + 60_000));
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    let dbSeconds = 0;
    for (const [pid, seconds] of await backendCpu(db)) dbSeconds += seconds - (dbCpu.get(pid) ?? 0);
    console.log(
      `closing the minutes: ${written.toLocaleString("en-US")} samples into ${rows.toLocaleString("en-US")} roll-up rows in ${wall.toFixed(2)} s, Node CPU ${((used.user + used.system) / written).toFixed(2)} µs/sample${process.env.BENCH_DATABASE_URL ? `, PostgreSQL backends ${((dbSeconds * 1e6) / written).toFixed(2)} µs/sample` : ""}, load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await app.close();
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// `npm run bench:minute-close`: what closing a minute costs (the every-minute job that writes
// each series' minute roll-up row and its samples' row, metric-minutes.ts), per sample, as a
// function of how many samples each series sends a minute. 40,000 series (`--series`) each get
// k samples in one open minute, written through insertSamples; then the minute is closed and
// timed. The ingest bench (metric-ingest.ts) gives its series ~450 samples a minute; a series
// scraped every 10–60 s has 1–6. PGlite unless BENCH_DATABASE_URL (a scratch database: each
// density writes into it and deletes its rows afterwards).
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import {
  closeMinutes,
  MINUTE_CLOSE_GRACE_MS,
} from "../../server/modules/observability/metrics/metric-minutes.ts";
import {
  insertSamples,
  type MetricSample,
} from "../../server/modules/observability/metrics/metric-store.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { startIngestServer } from "./ingest-server.ts";

const { values: args } = parseArgs({
  options: { series: { type: "string" }, densities: { type: "string" } },
});
const SERIES = Number(args.series ?? 40_000);
const DENSITIES = (args.densities ?? "1,6,60,450").split(",").map(Number);
const BATCH = 20_000;

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-close-"));
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const log = createLogger(process.env.BENCH_LOG_LEVEL ?? "error");
  const { rt, db, app, workspace } = await startIngestServer(config, log, "Close bench");
  const engine = process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite";
  const labels = Array.from({ length: SERIES }, (_, i) => ({ host: `h${i % 500}`, n: String(i) }));
  try {
    let open = 0;
    for (const k of DENSITIES) {
      // One open minute, a little ahead of now and after the last one closed: every sample
      // takes the append path.
      const minute = Math.max(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000, open);
      open = minute + 60_000;
      const gap = Math.floor(60_000 / k);
      let batch: MetricSample[] = [];
      const written = performance.now();
      for (let j = 0; j < k; j++)
        for (let s = 0; s < SERIES; s++) {
          batch.push({
            workspaceId: workspace.id,
            name: `close_bench_${s % 50}`,
            labels: labels[s]!,
            time: new Date(minute + j * gap + (s % gap)),
            value: (s * 31 + j * 7) % 1000,
            resourceId: null,
          });
          if (batch.length === BATCH) {
            await insertSamples(db, batch);
            batch = [];
          }
        }
      if (batch.length > 0) await insertSamples(db, batch);
      const writeSeconds = (performance.now() - written) / 1000;
      const samples = k * SERIES;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const rows = await closeMinutes(db, new Date(minute + 60_000 + MINUTE_CLOSE_GRACE_MS));
      const wall = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      console.log(
        `${engine}, ${SERIES.toLocaleString("en-US")} series × ${k} samples a minute: writing ${Math.round(samples / writeSeconds).toLocaleString("en-US")} samples/s; closing ${rows.toLocaleString("en-US")} rows in ${wall.toFixed(2)} s = ${((wall * 1e6) / samples).toFixed(2)} µs a sample, ${((wall * 1e6) / SERIES).toFixed(1)} µs a series-minute (Node CPU ${((used.user + used.system) / samples).toFixed(2)} µs a sample), load ${os.loadavg()[0]!.toFixed(1)}`,
      );
      await db.execute(sql`DELETE FROM metric_samples WHERE workspace_id = ${workspace.id}`);
      await db.execute(sql`DELETE FROM metric_minute_samples WHERE workspace_id = ${workspace.id}`);
      await db.execute(sql`DELETE FROM metric_rollup_1m WHERE workspace_id = ${workspace.id}`);
    }
  } finally {
    await app.close();
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

// `npm run bench:ingest`: sustained log ingest through the plain JSON HTTP endpoint (lines/s,
// concurrent clients, batches committed before each answer; peak RSS), time from an answer to
// the lines being found by logs.search, then logs.search p50 over a large table (a rare term, a
// common term with its exact count, a service + level filter). PGlite unless BENCH_DATABASE_URL.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { insertLogLines } from "../../server/modules/observability/logs/log-store.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { startTsWorker } from "../../server/platform/workers/ts-worker.ts";
import { MARKER, machine, prependSection } from "../report.ts";
import { startIngestServer } from "./ingest-server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    seconds: { type: "string" },
    clients: { type: "string" },
    batch: { type: "string" },
    lines: { type: "string" },
    runs: { type: "string" },
    "no-write": { type: "boolean" },
  },
});
const SECONDS = Number(args.seconds ?? 20);
const CLIENTS = Number(args.clients ?? 8);
const BATCH = Number(args.batch ?? 1000);
const TABLE_LINES = Number(args.lines ?? 1_000_000);
const RUNS = Number(args.runs ?? 20);

const WORDS = ["GET", "POST", "user", "cache", "db", "timeout", "retry", "ok", "slow", "queue"];
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-ingest-"));
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const log = createLogger("silent");
  const { rt, db, app, workspace, caller, key, origin } = await startIngestServer(
    config,
    log,
    "Bench",
  );
  const url = `${origin}/ingest/v1/logs`;
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const rows: string[] = [];
  try {
    // 1. Sustained ingest. The senders run on their own thread (log-clients.ts), so the
    // server's thread does only the server's work (on PGlite, the database's too).
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const senders = startTsWorker(new URL("./log-clients.ts", import.meta.url), {
      url,
      headers,
      clients: CLIENTS,
      batch: BATCH,
      seconds: SECONDS,
    });
    const [{ sent, refused, seconds: wall }] = (await once(senders, "message")) as [
      { sent: number; refused: number; seconds: number },
    ];
    await senders.terminate();
    clearInterval(sampler);
    rows.push(
      `| sustained ingest, ${CLIENTS} clients × ${BATCH}-line JSON batches, ${SECONDS} s | ${Math.round(sent / wall).toLocaleString("en-US")} lines/s | ${sent.toLocaleString("en-US")} lines committed, ${refused} × 429, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB | goal ≥ 50,000 lines/s |`,
    );
    console.log(rows.at(-1));

    // 1b. Sustained metric ingest: OTLP/HTTP JSON gauges, 50 metrics × 100 series a request.
    // Each client's first request (not timed) creates its 5,000 series; then steady state.
    const metricsUrl = url.replace("/ingest/v1/logs", "/v1/metrics");
    let samples = 0;
    let metricStart = 0;
    let metricDeadline = Number.POSITIVE_INFINITY;
    let warm = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; n === 0 || performance.now() < metricDeadline; n++) {
          const nanos = `${BigInt(Date.now() - 3_600_000 + n) * 1_000_000n}`;
          const metrics = Array.from({ length: 50 }, (_, m) => ({
            name: `bench_metric_${m}`,
            gauge: {
              dataPoints: Array.from({ length: 100 }, (_, h) => ({
                attributes: [{ key: "instance", value: { stringValue: `c${c}-h${h}` } }],
                timeUnixNano: nanos,
                asDouble: (n * 31 + h) % 1000,
              })),
            },
          }));
          const body = JSON.stringify({
            resourceMetrics: [
              {
                resource: {
                  attributes: [{ key: "service.name", value: { stringValue: "bench" } }],
                },
                scopeMetrics: [{ metrics }],
              },
            ],
          });
          const response = await fetch(metricsUrl, { method: "POST", headers, body });
          await response.arrayBuffer();
          if (n === 0 && ++warm === CLIENTS) {
            metricStart = performance.now();
            metricDeadline = metricStart + SECONDS * 1000;
          }
          if (n === 0) {
            while (warm < CLIENTS) await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          if (response.status === 200) samples += 5000;
          else if (response.status === 429) await new Promise((r) => setTimeout(r, 100));
          else throw new Error(`metric ingest answered ${response.status}`);
        }
      }),
    );
    const metricWall = (performance.now() - metricStart) / 1000;
    rows.push(
      `| sustained metric ingest, ${CLIENTS} clients × 5,000-sample OTLP JSON requests, ${SECONDS} s | ${Math.round(samples / metricWall).toLocaleString("en-US")} samples/s | ${samples.toLocaleString("en-US")} samples committed | goal ≥ 200,000 samples/s |`,
    );
    console.log(rows.at(-1));

    // 2. Searchable within: from the answer to logs.search finding the marker.
    const marker = `needle${Date.now()}`;
    const now = Date.now();
    const period = {
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 3_600_000).toISOString(),
    };
    await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify([{ message: `find me ${marker}` }]),
    });
    const answered = performance.now();
    for (;;) {
      const found = (await rt.call("logs.search", { ...period, q: marker }, caller)) as {
        total: number;
      };
      if (found.total > 0) break;
    }
    rows.push(
      `| answer → found by logs.search | ${(performance.now() - answered).toFixed(0)} ms | lines are committed before the answer | goal ≤ 2 s |`,
    );
    console.log(rows.at(-1));

    // 3. A large table: written directly (insertLogLines, COPY in 20,000-line transactions, as
    // the writer does), spread over 7 day partitions.
    const fillStart = performance.now();
    const base = Date.UTC(2026, 9, 1);
    const STEP_MS = 604_800_000 / TABLE_LINES;
    const fillLine = (i: number) => ({
      workspaceId: workspace.id,
      time: new Date(base + i * STEP_MS),
      service: `svc-${i % 8}`,
      level: i % 50 === 0 ? ("error" as const) : ("info" as const),
      message: `${WORDS[i % 10]} /api/items/${i % 1000} status=${i % 2 ? 200 : 500} user=u${i % 5000} took ${i % 997}ms${i % 100_000 === 7 ? ` rarefinding ${i}` : ""}${i % 3 === 0 ? " upstream" : ""}`,
      attributes: {},
      resourceId: null,
      keyId: null,
    });
    for (let start = 0; start < TABLE_LINES; start += 20_000) {
      const end = Math.min(TABLE_LINES, start + 20_000);
      await insertLogLines(
        db,
        Array.from({ length: end - start }, (_, k) => fillLine(start + k)),
      );
    }
    await db.execute(sql`ANALYZE log_lines`);
    rows.push(
      `| write ${TABLE_LINES.toLocaleString("en-US")} lines over 7 days (COPY, 20,000 a transaction, indexes live) | ${((performance.now() - fillStart) / 1000).toFixed(1)} s | | |`,
    );
    console.log(rows.at(-1));
    const week = {
      from: new Date(base).toISOString(),
      to: new Date(base + 7 * 86_400_000).toISOString(),
    };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["rare term (≈10 lines)", { q: "rarefinding" }, "goal ≤ 50 ms"],
      ["common term (⅓ of lines), count stops at 10,000", { q: "upstream" }, "goal ≤ 300 ms"],
      ["service + level filter, no text", { service: "svc-2", level: "error" }, ""],
      ["newest 100, no filter", {}, ""],
    ];
    for (const [label, input, goal] of cases) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS + 2; i++) {
        const t = performance.now();
        total = (
          (await rt.call("logs.search", { ...week, ...input, limit: 100 }, caller)) as {
            total: number;
          }
        ).total;
        if (i >= 2) times.push(performance.now() - t);
      }
      rows.push(
        `| logs.search p50, ${label} | ${p50(times).toFixed(1)} ms | total ${total.toLocaleString("en-US")}, ${RUNS} runs | ${goal} |`,
      );
      console.log(rows.at(-1));
    }
  } finally {
    await app.close();
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
      `${MARKER}\n## ${when} UTC — log ingest and search, ${process.env.BENCH_DATABASE_URL ? "PostgreSQL 15" : "PGlite"}`,
      info,
      `| Measure | Value | Detail | Goal |\n| --- | --- | --- | --- |\n${rows.join("\n")}`,
      `- Clients run in the server's own process (one Node event loop for both), on a machine shared with other sessions: load average at the end ${os
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

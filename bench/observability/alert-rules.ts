// How long one evaluation of each telemetry alert rule takes over a realistic amount of stored
// data: log lines over a day, many metric series sampled every 15 s, two days of 5-minute
// points for anomalies. `npm run bench:alerts [-- --lines N --series N --append]`.
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { evaluatorOf } from "../../server/modules/observability/alerts/evaluators.ts";
import type { Level } from "../../server/modules/observability/logs/log-line.ts";
import { insertLogLines } from "../../server/modules/observability/logs/log-store.ts";
import {
  insertSamples,
  type MetricSample,
} from "../../server/modules/observability/metrics/metric-store.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { createRuntime } from "../../server/runtime.ts";
import { machine } from "../report.ts";

const { values: args } = parseArgs({
  options: {
    lines: { type: "string" },
    series: { type: "string" },
    runs: { type: "string" },
    append: { type: "boolean" },
  },
});
const LINES = Number(args.lines ?? 500_000);
const SERIES = Number(args.series ?? 500);
const RUNS = Number(args.runs ?? 7);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-alerts-"));
  const config = loadConfig({
    GLASSPANE_DATA_DIR: dataDir,
    GLASSPANE_SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const rt = await createRuntime(config, createLogger("silent"));
  const db = rt.database.db;
  const user = await rt.services.auth.createUser(db, {
    email: "alerts-bench@example.com",
    name: "bench",
    password: "violet orbit ledger 7731",
  });
  const { id: workspaceId } = await rt.services.workspaces.create(db, {
    name: "Bench",
    ownerUserId: user.id,
  });
  const now = new Date();
  const t0 = now.getTime();
  try {
    const levels: Level[] = ["info", "info", "info", "warn", "error"];
    for (let i = 0; i < LINES; i += 10_000) {
      await insertLogLines(
        db,
        Array.from({ length: Math.min(10_000, LINES - i) }, (_, j) => {
          const n = i + j;
          return {
            workspaceId,
            time: new Date(t0 - (n * 86_400_000) / LINES - 1),
            service: `svc-${n % 20}`,
            level: levels[n % 5]!,
            message: `GET /api/items/${n % 1000} ${n % 97 === 0 ? "timeout" : "ok"} took ${n % 997}ms`,
            attributes: {},
            resourceId: null,
            keyId: null,
          };
        }),
      );
    }
    // SERIES series of one metric over 2 h every 15 s; 20 of another over 48 h every 5 min.
    for (let s = 0; s < SERIES; s += 50) {
      const batch: MetricSample[] = [];
      for (let k = s; k < Math.min(SERIES, s + 50); k++)
        for (let t = t0 - 2 * 3_600_000; t < t0; t += 15_000)
          batch.push({
            workspaceId,
            name: "cpu_usage",
            labels: { host: `h${k}`, service: `svc-${k % 20}` },
            time: new Date(t),
            value: 40 + ((k * 7 + t / 15_000) % 50),
            resourceId: null,
          });
      await insertSamples(db, batch);
    }
    const daily: MetricSample[] = [];
    for (let k = 0; k < 20; k++)
      for (let t = t0 - 48 * 3_600_000; t < t0; t += 300_000)
        daily.push({
          workspaceId,
          name: "latency_ms",
          labels: { host: `h${k}` },
          time: new Date(t),
          value: 50 + 10 * Math.sin((2 * Math.PI * t) / 86_400_000) + (k % 3),
          resourceId: null,
        });
    await insertSamples(db, daily);

    const cases: [string, string, Record<string, unknown>][] = [
      [
        "log_count: errors matching a word, 5 min, by service",
        "log_count",
        { q: "timeout", level: "error", windowMinutes: 5, threshold: 0, groupByService: true },
      ],
      [
        "log_count: all errors, 60 min",
        "log_count",
        { level: "error", windowMinutes: 60, threshold: 0 },
      ],
      [
        `metric_threshold: avg by host, 5 min (${SERIES} series, raw)`,
        "metric_threshold",
        { metric: "cpu_usage", groupBy: ["host"], windowMinutes: 5, threshold: 0 },
      ],
      [
        `metric_threshold: rate by service, 15 min (${SERIES} series, raw)`,
        "metric_threshold",
        {
          metric: "cpu_usage",
          groupBy: ["service"],
          aggregation: "rate",
          windowMinutes: 15,
          threshold: -1e9,
        },
      ],
      [
        `metric_threshold: max, 120 min (${SERIES} series, 1m roll-up)`,
        "metric_threshold",
        { metric: "cpu_usage", aggregation: "max", windowMinutes: 120, threshold: 0 },
      ],
      [
        `metric_absent: by host, 10 min (${SERIES} series)`,
        "metric_absent",
        { metric: "cpu_usage", groupBy: ["host"], windowMinutes: 10 },
      ],
      [
        "metric_anomaly: by host, 48 h of 5-min points (20 series)",
        "metric_anomaly",
        { metric: "latency_ms", groupBy: ["host"], historyHours: 48 },
      ],
    ];
    const rows: string[] = [];
    for (const [label, kind, raw] of cases) {
      const evaluator = evaluatorOf(kind)!;
      const params = evaluator.params.parse(raw);
      const times: number[] = [];
      let signals = 0;
      for (let r = 0; r < RUNS; r++) {
        const started = performance.now();
        signals = (await evaluator.evaluate(params, { db, workspaceId, now })).length;
        times.push(performance.now() - started);
      }
      rows.push(`| ${label} | ${p50(times).toFixed(1)} | ${signals} |`);
      console.log(label, p50(times).toFixed(1), "ms", signals, "signals");
    }
    const engine = process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite";
    const m = machine();
    const section = [
      `## Alert rule evaluation (${engine}, ${new Date().toISOString().slice(0, 10)})`,
      "",
      `Machine: ${m.CPU}, ${m.Cores} cores, ${m.Memory}, Node ${m.Node}, ${m.OS}, ${m.Revision}.`,
      `Data: ${LINES.toLocaleString("en-US")} log lines over 24 h (20 services), ${SERIES} series × 2 h at 15 s, 20 series × 48 h at 5 min. p50 of ${RUNS} evaluations.`,
      "",
      "| Rule | p50 ms | alerts |",
      "| --- | ---: | ---: |",
      ...rows,
      "",
    ].join("\n");
    if (args.append)
      appendFileSync(fileURLToPath(new URL("../RESULTS.md", import.meta.url)), `\n${section}`);
    else console.log(section);
  } finally {
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

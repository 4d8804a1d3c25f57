// `npm run bench:overload`: the real server (a child process) flooded through its ingest
// endpoints by more concurrent senders than it can take, with a small in-flight budget:
// accepted lines/s (Loki push) and samples/s (OTLP/HTTP JSON metrics) at saturation, the share
// of requests answered 429, the peak bytes held against the budget (the server's own gauge)
// and the server's peak RSS against its RSS at rest. PGlite unless BENCH_DATABASE_URL is set.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServerChild } from "../../test/support/server-child.ts";
import { MARKER, machine, prependSection } from "../report.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    seconds: { type: "string" },
    clients: { type: "string" },
    batch: { type: "string" },
    budget: { type: "string" },
    "no-write": { type: "boolean" },
  },
});
const SECONDS = Number(args.seconds ?? 20);
const CLIENTS = Number(args.clients ?? 64);
const BATCH = Number(args.batch ?? 1000);
const BUDGET = Number(args.budget ?? 1024 * 1024);
const MiB = 1024 * 1024;

const rssOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
};

function lokiBody(n: number, seq: number) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = Array.from({ length: n }, (_, i) => [
    String(now + BigInt(i)),
    `GET /api/items/${(seq * n + i) % 1000} status=${i % 7 ? 200 : 500} user=u${i % 5000} took ${i % 997}ms`,
  ]);
  return JSON.stringify({ streams: [{ stream: { service_name: "bench" }, values }] });
}

function otlpMetricsBody(n: number) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const dataPoints = Array.from({ length: n }, (_, i) => ({
    asDouble: i * 1.5,
    timeUnixNano: String(now + BigInt(i)),
    attributes: [{ key: "series", value: { stringValue: `s${i % 200}` } }],
  }));
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "bench" } }] },
        scopeMetrics: [{ metrics: [{ name: "bench_value", gauge: { dataPoints } }] }],
      },
    ],
  });
}

interface Flood {
  accepted: number;
  requests: number;
  refused: number;
  failed: number;
  seconds: number;
  peakRss: number;
  peakHeld: number;
  bodyBytes: number;
}

async function metric(url: string, name: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${name} `))
      ?.split(" ")[1] ?? 0,
  );
}

async function flood(url: string, pid: number, key: string, route: string, body: () => string) {
  // A few bodies made up front: the senders share the machine, so they should not spend it
  // building JSON.
  const bodies = Array.from({ length: 8 }, body);
  const sample = bodies[0]!;
  let accepted = 0;
  let requests = 0;
  let refused = 0;
  let failed = 0;
  let peakRss = rssOf(pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(pid));
  }, 50);
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        requests++;
        try {
          const response = await fetch(`${url}${route}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
            body: bodies[requests % bodies.length],
          });
          await response.arrayBuffer();
          if (response.ok) accepted += BATCH;
          else if (response.status === 429) {
            refused++;
            // Senders back off as told (Retry-After: 1), a little jittered as exporters do.
            await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
          } else failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peakHeld = await metric(url, "glasspane_ingest_inflight_bytes_peak");
  return {
    accepted,
    requests,
    refused,
    failed,
    seconds,
    peakRss,
    peakHeld,
    bodyBytes: sample.length,
  };
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-overload-"));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? "";
  const server = await startServerChild({
    dataDir,
    databaseUrl,
    env: { GLASSPANE_INGEST_MAX_INFLIGHT_BYTES: String(BUDGET), GLASSPANE_WORKER: "false" },
  });
  const results: Array<[string, Flood]> = [];
  let restRss = 0;
  try {
    const call = async (name: string, input: unknown, headers: Record<string, string> = {}) => {
      const r = await fetch(`${server.url}/api/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(input),
      });
      if (!r.ok) throw new Error(`${name}: ${r.status} ${await r.text()}`);
      return (await r.json()) as Record<string, unknown>;
    };
    const setup = await call("setup.create", {
      email: "bench@example.com",
      password: "an overload flood passphrase of some length",
      workspaceName: "Bench",
      issueToken: true,
    });
    const auth = {
      authorization: `Bearer ${setup.token as string}`,
      "x-workspace-id": (setup.workspace as { id: string }).id,
    };
    const key = (await call("ingest.keys.create", { name: "b", defaultService: "b" }, auth))
      .key as string;
    restRss = rssOf(server.pid);
    let seq = 0;
    results.push([
      "Logs (Loki push)",
      await flood(server.url, server.pid, key, "/loki/api/v1/push", () => lokiBody(BATCH, seq++)),
    ]);
    results.push([
      "Metrics (OTLP/HTTP JSON)",
      await flood(server.url, server.pid, key, "/v1/metrics", () => otlpMetricsBody(BATCH)),
    ]);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const fmt = (n: number, d = 0) =>
    n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const rows = results.map(([name, f]) => {
    const unit = name.startsWith("Logs") ? "lines/s" : "samples/s";
    return `| ${name} | ${fmt(f.accepted / f.seconds)} ${unit} | ${fmt(f.requests)} (${fmt((100 * f.refused) / f.requests, 1)} % 429, ${f.failed} failed) | ${fmt(f.peakHeld / MiB, 2)} MiB of ${fmt(BUDGET / MiB, 2)} MiB | ${fmt(restRss / MiB)} → ${fmt(f.peakRss / MiB)} MiB | ${fmt(f.bodyBytes / 1024)} KB |`;
  });
  const report = [
    `| Flood | Accepted at saturation | Requests (429 share) | Peak bytes held (budget) | Server RSS at rest → peak | Body |`,
    `| --- | --- | --- | --- | --- | --- |`,
    ...rows,
  ].join("\n");
  console.log(report);
  if (args["no-write"]) return;
  const info = Object.entries(machine())
    .map(([k, v]) => `- ${k}: ${v}`)
    .join("\n");
  const when = new Date().toISOString().replace("T", " ").slice(0, 16);
  prependSection(
    path.join(ROOT, "bench/RESULTS.md"),
    [
      `${MARKER}\n## ${when} UTC — ingest under overload, ${databaseUrl ? "PostgreSQL 15" : "PGlite"}`,
      info,
      `\`npm run bench:overload -- --seconds ${SECONDS} --clients ${CLIENTS} --batch ${BATCH} --budget ${BUDGET}\`: the server as a child process (\`glasspane serve\`, worker off), ${CLIENTS} concurrent senders in the bench process for ${SECONDS} s per flood, ${BATCH} lines or samples per request; a refused sender waits 0.2–1.2 s (Retry-After: 1) before its next request.`,
      report,
      `- Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (2 cores shared with other sessions; the senders run on the same machine).`,
    ].join("\n\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

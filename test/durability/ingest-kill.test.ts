import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeOtlpMetrics } from "../../server/modules/observability/ingest/otlp-proto.ts";
import { rowsOf } from "../../server/platform/db/copy.ts";
import { openDatabase } from "../../server/platform/db/database.ts";
import { type ServerChild, startServerChild } from "../support/server-child.ts";
import { freshDatabaseSource, testEngine } from "../support/test-database.ts";

/**
 * "Data acknowledged to a client survives kill -9": the real server in a child process takes
 * Loki pushes and OTLP metric exports from several senders (metric requests are committed
 * together, several to a transaction), is SIGKILLed mid-stream, restarts on the same data, and
 * must hold every line and sample of every request it answered 2xx.
 *
 * What makes it true: an ingest request is answered only after its lines' transaction has
 * committed. On PostgreSQL that commit is durable (WAL fsync). On PGlite the WAL is written
 * through Emscripten's NODEFS with a synchronous write() before COMMIT returns, so a committed
 * transaction is in the operating system's page cache and survives the death of the process;
 * PGlite's fsync/fdatasync are no-ops, so it does not survive a power cut or kernel crash.
 */
let dataDir: string;
let source: Awaited<ReturnType<typeof freshDatabaseSource>>;
let server: ServerChild | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "gp-kill9-"));
  source = await freshDatabaseSource();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await source?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const databaseUrl = () => source.databaseUrl ?? "";

async function api(
  url: string,
  name: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/api/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${name}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

function lokiBody(requestId: string, n: number) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = Array.from({ length: n }, (_, i) => [
    String(now + BigInt(i)),
    `ack ${requestId} ${i}`,
  ]);
  return JSON.stringify({ streams: [{ stream: { service_name: "kill9" }, values }] });
}

/**
 * An OTLP/HTTP export of `n` gauge points, each its own series labelled by the request: JSON,
 * or protobuf as the SDK exporters send it.
 */
function otlpBody(requestId: string, n: number, protobuf: boolean) {
  const nanos = String(BigInt(Date.now()) * 1_000_000n);
  const dataPoints = Array.from({ length: n }, (_, i) => ({
    attributes: [
      { key: "req", value: { stringValue: requestId } },
      { key: "point", value: { stringValue: String(i) } },
    ],
    timeUnixNano: nanos,
    asDouble: i + 0.5, // not 0, which this encoder (no oneof declared) would leave out
  }));
  const request = {
    resourceMetrics: [
      { scopeMetrics: [{ metrics: [{ name: "kill9_metric", gauge: { dataPoints } }] }] },
    ],
  };
  return protobuf ? Buffer.from(encodeOtlpMetrics(request)) : JSON.stringify(request);
}

/** Stored log messages, and stored samples per metric request id. */
async function stored(): Promise<{ messages: Set<string>; samples: Map<string, number> }> {
  const database = await openDatabase({ dataDir, databaseUrl: databaseUrl() || undefined });
  try {
    const rows = rowsOf<{ message: string }>(
      await database.db.execute(sql`SELECT message FROM log_lines WHERE message LIKE 'ack %'`),
    );
    const samples = rowsOf<{ req: string; n: number }>(
      await database.db.execute(sql`SELECT s.labels->>'req' AS req, count(*)::int AS n
        FROM metric_samples m JOIN metric_series s ON s.id = m.series_id
        WHERE s.name = 'kill9_metric' GROUP BY 1`),
    );
    return {
      messages: new Set(rows.map((r) => r.message)),
      samples: new Map(samples.map((r) => [r.req, r.n])),
    };
  } finally {
    await database.close();
  }
}

describe(`kill -9 during ingest (${testEngine})`, () => {
  it("keeps every line of every acknowledged request", async () => {
    server = await startServerChild({ dataDir, databaseUrl: databaseUrl() });
    const setup = await api(server.url, "setup.create", {
      email: "kill9@example.com",
      password: "a perfectly long test passphrase",
      workspaceName: "Kill nine",
      issueToken: true,
    });
    const auth = {
      authorization: `Bearer ${setup.token as string}`,
      "x-workspace-id": (setup.workspace as { id: string }).id,
    };
    const key = (
      await api(server.url, "ingest.keys.create", { name: "k", defaultService: "k" }, auth)
    ).key as string;

    const linesPerRequest = 50;
    const acked: string[] = [];
    const failed: string[] = [];
    let killed = false;
    const url = server.url;
    const senders = Array.from({ length: 6 }, async (_, s) => {
      for (let r = 0; !killed; r++) {
        const id = `s${s}r${r}`;
        try {
          const response = await fetch(`${url}/loki/api/v1/push`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
            body: lokiBody(id, linesPerRequest),
          });
          if (response.status === 204) acked.push(id);
          else failed.push(`${id}:${response.status}`);
        } catch {
          failed.push(`${id}:connection`); // the server died with this request in flight
        }
      }
    });
    const pointsPerRequest = 40;
    const ackedMetrics: string[] = [];
    const metricSenders = Array.from({ length: 4 }, async (_, s) => {
      for (let r = 0; !killed; r++) {
        const id = `m${s}r${r}`;
        try {
          const protobuf = s % 2 === 1; // half the senders speak protobuf
          const response = await fetch(`${url}/v1/metrics`, {
            method: "POST",
            headers: {
              "content-type": protobuf ? "application/x-protobuf" : "application/json",
              authorization: `Bearer ${key}`,
            },
            body: otlpBody(id, pointsPerRequest, protobuf),
          });
          if (response.status === 200) ackedMetrics.push(id);
          else failed.push(`${id}:${response.status}`);
        } catch {
          failed.push(`${id}:connection`);
        }
      }
    });
    // Kill once a good number of requests were acknowledged, with others still in flight.
    while (acked.length < 60 || ackedMetrics.length < 20)
      await new Promise((r) => setTimeout(r, 20));
    await server.kill9();
    killed = true;
    await Promise.all([...senders, ...metricSenders]);
    const ackedAtKill = [...acked];
    const ackedMetricsAtKill = [...ackedMetrics];
    expect(failed.some((f) => f.endsWith(":connection"))).toBe(true);

    // Restart on the same data: it recovers and serves the lines.
    server = await startServerChild({ dataDir, databaseUrl: databaseUrl() });
    const found = await api(
      server.url,
      "logs.search",
      {
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 3_600_000).toISOString(),
        service: "kill9",
        limit: 1,
      },
      auth,
    );
    expect(found.total as number).toBeGreaterThanOrEqual(ackedAtKill.length * linesPerRequest);
    await server.stop();
    server = undefined;

    const { messages, samples } = await stored();
    const missing: string[] = [];
    for (const id of ackedAtKill)
      for (let i = 0; i < linesPerRequest; i++)
        if (!messages.has(`ack ${id} ${i}`)) missing.push(`ack ${id} ${i}`);
    expect(missing).toEqual([]);
    expect(ackedMetricsAtKill.filter((id) => samples.get(id) !== pointsPerRequest)).toEqual([]);
    expect([...samples.values()].every((n) => n === pointsPerRequest)).toBe(true);
    // Requests are all-or-nothing: a request cut off by the kill is stored whole or not at all.
    const perRequest = new Map<string, number>();
    for (const m of messages) {
      const id = m.split(" ")[1]!;
      perRequest.set(id, (perRequest.get(id) ?? 0) + 1);
    }
    expect([...perRequest.values()].every((n) => n === linesPerRequest)).toBe(true);
    console.info(
      `kill -9 (${testEngine}): ${ackedAtKill.length} log and ${ackedMetricsAtKill.length} metric requests acknowledged, all stored; ` +
        `${perRequest.size - ackedAtKill.length} + ${samples.size - ackedMetricsAtKill.length} more committed but unanswered; ${failed.length} cut off`,
    );
  }, 300_000);
});

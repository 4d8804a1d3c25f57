import net from "node:net";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { listen, makeKey } from "../../modules/observability/ingest/ingest.testkit.ts";
import { rowsOf } from "../../platform/db/copy.ts";

/** A small budget: eight 8 KB bodies at once. */
const BUDGET = 64 * 1024;
let rt: TestRuntime;
let app: FastifyInstance;
let url: string;
let key: string;
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime({ GLASSPANE_INGEST_MAX_INFLIGHT_BYTES: String(BUDGET) });
  const owner = await createOwner(rt, "flood@example.com", "Flood");
  workspaceId = owner.workspaceId;
  key = (await makeKey(rt, owner.caller, { name: "flood", defaultService: "flood" })).key;
  ({ app, url } = await listen(rt));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

/** A Loki push of `n` lines tagged with the request's id (about 80 bytes a line). */
function lokiBody(requestId: string, n: number) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = Array.from({ length: n }, (_, i) => [
    String(now + BigInt(i)),
    `flood ${requestId} line ${i} ${"x".repeat(40)}`,
  ]);
  return JSON.stringify({ streams: [{ stream: { service_name: "flood" }, values }] });
}

const push = (body: string | ReadableStream<Uint8Array>) =>
  fetch(`${url}/loki/api/v1/push`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
  } as RequestInit);

async function storedMessages(): Promise<Map<string, number>> {
  const rows = rowsOf<{ message: string }>(
    await rt.database.db.execute(
      sql`SELECT message FROM log_lines WHERE workspace_id = ${workspaceId} AND message LIKE 'flood %'`,
    ),
  );
  const counts = new Map<string, number>();
  for (const { message } of rows) counts.set(message, (counts.get(message) ?? 0) + 1);
  return counts;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}

describe("ingest under overload", () => {
  it("refuses with 429 + Retry-After beyond the budget, keeps every acknowledged line, and holds no more than the budget", async () => {
    const senders = 40;
    const perSender = 8;
    const linesPerRequest = 100;
    const acked: string[] = [];
    const refused: string[] = [];
    const other: number[] = [];
    await Promise.all(
      Array.from({ length: senders }, async (_, s) => {
        for (let r = 0; r < perSender; r++) {
          const id = `s${s}r${r}`;
          const response = await push(lokiBody(id, linesPerRequest));
          await response.arrayBuffer();
          if (response.status === 204) acked.push(id);
          else if (response.status === 429) {
            expect(response.headers.get("retry-after")).toBe("1");
            refused.push(id);
          } else other.push(response.status);
        }
      }),
    );
    expect(other).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(0);
    // Acknowledged requests are stored whole; refused ones not at all.
    let stored = await storedMessages();
    for (const id of acked)
      for (let i = 0; i < linesPerRequest; i++)
        expect(stored.get(`flood ${id} line ${i} ${"x".repeat(40)}`)).toBe(1);
    expect([...stored.keys()].filter((m) => refused.includes(m.split(" ")[1]!))).toEqual([]);

    // Memory held by ingest never went past the budget (one body is about 8 KB).
    const peak = await metric("glasspane_ingest_inflight_bytes_peak");
    expect(peak).toBeGreaterThan(BUDGET / 2);
    expect(peak).toBeLessThanOrEqual(BUDGET);
    expect(await metric("glasspane_ingest_inflight_bytes")).toBe(0);
    expect(await metric("glasspane_ingest_refused_total")).toBe(refused.length);

    // A sender that retries what was refused loses nothing, and nothing is stored twice.
    for (const id of refused) {
      for (;;) {
        const response = await push(lokiBody(id, linesPerRequest));
        await response.arrayBuffer();
        if (response.status === 204) break;
        expect(response.status).toBe(429);
      }
    }
    stored = await storedMessages();
    expect(stored.size).toBe(senders * perSender * linesPerRequest);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);

  it("answers 429 before reading a body that does not fit, chunked or not", async () => {
    // A sender that declares 60 KB and sends it slowly holds most of the budget meanwhile.
    const port = Number(new URL(url).port);
    const slow = net.connect(port, "127.0.0.1");
    await new Promise((r) => slow.once("connect", r));
    const body = lokiBody("slow", 700).padEnd(60_000, " ");
    const bytes = Buffer.byteLength(body);
    slow.write(
      `POST /loki/api/v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n${body.slice(0, 1000)}`,
    );
    const reply = new Promise<string>((resolve) => {
      let text = "";
      slow.on("data", (c) => {
        text += c.toString();
        if (text.includes("\r\n\r\n")) resolve(text);
      });
    });
    await expect.poll(() => metric("glasspane_ingest_inflight_bytes")).toBe(bytes);

    const declared = await push(lokiBody("declared", 100));
    expect(declared.status).toBe(429);
    const encoder = new TextEncoder();
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(lokiBody("chunked", 100)));
        controller.close();
      },
    });
    const refusedChunked = await push(chunked);
    expect(refusedChunked.status).toBe(429);

    slow.write(body.slice(1000));
    expect(await reply).toMatch(/^HTTP\/1.1 204/);
    slow.destroy();
    await expect.poll(() => metric("glasspane_ingest_inflight_bytes")).toBe(0);
    // With the budget free again, a chunked body is metered and taken.
    const again = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(lokiBody("chunked", 100)));
        controller.close();
      },
    });
    expect((await push(again)).status).toBe(204);
    const stored = await storedMessages();
    expect([...stored.keys()].filter((m) => m.startsWith("flood chunked ")).length).toBe(100);
    expect([...stored.keys()].filter((m) => m.startsWith("flood declared ")).length).toBe(0);
    expect([...stored.keys()].filter((m) => m.startsWith("flood slow ")).length).toBe(700);
    expect(await metric("glasspane_ingest_inflight_bytes")).toBe(0);
  }, 60_000);

  it("gives the budget back when a sender hangs up before its answer", async () => {
    const port = Number(new URL(url).port);
    const gone = net.connect(port, "127.0.0.1");
    await new Promise((r) => gone.once("connect", r));
    gone.write(
      `POST /loki/api/v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"streams":`,
    );
    await expect.poll(() => metric("glasspane_ingest_inflight_bytes")).toBe(5000);
    gone.destroy();
    await expect.poll(() => metric("glasspane_ingest_inflight_bytes")).toBe(0);
  });
});

import dgram from "node:dgram";
import net from "node:net";
import { sql } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import client from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import {
  eventually,
  freePort,
  makeKey,
} from "../../modules/observability/ingest/ingest.testkit.ts";
import { createIngestKeyAuth } from "../../modules/observability/ingest/ingest-keys.service.ts";
import { createLogWriter, type LogWriter } from "../../modules/observability/logs/log-writer.ts";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { createIngestBudget } from "./ingest-budget.ts";
import { registerIngestRoutes } from "./ingest-http.ts";
import { registerIngestMetrics } from "./ingest-metrics.ts";
import { createSyslogListeners } from "./syslog-listeners.ts";

/** A small writer: 500 lines waiting at most, so a few senders saturate it. */
const MAX_PENDING = 500;
let rt: TestRuntime;
let owner: Caller;
let app: FastifyInstance;
let writer: LogWriter;
let port: number;
let syslog: NonNullable<Awaited<ReturnType<typeof registerIngestRoutes>>["syslog"]>;
const registry = new client.Registry();

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "syslog@example.com", "Syslog")).caller;
  port = await freePort();
  await makeKey(rt, owner, { name: "syslog", defaultService: "host", syslogPort: port });
  writer = createLogWriter(rt.database.db, { maxPendingLines: MAX_PENDING, lingerMs: 20 });
  app = Fastify();
  const registered = await registerIngestRoutes(app, {
    db: rt.database.db,
    services: { ...rt.services, config: { ...rt.services.config, host: "127.0.0.1" } },
    log: rt.log,
    writer,
    syslog: true,
    registry,
  });
  syslog = registered.syslog!;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

const countOf = async (like: string) =>
  rowsOf<{ n: number }>(
    await rt.database.db.execute(
      sql`SELECT count(*)::int AS n FROM log_lines WHERE message LIKE ${like}`,
    ),
  )[0]!.n;

const line = (tag: string, i: number) =>
  `<14>1 2026-11-26T10:00:00.000Z host app - - - ${tag} ${i} ${"y".repeat(30)}\n`;

describe("syslog under overload", () => {
  it("pauses TCP senders while the writer is full: memory stays bounded and nothing is lost", async () => {
    const connections = 8;
    const perConnection = 5000;
    let maxPending = 0;
    const sampler = setInterval(() => {
      maxPending = Math.max(maxPending, writer.pendingLines());
    }, 1);
    await Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        const socket = net.connect(port, "127.0.0.1");
        await new Promise((r) => socket.once("connect", r));
        for (let i = 0; i < perConnection; i++) {
          // Respect the socket's own back-pressure, as a well-behaved sender (rsyslog) does.
          if (!socket.write(line(`tcp-bp c${c}`, i)))
            await new Promise((r) => socket.once("drain", r));
        }
        await new Promise<void>((r) => socket.end(r));
      }),
    );
    await eventually(
      async () => (await countOf("tcp-bp %")) === connections * perConnection,
      60_000,
    );
    clearInterval(sampler);
    expect(await countOf("tcp-bp %")).toBe(connections * perConnection);
    // Senders were held back, and what waited for a commit stayed near the bound: a write is
    // admitted past it only when nothing else waits (one read of up to 64 KB, ~800 lines here).
    expect(syslog.throttled()).toBeGreaterThan(0);
    expect(maxPending).toBeLessThanOrEqual(1000);
    const metrics = await registry.metrics();
    expect(metrics).toContain(`glasspane_syslog_tcp_throttled_total ${syslog.throttled()}`);
  }, 120_000);

  it("counts syslog bytes in the ingest budget shared with HTTP: senders wait or drop while it is full", async () => {
    // Listeners of their own over a 64 KB budget that HTTP bodies hold entirely for now.
    const budget = createIngestBudget(64 * 1024);
    const sharedPort = await freePort();
    await makeKey(rt, owner, { name: "shared", defaultService: "host", syslogPort: sharedPort });
    const listeners = createSyslogListeners({
      auth: createIngestKeyAuth(rt.database.db),
      writer,
      budget,
      host: "127.0.0.1",
      log: rt.log,
    });
    await listeners.sync();
    expect(budget.tryReserve(64 * 1024)).toBe(true);

    const tcp = net.connect(sharedPort, "127.0.0.1");
    await new Promise((r) => tcp.once("connect", r));
    const udp = dgram.createSocket("udp4");
    const batches = 5;
    const perBatch = 100;
    try {
      for (let b = 0; b < batches; b++) {
        const lines = Array.from({ length: perBatch }, (_, i) =>
          line("budget-tcp", b * perBatch + i),
        );
        tcp.write(lines.join(""));
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise<void>((r) =>
        udp.send(line("budget-udp", 0), sharedPort, "127.0.0.1", () => r()),
      );
      await new Promise((r) => setTimeout(r, 300));
      await writer.flush();
      // What was read before the socket paused is stored; the rest waits in the sockets.
      const whileFull = await countOf("budget-tcp %");
      expect(whileFull).toBeLessThan(batches * perBatch);
      expect(listeners.throttled()).toBeGreaterThan(0);
      expect(await countOf("budget-udp %")).toBe(0);
      expect(listeners.dropped()).toBe(1);

      // The HTTP bodies are answered: the sender goes on and nothing it sent is lost.
      budget.release(64 * 1024);
      await eventually(async () => (await countOf("budget-tcp %")) === batches * perBatch, 30_000);
    } finally {
      udp.close();
      await new Promise<void>((r) => tcp.end(r));
    }
    await eventually(async () => budget.stats().held === 0, 10_000);
    // Held at most: the bound plus what one read delivered before the socket paused.
    expect(budget.stats().peak).toBeLessThanOrEqual(64 * 1024 + batches * perBatch * 80);
    await listeners.close();
  }, 60_000);

  it("drops and counts UDP datagrams that arrive while the writer is full", async () => {
    // Listeners of their own over a writer that holds its first batch for a second: 50 lines
    // fit, so the rest of a burst finds it full.
    const slowWriter = createLogWriter(rt.database.db, { maxPendingLines: 50, lingerMs: 1000 });
    const udpPort = await freePort();
    await makeKey(rt, owner, { name: "udp", defaultService: "host", syslogPort: udpPort });
    const listeners = createSyslogListeners({
      auth: createIngestKeyAuth(rt.database.db),
      writer: slowWriter,
      budget: createIngestBudget(1024 * 1024),
      host: "127.0.0.1",
      log: rt.log,
    });
    await listeners.sync();
    const udpRegistry = new client.Registry();
    registerIngestMetrics(udpRegistry, {
      budget: createIngestBudget(1024 * 1024),
      writer: slowWriter,
      syslog: listeners,
      refusals: () => 0,
    });
    const socket = dgram.createSocket("udp4");
    const sent = 2000;
    try {
      for (let i = 0; i < sent; i++) {
        socket.send(line("udp-bp", i), udpPort, "127.0.0.1");
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      socket.close();
    }
    await slowWriter.flush();
    const stored = await countOf("udp-bp %");
    expect(listeners.dropped()).toBeGreaterThan(0);
    expect(stored).toBeGreaterThan(0);
    // The kernel may drop datagrams too (its buffer is full): those nobody can count.
    expect(stored + listeners.dropped()).toBeLessThanOrEqual(sent);
    expect(await udpRegistry.metrics()).toContain(
      `glasspane_syslog_udp_dropped_total ${listeners.dropped()}`,
    );
    await listeners.close();
    console.info(
      `UDP flood: ${sent} sent, ${stored} stored, ${listeners.dropped()} dropped and counted`,
    );
  }, 60_000);
});

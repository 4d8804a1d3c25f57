import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, signIn } from "../../../../test/support/http.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  TEST_PASSWORD,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { type EventStream, openEventStream } from "../../../../test/support/ws.ts";
import { makeKey } from "../ingest/ingest.testkit.ts";
import type { LogLine } from "./log-line.ts";
import { createLogTail } from "./log-tail.ts";

describe("a slow subscriber", () => {
  it("keeps at most its buffer, drops the rest and says how many", async () => {
    const tail = createLogTail({ maxBufferedLines: 5, flushMs: 5, maxSocketBytes: 100 });
    const sent: Array<{ lines: unknown[]; dropped: number }> = [];
    let backlog = 1_000; // the browser is not reading: the socket holds unsent bytes
    const sub = tail.subscribe(
      "w1",
      { level: "error" },
      {
        send: (data) => sent.push(JSON.parse(data)),
        bufferedAmount: () => backlog,
      },
    );
    const line = (i: number, level: LogLine["level"] = "error"): LogLine => ({
      workspaceId: "w1",
      time: new Date(Date.UTC(2026, 10, 26, 10, 0, i)),
      service: "api",
      level,
      message: `line ${i}`,
      attributes: {},
      resourceId: null,
      keyId: null,
    });
    tail.publish(Array.from({ length: 20 }, (_, i) => line(i)));
    tail.publish([line(99, "info")]);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual([]);
    expect(sub.buffered()).toBe(5);
    expect(sub.dropped()).toBe(15);

    backlog = 0; // the browser caught up
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.dropped).toBe(15);
    expect(sent[0]!.lines).toHaveLength(5);
    sub.close();
    expect(tail.subscriberCount()).toBe(0);
  });
});

describe("live tail over the realtime WebSocket", () => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let base: string;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    rt = await createTestRuntime();
    app = await buildTestApp(rt);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await app?.close();
    await rt?.close();
  });

  async function follow(email: string, workspaceId: string, filter: Record<string, unknown>) {
    const session = await signIn(app, email, TEST_PASSWORD);
    const stream = openEventStream(`ws://${base}/api/events?workspace=${workspaceId}`, {
      cookie: `gp_session=${session.cookie}`,
    });
    streams.push(stream);
    expect(await stream.next()).toMatchObject({ type: "ready" });
    await stream.send({ type: "logs.tail.start", ...filter });
    expect(await stream.next()).toMatchObject({ type: "logs.tail.started" });
    return stream;
  }

  /** The next tail message, skipping other workspace events (a key's creation, say). */
  async function nextLines(stream: EventStream, timeoutMs = 5_000) {
    for (;;) {
      const message = await stream.next(timeoutMs);
      if (message.type === "logs.tail") return message as { lines: Array<{ message: string }> };
    }
  }

  it("streams newly ingested lines matching the filter, and nothing to another workspace", async () => {
    const a = await createOwner(rt, "tail-a@example.com", "Tail A");
    const b = await createOwner(rt, "tail-b@example.com", "Tail B");
    const key = (await makeKey(rt, a.caller, { name: "app", defaultService: "checkout" })).key;
    const errors = await follow("tail-a@example.com", a.workspaceId, {
      level: "error",
      q: "payment",
    });
    const other = await follow("tail-b@example.com", b.workspaceId, {});

    const response = await fetch(`http://${base}/ingest/v1/logs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify([
        { level: "info", message: "payment accepted" },
        { level: "error", message: "payment declined by bank" },
        { level: "error", message: "disk full" },
      ]),
    });
    expect(response.status).toBeLessThan(300);

    const got = await nextLines(errors);
    expect(got.lines).toEqual([
      expect.objectContaining({
        service: "checkout",
        level: "error",
        message: "payment declined by bank",
      }),
    ]);
    await expect(nextLines(other, 1_000)).rejects.toThrow("no message arrived");
  });

  it("refuses malformed requests by naming the field, and stops on request", async () => {
    const c = await createOwner(rt, "tail-c@example.com", "Tail C");
    const viewer = await addMember(rt, c.workspaceId, "tail-viewer@example.com", "viewer");
    const stream = await follow(viewer.email, c.workspaceId, {});
    await stream.send({ type: "logs.tail.start", level: "loud" });
    const error = await stream.next();
    expect(error).toMatchObject({ type: "error" });
    expect(String(error.message)).toContain("level");
    await stream.send({ type: "logs.tail.stop" });
    expect(await stream.next()).toEqual({ type: "logs.tail.stopped" });
  });
});

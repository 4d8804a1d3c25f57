import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { SENT_TIME_ATTRIBUTE } from "../logs/log-line.ts";
import { eventually, freePort, listen, makeKey, run } from "./ingest.testkit.ts";

interface Found {
  total: number;
  items: Array<{ time: string; message: string; attributes: Record<string, unknown> }>;
}

let rt: TestRuntime;
let owner: Caller;
let app: FastifyInstance;
let url: string;
let key: string;

/** What the explorer asks: a range that ends at now. */
const searchToNow = (q: string) =>
  rt.as(owner, "logs.search", {
    q,
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date().toISOString(),
  }) as Promise<Found>;

const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "times@example.com", "Times")).caller;
  key = (await makeKey(rt, owner, { name: "times", defaultService: "fallback" })).key;
  ({ app, url } = await listen(rt));
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

describe("lines dated in the future", () => {
  it("from plain JSON, OTLP and Loki are stored at their receive time and show up to now", async () => {
    const future = "2030-01-01T00:00:00.000Z";
    const futureNs = `${Date.parse(future)}000000`;
    const before = Date.now();
    expect((await post("/ingest/v1/logs", [{ message: "futurejson", time: future }])).status).toBe(
      200,
    );
    const otlp = await post("/v1/logs", {
      resourceLogs: [
        { scopeLogs: [{ logRecords: [{ timeUnixNano: futureNs, body: "futureotlp" }] }] },
      ],
    });
    expect(otlp.status).toBe(200);
    const loki = await post("/loki/api/v1/push", {
      streams: [{ stream: { app: "a" }, values: [[futureNs, "futureloki"]] }],
    });
    expect(loki.status).toBe(204);
    const found = await searchToNow("futurejson or futureotlp or futureloki");
    expect(found.total).toBe(3);
    for (const line of found.items) {
      expect(Date.parse(line.time)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(line.time)).toBeLessThanOrEqual(Date.now());
      expect(line.attributes[SENT_TIME_ATTRIBUTE]).toBe(future);
    }
  });

  it("from logger --rfc3164 in Asia/Tokyo (local time, no zone) are stored at receive time", async () => {
    const port = await freePort();
    await makeKey(rt, owner, { name: "tokyo", defaultService: "host", syslogPort: port });
    await (app as unknown as { ingestSyslog: { sync(): Promise<void> } }).ingestSyslog.sync();
    const before = Date.now();
    await run(
      "logger",
      ["-n", "127.0.0.1", "-P", String(port), "--rfc3164", "-T", "-t", "cron", "tokyo3164 ran"],
      { env: { ...process.env, TZ: "Asia/Tokyo" } },
    );
    await eventually(async () => (await searchToNow("tokyo3164")).total === 1);
    const [line] = (await searchToNow("tokyo3164")).items;
    expect(Date.parse(line!.time)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(line!.time)).toBeLessThanOrEqual(Date.now());
    // What the sender wrote: its local wall clock, 9 h ahead of UTC.
    expect(line!.attributes[SENT_TIME_ATTRIBUTE]).toMatch(/^[A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d$/);
  });
});

describe("Loki push timestamps", () => {
  it("refuses a push with a malformed timestamp with 400 naming it, and stores none of it", async () => {
    const now = `${Date.now()}000000`;
    for (const bad of ["notanumber", "", "1.5e18", -1, null]) {
      const response = await post("/loki/api/v1/push", {
        streams: [
          {
            stream: { app: "a" },
            values: [
              [now, "lokibadts good"],
              [bad, "x"],
            ],
          },
        ],
      });
      expect(response.status, String(bad)).toBe(400);
      const { error } = await response.json();
      expect(error.field).toBe("streams.0.values.1");
      expect(error.message).toContain(`timestamp ${JSON.stringify(bad)}`);
    }
    expect((await searchToNow("lokibadts")).total).toBe(0);
    // Nanoseconds as a JSON number are taken, as Loki takes them.
    const number = await post("/loki/api/v1/push", {
      streams: [{ stream: { app: "a" }, values: [[Date.now() * 1e6, "lokibadts number"]] }],
    });
    expect(number.status).toBe(204);
  });
});

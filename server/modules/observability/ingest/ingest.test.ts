import net from "node:net";
import { gzipSync } from "node:zlib";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { OTLPLogExporter as OtlpJsonExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as OtlpProtoExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { ingestKeys } from "./ingest.schema.ts";
import { eventually, freePort, listen, makeKey, run } from "./ingest.testkit.ts";

interface Found {
  total: number;
  items: Array<{
    id: string;
    time: string;
    service: string;
    level: string;
    message: string;
    attributes: Record<string, unknown>;
  }>;
}

let rt: TestRuntime;
let owner: Caller;
let app: FastifyInstance;
let url: string;
let key: string;
const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
const to = new Date(Date.now() + 86_400_000).toISOString();

const search = (input: Record<string, unknown>) =>
  rt.as(owner, "logs.search", { from, to, ...input }) as Promise<Found>;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "ingest@example.com", "Ingest")).caller;
  key = (await makeKey(rt, owner, { name: "collector", defaultService: "fallback" })).key;
  ({ app, url } = await listen(rt));
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

describe("ingest keys", () => {
  it("shows the key once, stores only its hash and lists it without the key", async () => {
    const created = await makeKey(rt, owner, { name: "shown once", defaultService: "svc" });
    expect(created.key).toMatch(/^gpk_[A-Za-z0-9_-]{32}$/);
    const listed = (await rt.as(owner, "ingest.keys.list", {})) as Array<Record<string, unknown>>;
    const mine = listed.find((k) => k.id === created.id)!;
    expect(mine.prefix).toBe(created.key.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const [row] = await rt.database.db
      .select()
      .from(ingestKeys)
      .where(eq(ingestKeys.id, created.id));
    expect(row!.keyHash).not.toContain(created.key.slice(4));
  });

  it("refuses a syslog port that is the server's own HTTP port", async () => {
    const port = rt.services.config.port;
    expect(port).toBeGreaterThanOrEqual(1024);
    await expect(
      makeKey(rt, owner, { name: "clash", defaultService: "svc", syslogPort: port }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "syslogPort" } });
  });

  it("refuses requests without a key and with a revoked key", async () => {
    const body = JSON.stringify([{ message: "hello" }]);
    const headers = { "content-type": "application/json" };
    const none = await fetch(`${url}/ingest/v1/logs`, { method: "POST", body, headers });
    expect(none.status).toBe(401);
    const doomed = await makeKey(rt, owner, { name: "doomed", defaultService: "svc" });
    const auth = { ...headers, authorization: `Bearer ${doomed.key}` };
    const before = await fetch(`${url}/ingest/v1/logs`, { method: "POST", body, headers: auth });
    expect(before.status).toBe(200);
    await rt.as(owner, "ingest.keys.revoke", { id: doomed.id });
    // Keys are cached a few seconds per process; a fresh process sees the revocation at once.
    const fresh = await listen(rt);
    try {
      const after = await fetch(`${fresh.url}/ingest/v1/logs`, {
        method: "POST",
        body,
        headers: auth,
      });
      expect(after.status).toBe(401);
    } finally {
      await fresh.app.close();
    }
  });
});

async function exportWith(exporter: OtlpJsonExporter | OtlpProtoExporter, marker: string) {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "host.name": "web-1" }),
    processors: [new BatchLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger("ingest-test");
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: "ERROR",
    body: `payment declined ${marker}`,
    attributes: { "order.id": 4217, marker },
  });
  logger.emit({ severityNumber: SeverityNumber.INFO, body: `order placed ${marker}` });
  await provider.forceFlush();
  await provider.shutdown();
}

describe("OTLP/HTTP logs from the OpenTelemetry JS SDK", () => {
  it("stores JSON exports with service, level, body and attributes", async () => {
    const exporter = new OtlpJsonExporter({
      url: `${url}/v1/logs`,
      headers: { authorization: `Bearer ${key}` },
    });
    await exportWith(exporter, "otlpjson");
    const found = await search({ q: "otlpjson" });
    expect(found.total).toBe(2);
    const error = found.items.find((i) => i.level === "error")!;
    expect(error).toMatchObject({ service: "checkout", message: "payment declined otlpjson" });
    expect(error.attributes).toMatchObject({
      "order.id": 4217,
      marker: "otlpjson",
      "resource.host.name": "web-1",
    });
  });

  it("stores protobuf exports the same way", async () => {
    const exporter = new OtlpProtoExporter({
      url: `${url}/v1/logs`,
      headers: { authorization: `Bearer ${key}` },
    });
    await exportWith(exporter, "otlpproto");
    const found = await search({ q: "otlpproto", level: "error" });
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({
      service: "checkout",
      message: "payment declined otlpproto",
    });
    expect(found.items[0]!.attributes).toMatchObject({ "order.id": 4217 });
  });
});

describe("Loki push and plain JSON", () => {
  it("takes Loki's push format with labels as attributes and nanosecond times", async () => {
    // Within the search window (the last three days) whatever the date the test runs on.
    const at = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const ns = `${at}000000`;
    const response = await fetch(`${url}/loki/api/v1/push`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`tenant:${key}`).toString("base64")}`,
      },
      body: JSON.stringify({
        streams: [
          { stream: { app: "nginx", level: "warn" }, values: [[ns, "upstream slow lokiline"]] },
        ],
      }),
    });
    expect(response.status).toBe(204);
    const found = await search({ q: "lokiline" });
    expect(found.items[0]).toMatchObject({
      service: "nginx",
      level: "warn",
      time: new Date(at).toISOString(),
    });
  });

  it("takes plain JSON and NDJSON, and names the field at fault", async () => {
    const post = (body: string, type = "application/json") =>
      fetch(`${url}/ingest/v1/logs`, {
        method: "POST",
        headers: { "content-type": type, authorization: `Bearer ${key}` },
        body,
      });
    const ok = await post(JSON.stringify([{ message: "plain one", level: "ERROR", region: "eu" }]));
    expect(await ok.json()).toEqual({ accepted: 1 });
    await post(
      '{"msg":"plain two"}\n{"msg":"plain three","service":"cron"}\n',
      "application/x-ndjson",
    );
    const found = await search({ q: "plain" });
    expect(found.total).toBe(3);
    expect(found.items.find((i) => i.message === "plain one")).toMatchObject({
      service: "fallback",
      level: "error",
      attributes: { region: "eu" },
    });
    const bad = await post(JSON.stringify([{ message: "fine" }, { level: "info" }]));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("lines.1.message");
  });

  it("reads what loggers write: epochs of any unit, numeric levels, NDJSON as JSON, a BOM, GZIP", async () => {
    const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
      fetch(`${url}/ingest/v1/logs`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
        body,
      });
    // An hour ago, on a whole second and 123 ms: inside the search window whatever the date.
    const at = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000 + 123;
    const lines = [
      { msg: "loggers nanos", time: `${at}456789` },
      { msg: "loggers millis", time: String(at) },
      { msg: "loggers micros", time: at * 1000 },
      { msg: "loggers pino", level: 50, time: at, service: 123 },
    ];
    const ndjson = `\ufeff${lines.map((l) => JSON.stringify(l)).join("\n")}\n`;
    const response = await post(new Uint8Array(gzipSync(ndjson)), { "content-encoding": "GZIP" });
    expect(await response.json()).toEqual({ accepted: 4 });
    const found = await search({ q: "loggers" });
    const by = (text: string) => found.items.find((i) => i.message.includes(text))!;
    for (const unit of ["nanos", "millis", "micros"])
      expect(by(unit).time).toBe(new Date(at).toISOString());
    expect(by("pino")).toMatchObject({ level: "error", service: "123" });
    const broken = await post('{"msg":"fine"}\n{"msg": oops}\n');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toMatch(/^Line 2: /);
  });

  it("refuses OTLP and Loki bodies of the wrong shape with 400, naming where", async () => {
    const otlp = async (body: unknown) =>
      fetch(`${url}/v1/logs`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });
    for (const [body, field] of [
      [{ resourceLogs: { a: 1 } }, "resourceLogs"],
      [{ resourceLogs: [null] }, "resourceLogs[0]"],
      [
        { resourceLogs: [{ scopeLogs: [{ logRecords: [null] }] }] },
        "resourceLogs[0].scopeLogs[0].logRecords[0]",
      ],
      [
        { resourceLogs: [{ resource: { attributes: { "service.name": "x" } } }] },
        "resourceLogs[0].resource.attributes",
      ],
    ] as const) {
      const response = await otlp(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.field).toBe(field);
    }
    const metrics = await fetch(`${url}/v1/metrics`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        resourceMetrics: [
          { scopeMetrics: [{ metrics: [{ name: "m", gauge: { dataPoints: {} } }] }] },
        ],
      }),
    });
    expect(metrics.status).toBe(400);
    expect((await metrics.json()).error.field).toBe(
      "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints",
    );
    const loki = await fetch(`${url}/loki/api/v1/push`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        streams: [{ stream: { app: "x" }, values: [["1", "line", "oops"]] }],
      }),
    });
    expect(loki.status).toBe(400);
  });
});

describe("syslog from util-linux logger", () => {
  it("takes RFC 5424 and RFC 3164 over UDP and TCP on the key's own port", async () => {
    const port = await freePort();
    await makeKey(rt, owner, { name: "syslog", defaultService: "host", syslogPort: port });
    await ingestSync();
    const send = (...args: string[]) =>
      run("logger", ["-n", "127.0.0.1", "-P", String(port), ...args]);
    await send("--rfc5424", "-T", "-t", "sshd", "-p", "auth.err", "tcp5424 failed password");
    await send("--rfc3164", "-T", "-t", "cron", "-p", "cron.info", "tcp3164 job ran");
    await send("--rfc5424", "-d", "-t", "kernel", "-p", "kern.warning", "udp5424 disk slow");
    await send("--rfc3164", "-d", "-t", "app", "-p", "user.debug", "udp3164 debug note");
    await eventually(
      async () => (await search({ q: "tcp5424 or tcp3164 or udp5424 or udp3164" })).total === 4,
    );
    const found = await search({ q: "tcp5424 or tcp3164 or udp5424 or udp3164" });
    const by = (text: string) => found.items.find((i) => i.message.includes(text))!;
    expect(by("tcp5424")).toMatchObject({ service: "sshd", level: "error" });
    expect(by("tcp5424").attributes["syslog.facility"]).toBe("auth");
    expect(by("tcp3164")).toMatchObject({ service: "cron", level: "info" });
    expect(by("udp5424")).toMatchObject({ service: "kernel", level: "warn" });
    expect(by("udp3164")).toMatchObject({ service: "app", level: "debug" });
  });
});

describe("syslog over TCP from senders other than logger", () => {
  it("keeps a stream's good messages whatever one holds, and its last frame at close", async () => {
    const port = await freePort();
    await makeKey(rt, owner, { name: "raw-tcp", defaultService: "raw", syslogPort: port });
    await ingestSync();
    // Whole seconds an hour ago: inside the search window whatever the date.
    const hourAgo = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    const stamp = (s: number) => `${new Date(hourAgo + s * 1000).toISOString().slice(0, 19)}Z`;
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.end(
      [
        `<11>1 ${stamp(0)} h sd - - [x@1 k="a\u0000b"] rawtcp nul in structured data`,
        `<13>${stamp(1)} fwdhost rsyslogd: rawtcp forwarded by rsyslog`,
        `<14>1 ${stamp(2)} h crlf - - - rawtcp crlf framed`,
        "<999>rawtcp not a priority",
        `<12>1 ${stamp(3)} h last - - - rawtcp last without newline`,
      ].join("\r\n"),
    );
    await eventually(async () => (await search({ q: "rawtcp" })).total === 5);
    const found = await search({ q: "rawtcp" });
    const by = (text: string) => found.items.find((i) => i.message.includes(text))!;
    expect(by("nul in structured")).toMatchObject({ service: "sd", level: "error" });
    expect(by("forwarded")).toMatchObject({
      service: "rsyslogd",
      level: "info",
      message: "rawtcp forwarded by rsyslog",
      time: `${stamp(1).slice(0, -1)}.000Z`,
    });
    expect(by("forwarded").attributes["host.name"]).toBe("fwdhost");
    expect(by("crlf").message).toBe("rawtcp crlf framed");
    expect(by("not a priority")).toMatchObject({
      service: "raw",
      message: "<999>rawtcp not a priority",
    });
    expect(by("last without")).toMatchObject({ service: "last", level: "warn" });
  });
});

/** The listeners resync every few seconds; the test asks for it at once. */
async function ingestSync() {
  const registered = (app as unknown as { ingestSyslog?: { sync(): Promise<void> } }).ingestSyslog;
  await registered?.sync();
}

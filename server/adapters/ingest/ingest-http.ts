import { gunzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import {
  createIngestKeyAuth,
  INGEST_KEYS_CHANGED,
  type IngestKeyAuth,
  type IngestSource,
} from "../../modules/observability/ingest/ingest-keys.service.ts";
import { linesFromLokiPush } from "../../modules/observability/ingest/loki-json.ts";
import { linesFromOtlpLogs } from "../../modules/observability/ingest/otlp-logs.ts";
import { samplesFromOtlpMetrics } from "../../modules/observability/ingest/otlp-metrics.ts";
import {
  newOutcome,
  partialSuccessOf,
} from "../../modules/observability/ingest/otlp-metrics-outcome.ts";
import { samplesFromOtlpMetricsProto } from "../../modules/observability/ingest/otlp-metrics-proto.ts";
import {
  decodeOtlpLogs,
  encodeOtlpMetricsResponse,
} from "../../modules/observability/ingest/otlp-proto.ts";
import { linesFromPlainJson } from "../../modules/observability/ingest/plain-json.ts";
import { samplesFromRemoteWrite } from "../../modules/observability/ingest/remote-write.ts";
import type { LogLine } from "../../modules/observability/logs/log-line.ts";
import type { LogTail } from "../../modules/observability/logs/log-tail.ts";
import { createLogWriter, type LogWriter } from "../../modules/observability/logs/log-writer.ts";
import type { MetricSample } from "../../modules/observability/metrics/metric-store.ts";
import {
  createMetricWriter,
  type MetricWriter,
} from "../../modules/observability/metrics/metric-writer.ts";
import type { Db } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { INSTANCE_CHANNEL } from "../../platform/events/events.ts";
import type { Services } from "../../platform/services.ts";
import { busy, createIngestBudget, type IngestBudget, meteredBody } from "./ingest-budget.ts";
import { registerIngestMetrics } from "./ingest-metrics.ts";
import { createSyslogListeners } from "./syslog-listeners.ts";

export interface IngestHttpDeps {
  db: Db;
  services: Services;
  log: Logger;
  /** Overrides for tests of back-pressure; defaults suit a small server. */
  writer?: LogWriter;
  /** Overrides for tests of metric back-pressure. */
  metricWriter?: MetricWriter;
  /** Told of every committed batch, for live tail over the realtime WebSocket. */
  logTail?: LogTail;
  /**
   * Log and metric transactions each writer keeps in flight (2 on PostgreSQL, so one batch is
   * built while another commits; PGlite runs one transaction at a time).
   */
  writerConcurrency?: number;
  /** Open syslog listeners for keys that have a port (the server does; API-only tests need not). */
  syslog?: boolean;
  /** Bytes of bodies in flight; default from config (GLASSPANE_INGEST_MAX_INFLIGHT_BYTES). */
  budget?: IngestBudget;
  /** Where ingest counters (refusals, UDP drops, bytes held) are exposed as /metrics. */
  registry?: Registry;
}

/** Ingest bodies are bounded: exporters batch, and a bigger body is a misconfigured sender. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The ingest key from `Authorization: Bearer`, `Basic` (Loki clients' password) or a header. */
export function ingestKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    return decoded.slice(decoded.indexOf(":") + 1);
  }
  const custom = request.headers["x-glasspane-ingest-key"];
  return typeof custom === "string" ? custom : undefined;
}

function bodyBytes(request: FastifyRequest, raw: Buffer): Buffer {
  // Content codings are case-insensitive; x-gzip is gzip (RFC 9110 §8.4.1).
  const header = request.headers["content-encoding"];
  const encoding = typeof header === "string" ? header.trim().toLowerCase() : header;
  // remote_write bodies are snappy by definition; that route decompresses them itself.
  if (encoding === "snappy" && request.url.startsWith("/prometheus/")) return raw;
  if (encoding === "gzip" || encoding === "x-gzip") {
    try {
      return gunzipSync(raw, { maxOutputLength: MAX_BODY_BYTES * 4 });
    } catch {
      throw new AppError("invalid_input", "The gzip body could not be decompressed");
    }
  }
  if (encoding && encoding !== "identity")
    throw new AppError("invalid_input", `Content-Encoding ${encoding} is not supported: send gzip`);
  return raw;
}

function parseJson(body: Buffer | string): unknown {
  try {
    const text = typeof body === "string" ? body : body.toString("utf8");
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new AppError("invalid_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Several JSON documents on their own lines (the first line one whole object). */
function isJsonLines(text: string): boolean {
  const first = text.indexOf("\n");
  if (first < 0 || !text.slice(first + 1).trim()) return false;
  const head = text.slice(0, first).trim();
  if (!head.startsWith("{") || !head.endsWith("}")) return false;
  try {
    JSON.parse(head);
    return true;
  } catch {
    return false;
  }
}

/** NDJSON, each line's fault named by its line number. */
function parseJsonLines(text: string): unknown[] {
  const out: unknown[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    try {
      out.push(parseJson(line));
    } catch (error) {
      throw new AppError("invalid_json", `Line ${i + 1}: ${(error as Error).message}`);
    }
  }
  return out;
}

/**
 * Ingest routes beside the operation API: OTLP/HTTP logs and metrics (JSON and protobuf) at
 * /v1/logs and /v1/metrics, Prometheus remote_write, the Loki push API and a plain JSON endpoint,
 * all authenticated by an ingest key. Each request is
 * answered only after its lines are committed; when the writer is full the answer is 429.
 */
export async function registerIngestRoutes(app: FastifyInstance, deps: IngestHttpDeps) {
  const auth: IngestKeyAuth = createIngestKeyAuth(deps.db);
  const writer =
    deps.writer ??
    createLogWriter(deps.db, {
      concurrency: deps.writerConcurrency,
      onCommitted: (lines) => deps.logTail?.publish(lines),
    });
  const metricWriter =
    deps.metricWriter ?? createMetricWriter(deps.db, { concurrency: deps.writerConcurrency });
  const sources = new WeakMap<FastifyRequest, IngestSource>();
  const budget = deps.budget ?? createIngestBudget(deps.services.config.ingestMaxInFlightBytes);
  const syslog = deps.syslog
    ? createSyslogListeners({
        auth,
        writer,
        budget,
        host: deps.services.config.host,
        log: deps.log,
      })
    : undefined;
  /** Bytes each admitted request holds, given back once its answer is sent. */
  const held = new WeakMap<FastifyRequest, number>();
  const release = (request: FastifyRequest) => {
    const bytes = held.get(request);
    if (bytes === undefined) return;
    held.delete(request);
    budget.release(bytes);
  };
  let refusals = 0;
  if (deps.registry)
    registerIngestMetrics(deps.registry, { budget, writer, syslog, refusals: () => refusals });

  await app.register(async (scope) => {
    // Bodies stay raw buffers here: protobuf, gzip and JSON are decoded per route.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: MAX_BODY_BYTES },
      (_request, body, done) => done(null, body),
    );
    // Senders act on the status and Retry-After (OTLP exporters retry 429 and 503 with backoff).
    scope.setErrorHandler((error, request, reply) => {
      const appError =
        error instanceof AppError
          ? error
          : (error as { statusCode?: number }).statusCode === 413
            ? new AppError(
                "payload_too_large",
                "The body is larger than 10 MB: send smaller batches",
              )
            : undefined;
      if (!appError) {
        request.log.error({ err: error }, "ingest request failed");
        return reply.status(500).send({ error: { code: "internal", message: "Ingest failed" } });
      }
      if (appError.code === "rate_limited") refusals++;
      if (appError.details.retryAfter)
        reply.header("retry-after", String(appError.details.retryAfter));
      return reply.status(appError.status).send(appError.toJSON());
    });
    // Authenticated before the body is read: no key, no parsing. Then admitted against the
    // budget by the declared length, so a refused body is never buffered.
    scope.addHook("onRequest", async (request, reply) => {
      sources.set(request, await auth.authenticate(ingestKeyOf(request)));
      // The response's close comes after it is sent and also when the sender went away first:
      // either way the request's bytes are given back exactly once.
      reply.raw.once("close", () => release(request));
      const declared = Number(request.headers["content-length"] ?? Number.NaN);
      if (!Number.isFinite(declared) || declared <= 0) return;
      if (!budget.tryReserve(declared)) throw busy();
      held.set(request, declared);
    });
    // Chunked bodies have no declared length: they are metered as they arrive.
    scope.addHook("preParsing", async (request, _reply, payload) => {
      if (held.has(request)) return payload;
      held.set(request, 0);
      const metered = meteredBody(budget, (bytes) => {
        if (held.has(request)) held.set(request, held.get(request)! + bytes);
        else budget.release(bytes); // answered already: nothing holds it
      });
      payload.on("error", (error) => metered.destroy(error));
      return payload.pipe(metered);
    });

    const store = async (lines: LogLine[]) => {
      await writer.write(lines);
      return lines.length;
    };
    const sourceOf = (request: FastifyRequest) => sources.get(request)!;
    const raw = (request: FastifyRequest) =>
      bodyBytes(request, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    const isProtobuf = (request: FastifyRequest) =>
      (request.headers["content-type"] ?? "").includes("protobuf");

    scope.post("/v1/logs", async (request: FastifyRequest, reply: FastifyReply) => {
      const bytes = raw(request);
      const protobuf = isProtobuf(request);
      let payload: unknown;
      try {
        payload = protobuf ? decodeOtlpLogs(bytes) : parseJson(bytes);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError("invalid_input", `The OTLP protobuf body could not be decoded`);
      }
      await store(linesFromOtlpLogs(payload, sourceOf(request), new Date()));
      // An empty ExportLogsServiceResponse: full success, in the encoding that was sent.
      if (protobuf) return reply.type("application/x-protobuf").send(Buffer.alloc(0));
      return reply.type("application/json").send({});
    });

    // Concurrent metric requests are committed together (group commit); each is answered once
    // its samples are, and beyond the writer's bound of samples waiting the answer is 429.
    const storeSamples = (samples: MetricSample[]) => metricWriter.write(samples);

    scope.post("/v1/metrics", async (request, reply) => {
      const bytes = raw(request);
      const protobuf = isProtobuf(request);
      const outcome = newOutcome();
      let samples: MetricSample[];
      try {
        samples = protobuf
          ? samplesFromOtlpMetricsProto(bytes, sourceOf(request), new Date(), outcome)
          : samplesFromOtlpMetrics(parseJson(bytes), sourceOf(request), new Date(), outcome);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError("invalid_input", "The OTLP protobuf body could not be decoded");
      }
      await storeSamples(samples);
      // What was not kept is said in the answer (OTLP partial success), not only in the docs.
      const partialSuccess = partialSuccessOf(outcome);
      const response = partialSuccess ? { partialSuccess } : {};
      if (protobuf)
        return reply
          .type("application/x-protobuf")
          .send(Buffer.from(encodeOtlpMetricsResponse(response)));
      return reply.type("application/json").send(response);
    });

    scope.post("/prometheus/api/v1/write", async (request, reply) => {
      await storeSamples(samplesFromRemoteWrite(raw(request), sourceOf(request)));
      return reply.status(204).send();
    });

    scope.post("/loki/api/v1/push", async (request, reply) => {
      if (isProtobuf(request))
        throw new AppError("invalid_input", "Loki protobuf push is not supported: send JSON");
      const payload = parseJson(raw(request));
      await store(linesFromLokiPush(payload, sourceOf(request), new Date()));
      return reply.status(204).send();
    });

    scope.post("/ingest/v1/logs", async (request) => {
      const text = raw(request).toString("utf8");
      // NDJSON (one object per line) or one JSON document; NDJSON sent as JSON is read too.
      const isNdjson =
        (request.headers["content-type"] ?? "").includes("ndjson") || isJsonLines(text);
      const payload = isNdjson ? parseJsonLines(text) : parseJson(text);
      return { accepted: await store(linesFromPlainJson(payload, sourceOf(request), new Date())) };
    });
  });

  let unsubscribe: (() => void) | undefined;
  if (syslog) {
    await syslog.sync();
    // A key's change is published inside its transaction: resync a moment later, once committed.
    unsubscribe = deps.services.events.subscribe(INSTANCE_CHANNEL, (event) => {
      if (event.type !== INGEST_KEYS_CHANGED) return;
      setTimeout(() => {
        syslog.sync().catch((error: unknown) => deps.log.error({ err: error }, "syslog sync"));
      }, 250).unref();
    });
    app.decorate("ingestSyslog", syslog);
  }
  app.addHook("onClose", async () => {
    unsubscribe?.();
    await syslog?.close();
    await writer.flush();
    await metricWriter.flush();
  });
  return { writer, metricWriter, syslog, budget, refusals: () => refusals };
}

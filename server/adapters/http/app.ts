import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from "fastify";
import helmet from "helmet";
import type { Logger } from "pino";
import { registerAutomationWebhooks } from "../../modules/ai/automations/webhook.route.ts";
import { createLogTail } from "../../modules/observability/logs/log-tail.ts";
import { registerStatusPageRoutes } from "../../modules/observability/uptime/status-page.html.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Operation } from "../../platform/operations/define.ts";
import type { Execute } from "../../platform/operations/execute.ts";
import { PROGRESS_ID_HEADER, parseProgressId } from "../../platform/operations/progress-events.ts";
import type { Services } from "../../platform/services.ts";
import { registerIngestRoutes } from "../ingest/ingest-http.ts";
import { registerMcpRoute } from "../mcp/mcp-http.ts";
import { createAnswerBatch } from "./answer-batch.ts";
import { type CallerDeps, checkCsrf, resolveCaller } from "./caller.ts";
import { renderDocsPage } from "./docs-page.ts";
import { createMetrics } from "./metrics.ts";
import { buildOpenApi } from "./openapi.ts";
import { registerRealtime } from "./realtime.ts";
import { discardUpload, FILE_NAME_HEADER, receiveUpload } from "./upload.ts";

export interface AppDeps {
  database: Database;
  services: Services;
  execute: Execute;
  operations: readonly Operation[];
  log: Logger;
  localKey: string;
  /** Built web app (index.html and assets); absent in API-only tests. */
  webRoot?: string;
  version: string;
  /** Open syslog listeners for ingest keys with a port (the server; not API-only tests). */
  syslogListeners?: boolean;
}

function parseQueryInput(request: FastifyRequest): unknown {
  const query = (request.query ?? {}) as Record<string, string>;
  if (query.input === undefined) return query;
  try {
    return JSON.parse(query.input);
  } catch {
    throw new AppError("invalid_json", "The input query parameter is not valid JSON");
  }
}

/** Probes and static files: not worth an access-log line each. */
const QUIET_PATHS = /^\/(healthz|readyz|metrics|assets\/|favicon)/;

/** What an upload operation takes, said when it got something else. */
const UPLOAD_BODY = `Send the file as the request body with Content-Type: application/octet-stream, its name in the ${FILE_NAME_HEADER} header`;

/**
 * Maps any error to the one JSON error shape with a stable code. `upload`: the request was
 * for an upload operation, which takes a file, not JSON.
 */
function toAppError(error: unknown, upload = false): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string };
  if (
    e.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
    e.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
    (e.statusCode === 400 && error instanceof SyntaxError)
  ) {
    return new AppError(
      "invalid_json",
      `The request body is not valid JSON: ${e.message ?? ""}`.trim(),
    );
  }
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE")
    return new AppError("payload_too_large", "The request body is too large");
  if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new AppError(
      "invalid_input",
      upload ? UPLOAD_BODY : "Send the input as JSON with Content-Type: application/json",
    );
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new AppError("invalid_input", e.message ?? "Bad request");
  return new AppError("internal", "Something went wrong on the server; the error is in its log");
}

/** The HTTP adapter: one route per operation, derived from the registry, plus ops endpoints. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { services, execute, operations, log } = deps;
  const config = services.config;
  const metrics = createMetrics();
  let isShuttingDown = false;

  const app = Fastify({
    loggerInstance: log as import("fastify").FastifyBaseLogger,
    // One reverse proxy in front: trust its X-Forwarded-For entry, not what the client wrote
    // further left (that would let anyone pick their address for throttling and the audit log).
    trustProxy: config.trustProxy ? (_address: string, hop: number) => hop < 1 : false,
    bodyLimit: 5 * 1024 * 1024,
    return503OnClosing: true,
    // One access line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Upload operations read the body as a stream; nothing else accepts it.
  app.addContentTypeParser("application/octet-stream", (_request, payload, done) => {
    done(null, payload);
  });
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(
        new AppError(
          "invalid_json",
          `The request body is not valid JSON: ${(error as Error).message}`,
        ),
        undefined,
      );
    }
  });
  // Operations take JSON only; text/plain is also what a cross-site form can send unasked.
  app.removeContentTypeParser("text/plain");
  await app.register(fastifyCookie);
  const isHttps = config.publicUrl?.startsWith("https:") ?? false;
  // Pages get helmet's full header set, built once; not its Fastify plugin, which adds two
  // onRequest hooks (one async) to every request and rebuilds the middleware per page.
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      directives: { "connect-src": ["'self'", "ws:", "wss:"], "upgrade-insecure-requests": null },
    },
    hsts: isHttps ? undefined : false,
  });
  // JSON answers get a fixed, strict header set computed once: helmet's page set means little
  // for JSON and costs a noticeable share of a cheap API call.
  const apiHeaders: Record<string, string> = {
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
    // Answers are per caller and change with every write: never stored by a browser or proxy.
    "cache-control": "no-store",
    ...(isHttps ? { "strict-transport-security": "max-age=15552000; includeSubDomains" } : {}),
  };
  // Callback-style hooks: an async hook costs a promise and a tick on every request.
  app.addHook("onRequest", (request, reply, done) => {
    if (request.url.startsWith("/api/") && !request.url.startsWith("/api/docs")) {
      reply.headers(apiHeaders);
      done();
    } else {
      pageHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
    }
  });

  const callerDeps: CallerDeps = {
    services,
    localKey: deps.localKey,
    secureCookies: (request) =>
      request.protocol === "https" || (config.publicUrl?.startsWith("https:") ?? false),
  };

  // Requests log through the server's logger itself: a child logger per request (Fastify's
  // default) re-applies redaction and costs a measurable share of a cached API call.
  app.setChildLoggerFactory((logger) => logger);

  const uploads = new Set(operations.filter((op) => op.upload).map((op) => op.name));
  app.setErrorHandler((error, request, reply) => {
    const operation = (request.routeOptions.config as { operation?: string } | undefined)
      ?.operation;
    const upload = operation !== undefined && uploads.has(operation);
    let appError = toAppError(error, upload);
    // A file sent as JSON fails to parse as JSON: what was wrong is the content type.
    if (upload && appError.code === "invalid_json")
      appError = new AppError("invalid_input", UPLOAD_BODY);
    if (appError.code === "internal") request.log.error({ err: error }, "request failed");
    if (appError.details.retryAfter)
      reply.header("retry-after", String(appError.details.retryAfter));
    reply.status(appError.status).send(appError.toJSON());
  });

  // Read once: the level is fixed for the process, and the line is not built when it is off.
  const accessLog = log.isLevelEnabled("info");
  app.addHook("onResponse", (request, reply, done) => {
    const operation = (request.routeOptions.config as { operation?: string } | undefined)
      ?.operation;
    if (accessLog && (operation || !QUIET_PATHS.test(request.url))) {
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      const url = request.url.split("?")[0];
      request.log.info({ method: request.method, url, status: reply.statusCode, ms }, "request");
    }
    if (operation) metrics.record(operation, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const endOfTurn = createAnswerBatch();
  for (const op of operations) {
    const handler = async (request: FastifyRequest, reply: import("fastify").FastifyReply) => {
      const caller = await resolveCaller(callerDeps, request, reply);
      checkCsrf(request, caller);
      if (op.upload) {
        // Checked before the body is read: nobody streams a gigabyte to be told "sign in".
        if (caller.actor.type === "anonymous")
          throw new AppError("unauthenticated", "Sign in or send an API token");
        const progressId = parseProgressId(request.headers[PROGRESS_ID_HEADER]);
        const upload = await receiveUpload(request, services.config.dataDir, op.upload.maxBytes);
        try {
          const output = await execute(op, parseQueryInput(request), {
            ...caller,
            upload,
            progressId,
          });
          return output ?? null;
        } finally {
          await discardUpload(upload);
        }
      }
      const input = request.method === "GET" ? parseQueryInput(request) : request.body;
      const output = await execute(op, input, caller);
      await endOfTurn();
      return output ?? null;
    };
    const config = { operation: op.name };
    app.post(`/api/${op.name}`, { config }, handler);
    if (!op.mutates) app.get(`/api/${op.name}`, { config }, handler);
  }

  const openApi = buildOpenApi(operations, deps.version);
  const docsPage = renderDocsPage(operations);
  app.get("/api/openapi.json", async () => openApi);
  app.get("/api/docs", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(docsPage),
  );

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    if (isShuttingDown) return reply.status(503).send({ status: "shutting down" });
    try {
      await deps.database.ping();
      return { status: "ready", database: deps.database.kind };
    } catch {
      return reply.status(503).send({ status: "database unavailable" });
    }
  });
  app.get("/metrics", async (request, reply) => {
    if (config.metricsToken && request.headers.authorization !== `Bearer ${config.metricsToken}`) {
      return reply.status(401).send({
        error: { code: "unauthenticated", message: "Send the metrics token as a Bearer token" },
      });
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  // Committed log lines go from the ingest writer to live-tail subscribers of this instance.
  const logTail = createLogTail();
  // The WebSocket plugin adds an onRequest and an onResponse hook and wraps the handler of every
  // route in its scope: registered in a scope of its own, it touches only the event stream.
  await app.register(async (scope) => {
    await scope.register(fastifyWebsocket);
    registerRealtime(scope, { callerDeps, services, metrics, db: deps.database.db, logTail });
  });
  registerMcpRoute(app, { db: deps.database.db, services, execute });
  // Signed by the sender, not by a session or token: the automation's own secret.
  registerAutomationWebhooks(app, { db: deps.database.db, services });
  await registerIngestRoutes(app, {
    db: deps.database.db,
    services,
    log,
    syslog: deps.syslogListeners ?? false,
    logTail,
    writerConcurrency: deps.database.kind === "postgres" ? 2 : 1,
    registry: metrics.registry,
  });
  registerStatusPageRoutes(app, execute);

  const webRoot = deps.webRoot;
  const hasWeb = webRoot !== undefined && existsSync(path.join(webRoot, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/")) {
      const name = request.url.slice(5).split(/[?/]/)[0] ?? "";
      if (operations.some((op) => op.name === name)) {
        const error = new AppError("method_not_allowed", `${name} changes data: call it with POST`);
        return reply.status(error.status).header("allow", "POST").send(error.toJSON());
      }
      return reply.status(404).send({
        error: { code: "not_found", message: `Unknown operation ${name}: see /api/docs` },
      });
    }
    if (request.method !== "GET")
      return reply.status(404).send({ error: { code: "not_found", message: "Not found" } });
    if (!hasWeb) {
      return reply
        .type("text/plain")
        .send("Glass Pane's web app is not built: run `npm run build` (npm start does this).");
    }
    return reply.type("text/html").sendFile("index.html");
  });

  app.addHook("onClose", async () => {
    isShuttingDown = true;
  });
  app.decorate("markShuttingDown", () => {
    isShuttingDown = true;
  });
  return app;
}

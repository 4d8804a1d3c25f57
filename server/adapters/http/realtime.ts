import type { FastifyInstance } from "fastify";
import type { LogTail } from "../../modules/observability/logs/log-tail.ts";
import type { Db } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { isInAudience } from "../../platform/events/audience.ts";
import type { Membership } from "../../platform/operations/define.ts";
import type { Services } from "../../platform/services.ts";
import { type CallerDeps, isCrossOrigin, resolveCaller } from "./caller.ts";
import type { Metrics } from "./metrics.ts";
import { createTailSession } from "./realtime-tail.ts";

const PING_MS = 25_000;

/**
 * GET /api/events?workspace=<id> upgrades to a WebSocket that carries the workspace's events
 * as JSON. Same-origin only (cookies would otherwise let any site listen in); the CLI connects
 * with its API token or the local key as a Bearer header. The browser may
 * send `{ type: "logs.tail.start", q?, service?, level? }` to follow new log lines live.
 */
export function registerRealtime(
  app: FastifyInstance,
  deps: {
    callerDeps: CallerDeps;
    services: Services;
    metrics: Metrics;
    db: Db;
    logTail: LogTail;
  },
) {
  const { db } = deps;
  app.get("/api/events", { websocket: true }, async (socket, request) => {
    const fail = (code: number, message: string) => {
      socket.send(JSON.stringify({ type: "error", message }));
      socket.close(code, message.slice(0, 120));
    };
    try {
      if (isCrossOrigin(request)) return fail(4403, "Cross-site WebSocket refused");
      const caller = await resolveCaller(deps.callerDeps, request, {
        header: () => undefined,
        setCookie: () => undefined,
        clearCookie: () => undefined,
      } as never);
      const { actor } = caller;
      const requested = (request.query as { workspace?: string }).workspace;
      let membership: Membership | undefined;
      if (actor.type === "user") {
        const wanted = requested ?? (await deps.services.auth.defaultWorkspaceId(db, actor));
        membership = wanted
          ? await deps.services.auth.membershipOf(db, actor.userId, wanted)
          : undefined;
      } else if (actor.type === "token") {
        membership = await deps.services.auth.tokenMembership(db, actor);
      } else if (actor.type === "system") {
        // As for its operations: the workspace named (id or name), else the only one there is.
        membership = await deps.services.auth.systemMembership(db, requested);
      }
      const workspaceId = membership?.workspaceId;
      if (actor.type === "anonymous") return fail(4401, "Sign in first");
      if (!membership || !workspaceId) return fail(4404, "Workspace not found");

      deps.metrics.websockets.inc();
      const unsubscribe = deps.services.events.subscribe(workspaceId, (event) => {
        // Events meant for one caller (their agent's tokens, their import's progress) go to
        // them only.
        if (!isInAudience(event, actor)) return;
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
      });
      const tail = createTailSession(socket, membership, deps.logTail);
      socket.on("message", (data: Buffer) => tail.onMessage(data.toString("utf8")));
      const ping = setInterval(() => socket.ping(), PING_MS);
      socket.on("close", () => {
        clearInterval(ping);
        tail.close();
        unsubscribe();
        deps.metrics.websockets.dec();
      });
      socket.send(JSON.stringify({ type: "ready", workspaceId }));
    } catch (error) {
      fail(4400, error instanceof AppError ? error.message : "Could not open the event stream");
    }
  });
}

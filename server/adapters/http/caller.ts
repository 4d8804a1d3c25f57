import { timingSafeEqual } from "node:crypto";
import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.ts";
import type { Actor, Transport } from "../../platform/operations/define.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import type { Services } from "../../platform/services.ts";

export const SESSION_COOKIE = "gp_session";
export const CSRF_HEADER = "x-csrf-token";
export const WORKSPACE_HEADER = "x-workspace-id";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isLoopback(ip: string): boolean {
  return ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1";
}

/** A request from another site: its Origin names a different host than the one it reached. */
export function isCrossOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

export interface CallerDeps {
  services: Services;
  /** The server's local key (gpl_…): the CLI on this machine acts as "system" with it. */
  localKey: string;
  secureCookies: (request: FastifyRequest) => boolean;
}

export interface ResolvedCaller extends Caller {
  /** Set when the caller came with a session cookie: POSTs must then carry it in a header. */
  csrfToken?: string;
}

/** Works out who is calling: bearer token, local CLI key, or session cookie. */
export async function resolveCaller(
  deps: CallerDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ResolvedCaller> {
  const info = { ip: request.ip, userAgent: request.headers["user-agent"] };
  const workspaceHeader = request.headers[WORKSPACE_HEADER];
  const workspaceId =
    typeof workspaceHeader === "string" && workspaceHeader ? workspaceHeader : undefined;
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError("unauthenticated", "Authorization must be 'Bearer <API token>'");
    const token = match[1]!;
    if (token.startsWith("gpl_")) {
      if (!isLoopback(request.ip) || !sameSecret(token, deps.localKey)) {
        throw new AppError("unauthenticated", "The local key is not valid here");
      }
      const actor: Actor = { type: "system", label: "cli (local)" };
      return { actor, workspaceId, request: info, transport: { kind: "local" } };
    }
    const actor = await deps.services.auth.authenticateToken(token, info);
    if (!actor)
      throw new AppError("unauthenticated", "The API token is unknown, revoked or expired");
    return { actor, workspaceId, request: info, transport: { kind: "local" } };
  }

  // Sessions start and end through cookies; only this path needs them (not per token call).
  const transport: Transport = {
    kind: "http",
    startSession(token, expiresAt) {
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: deps.secureCookies(request),
        path: "/",
        expires: expiresAt,
      });
    },
    endSession() {
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
    },
  };
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    const session = await deps.services.auth.authenticateSession(cookie);
    if (session) {
      reply.header(CSRF_HEADER, session.csrfToken);
      return {
        actor: session.actor,
        workspaceId,
        request: info,
        transport,
        csrfToken: session.csrfToken,
      };
    }
    transport.endSession?.(); // stale cookie: drop it
  }
  return { actor: { type: "anonymous" }, workspaceId, request: info, transport };
}

/** Cookie-authenticated POSTs need the session's CSRF token; public POSTs a same-site Origin. */
export function checkCsrf(request: FastifyRequest, caller: ResolvedCaller): void {
  if (request.method !== "POST") return;
  if (isCrossOrigin(request)) {
    throw new AppError(
      "csrf_failed",
      "Cross-site request refused: call the API from Glass Pane's own pages or with an API token",
    );
  }
  if (!caller.csrfToken) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== "string" || !sameSecret(sent, caller.csrfToken)) {
    throw new AppError(
      "csrf_failed",
      `Missing or wrong ${CSRF_HEADER} header: reload the page and try again`,
    );
  }
}

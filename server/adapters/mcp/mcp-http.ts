import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Execute } from "../../platform/operations/execute.ts";
import type { Services } from "../../platform/services.ts";
import { createMcpServer } from "./mcp-server.ts";
import type { McpSession, McpToolProvider } from "./mcp-tools.ts";
import { toolsourceTools } from "./toolsource-tools.ts";

export interface McpHttpDeps {
  db: Db;
  services: Services;
  execute: Execute;
}

/** Tools beyond the registry's own operations. */
const PROVIDERS: McpToolProvider[] = [toolsourceTools];

function refuse(reply: FastifyReply, error: AppError) {
  if (error.code === "unauthenticated")
    reply.header("www-authenticate", 'Bearer realm="glasspane", error="invalid_token"');
  return reply.status(error.status).send(error.toJSON());
}

/** The API token in `Authorization: Bearer gp_…`, as the session every tool call acts as. */
async function sessionOf(deps: McpHttpDeps, request: FastifyRequest): Promise<McpSession> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match)
    throw new AppError("unauthenticated", "Send an API token: Authorization: Bearer gp_…");
  const info = { ip: request.ip, userAgent: request.headers["user-agent"] };
  const actor = match[1]!.startsWith("gp_")
    ? await deps.services.auth.authenticateToken(match[1]!, info)
    : undefined;
  if (actor?.type !== "token")
    throw new AppError("unauthenticated", "The API token is unknown, revoked or expired");
  const membership = await deps.services.auth.tokenMembership(deps.db, actor);
  if (!membership)
    throw new AppError("unauthenticated", "The token's owner is no longer in its workspace");
  return {
    db: deps.db,
    services: deps.services,
    execute: deps.execute,
    caller: { actor, workspaceId: actor.workspaceId, request: info, transport: { kind: "local" } },
    membership,
  };
}

/**
 * MCP over Streamable HTTP at /mcp, stateless: each POST authenticates its token and gets a
 * fresh server, so any instance behind a load balancer can answer and a revoked token stops
 * working on its next message. There is no server-initiated stream (GET) to keep.
 */
export function registerMcpRoute(app: FastifyInstance, deps: McpHttpDeps): void {
  const sessions = new WeakMap<FastifyRequest, McpSession>();
  // Authenticated before the body is read: nobody without a token gets it parsed.
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      sessions.set(request, await sessionOf(deps, request));
    } catch (error) {
      if (error instanceof AppError) return refuse(reply, error);
      throw error;
    }
  };
  app.post("/mcp", { onRequest: authenticate }, async (request, reply) => {
    const session = sessions.get(request)!;
    const server = createMcpServer(session, PROVIDERS);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  const notHere = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(405)
      .header("allow", "POST")
      .send({
        jsonrpc: "2.0",
        error: { code: -32000, message: "This MCP server is stateless: send requests with POST" },
        id: null,
      });
  app.get("/mcp", notHere);
  app.delete("/mcp", notHere);
}

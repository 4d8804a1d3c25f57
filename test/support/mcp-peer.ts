// Someone else's MCP server, built with the official SDK, for Glass Pane's MCP client to use:
// a read tool (readOnlyHint), a tool that changes things (no hints, so presumed destructive)
// and one that says it is not destructive. Served over Streamable HTTP on loopback (optionally
// behind a bearer token), or over stdio when this file is run as a command.

import { appendFileSync } from "node:fs";
import http from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface PeerCall {
  tool: string;
  args: Record<string, unknown>;
}

function peerServer(calls: PeerCall[], greeting: string): McpServer {
  const server = new McpServer({ name: "ticket-desk", version: "2.1.0" });
  server.registerTool(
    "find_tickets",
    {
      title: "Find tickets",
      description: "Tickets whose title contains the text",
      inputSchema: { text: z.string() },
      annotations: { readOnlyHint: true },
    },
    async ({ text }) => {
      calls.push({ tool: "find_tickets", args: { text } });
      const found = [{ id: 7, title: `${text} is slow` }];
      return {
        content: [{ type: "text", text: `${greeting}: ${JSON.stringify(found)}` }],
        structuredContent: { tickets: found },
      };
    },
  );
  server.registerTool(
    "open_ticket",
    {
      description: "Open a ticket",
      inputSchema: { title: z.string(), priority: z.enum(["low", "high"]).optional() },
    },
    async (args) => {
      calls.push({ tool: "open_ticket", args });
      return {
        content: [
          { type: "text", text: `ticket ${calls.length} opened: ${args.title} (${greeting})` },
        ],
      };
    },
  );
  server.registerTool(
    "label_ticket",
    {
      description: "Add a label to a ticket",
      inputSchema: { id: z.number().int(), label: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async (args) => {
      calls.push({ tool: "label_ticket", args });
      if (args.id !== 7)
        return { isError: true, content: [{ type: "text", text: "no such ticket" }] };
      return { content: [{ type: "text", text: "labelled" }] };
    },
  );
  return server;
}

/** Run as a command with PEER_REPORTS_PID=1: a tool that tells which process answers. */
function reportPid(server: McpServer) {
  server.registerTool(
    "server_pid",
    {
      description: "The process id of this server",
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    async () => ({
      content: [{ type: "text", text: String(process.pid) }],
      structuredContent: { pid: process.pid },
    }),
  );
}

export interface McpPeer {
  url: string;
  calls: PeerCall[];
  /** Authorization headers received, in order. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Starts the peer over Streamable HTTP (stateless, JSON answers) at http://127.0.0.1:<port>/mcp. */
export async function startMcpPeer(options: { bearer?: string } = {}): Promise<McpPeer> {
  const calls: PeerCall[] = [];
  const authorizations: (string | undefined)[] = [];
  const httpServer = http.createServer(async (request, response) => {
    authorizations.push(request.headers.authorization);
    if (options.bearer && request.headers.authorization !== `Bearer ${options.bearer}`) {
      response
        .writeHead(401, { "content-type": "application/json" })
        .end('{"error":"unauthorized"}');
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(405, { allow: "POST" }).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const server = peerServer(calls, "found");
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, JSON.parse(Buffer.concat(chunks).toString()));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

/**
 * `node --import tsx test/support/mcp-peer.ts`: the same server over stdio. With
 * PEER_START_LOG=<file> each process appends its pid there as it starts, so a test can count
 * the processes started.
 */
if (process.argv[1]?.endsWith("mcp-peer.ts")) {
  if (process.env.PEER_START_LOG) appendFileSync(process.env.PEER_START_LOG, `${process.pid}\n`);
  const server = peerServer([], process.env.PEER_GREETING ?? "found");
  if (process.env.PEER_REPORTS_PID === "1") reportPid(server);
  await server.connect(new StdioServerTransport());
}

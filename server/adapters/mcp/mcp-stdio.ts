// `glasspane mcp`: MCP over stdio for desktop clients that start a command. The process does
// not open the database: PGlite has one owner (the running server), and a second process would
// lose writes. It relays JSON-RPC messages unchanged to the server's /mcp with the API token,
// so stdio and HTTP clients get exactly the same tools, checks, approvals and audit trail.

import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export interface StdioBridgeOptions {
  /** The Glass Pane server, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  token: string;
  /** Where problems are reported (stdout carries only protocol messages). */
  log: (line: string) => void;
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & {
  id: string | number;
  method: string;
} {
  return "method" in message && "id" in message && message.id !== undefined;
}

/** Relays stdin/stdout to the server until stdin closes; resolves when both sides are closed. */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<void> {
  const stdio = new StdioServerTransport();
  const http = new StreamableHTTPClientTransport(new URL("/mcp", options.baseUrl), {
    requestInit: { headers: { authorization: `Bearer ${options.token}` } },
  });
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = () => {
      void http.close().finally(resolve);
    };
  });
  http.onmessage = (message) => {
    void stdio.send(message).catch((error: unknown) => options.log(`stdout: ${String(error)}`));
  };
  http.onerror = (error) => options.log(`server: ${error.message}`);
  stdio.onerror = (error) => options.log(`stdin: ${error.message}`);
  stdio.onmessage = (message) => {
    http.send(message).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`could not reach ${options.baseUrl}: ${reason}`);
      // A request must get an answer, or the client waits for ever.
      if (isRequest(message)) {
        void stdio.send({
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32000, message: `Glass Pane at ${options.baseUrl}: ${reason}` },
        });
      }
    });
  };
  await http.start();
  await stdio.start();
  await closed;
}

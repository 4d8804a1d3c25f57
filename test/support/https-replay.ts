import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** What a replay server answers to one request. */
export interface ReplayResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answers (a timeout for the client). */
  hang?: boolean;
}

/** A request as a replay server saw it; tests assert on these. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The raw request body ("" when none). */
  body: string;
}

export const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

/**
 * An https server on 127.0.0.1 with the certificate of azure-replay-tls.setup.ts (trusted by every
 * test worker), for the provider replays whose SDKs insist on TLS (Azure, Google Cloud). Each
 * request is recorded, then answered as JSON with what `answer` returns.
 */
export async function startHttpsReplayServer(options: {
  requests: RecordedRequest[];
  answer(request: RecordedRequest, url: URL): ReplayResponse;
  /** Delay before each answer. */
  latencyMs?: number;
}): Promise<{ base: string; close(): Promise<void> }> {
  const tlsDir = process.env.GLASSPANE_TEST_AZURE_TLS;
  if (!tlsDir)
    throw new Error("No replay certificate: is azure-replay-tls.setup.ts a globalSetup?");
  const server = createServer(
    {
      key: readFileSync(path.join(tlsDir, "key.pem")),
      cert: readFileSync(path.join(tlsDir, "cert.pem")),
    },
    async (req, res) => {
      const url = new URL(req.url ?? "/", "https://replay");
      const request: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        body: await readBody(req),
      };
      options.requests.push(request);
      const reply = options.answer(request, url);
      if (reply.hang) return;
      const send = () => {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

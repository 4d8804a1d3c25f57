import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { guardedLookup, OutboundError, parseTarget } from "./outbound.ts";

/**
 * A WHATWG `fetch` under the outbound rules, for SDKs that take one (the model clients): the
 * same URL checks and post-DNS private-address refusal as `createOutboundHttp`, a deadline and a
 * response size limit, no redirects followed — but the body streams, so tokens of a model's
 * answer arrive as they are sent.
 */
export function createOutboundFetch(options: {
  blockPrivateNetworks: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = parseTarget(
      request ? request.url : input instanceof URL ? input.toString() : String(input),
      options.blockPrivateNetworks,
    );
    const headers = new Headers(init?.headers ?? request?.headers);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    let body: Buffer | undefined;
    const rawBody = init?.body ?? (request ? await request.arrayBuffer() : undefined);
    if (rawBody !== undefined && rawBody !== null) {
      body = Buffer.from(await new Response(rawBody as BodyInit).arrayBuffer());
      if (body.length === 0 && method === "GET") body = undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new OutboundError("timeout", `No answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const outerSignal = init?.signal ?? request?.signal;
    const onAbort = () => controller.abort(outerSignal?.reason);
    outerSignal?.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      outerSignal?.removeEventListener("abort", onAbort);
    };
    try {
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const transport = url.protocol === "https:" ? https : http;
        const plainHeaders: Record<string, string> = { "user-agent": "GlassPane" };
        headers.forEach((value, key) => {
          plainHeaders[key] = value;
        });
        if (body) plainHeaders["content-length"] = String(body.length);
        const req = transport.request(url, {
          method,
          headers: plainHeaders,
          agent: false,
          lookup: options.blockPrivateNetworks ? guardedLookup : undefined,
          signal: controller.signal,
        });
        req.on("error", (error) =>
          reject(controller.signal.aborted ? (controller.signal.reason ?? error) : error),
        );
        req.on("response", resolve);
        req.end(body);
      });
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes)
          response.destroy(
            new OutboundError("too_large", `The response is larger than ${maxBytes} bytes`),
          );
      });
      response.on("close", done);
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(response.headers)) {
        if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
        else if (value !== undefined) responseHeaders.set(key, value);
      }
      const status = response.statusCode ?? 502;
      const hasBody = ![204, 205, 304].includes(status) && method !== "HEAD";
      return new Response(
        hasBody ? (Readable.toWeb(response) as unknown as ReadableStream<Uint8Array>) : null,
        { status, statusText: response.statusMessage, headers: responseHeaders },
      );
    } catch (error) {
      done();
      if (error instanceof OutboundError) throw error;
      throw new OutboundError("network", error instanceof Error ? error.message : String(error));
    }
  };
}

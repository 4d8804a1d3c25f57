import type { OutboundHttp, OutboundResponse } from "../../platform/http/outbound.ts";
import { sleep } from "../retry.ts";
import type { ConnectorContext } from "../types.ts";
import { RetryableStatus, type TokenSource } from "./auth.ts";

/** A page of 500 instances with their disks and network interfaces is a few MB of JSON. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** The longest Retry-After honoured before handing the call back to the shared retry. */
const MAX_RETRY_AFTER_MS = 60_000;
const NO_BODY = new Set([204, 205, 304]);

function retryAfterMs(response: OutboundResponse): number {
  const header = response.headers["retry-after"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 0;
}

function bodyOf(body: unknown): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // gax's REST transport sends JSON strings; list and get calls send nothing.
  throw new TypeError("Only string and byte request bodies are sent to Google Cloud");
}

/**
 * The `fetch` google-gax's REST transport calls (through its auth client) for every request:
 * adds the bearer token and sends through the SSRF-guarded outbound client, each request under
 * the provider's rate limiter and the shared retry (429, 5xx, timeouts; Retry-After honoured).
 * Retrying per request keeps the SDK's own paging (pageToken) intact. When retries run out, the
 * last answer is handed back so gax turns it into its GoogleError with Google's message.
 */
export function createGcpFetch(
  http: OutboundHttp,
  tokens: TokenSource,
  ctx: ConnectorContext,
  timeoutMs: number,
) {
  return async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === "string" ? input : input.href;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const method = init.method ?? "GET";
    const label = `${method} ${new URL(url).pathname}`;
    const callerSignal = init.signal ?? undefined;
    let response: OutboundResponse;
    try {
      response = await ctx.call(label, async (signal) => {
        const both = callerSignal ? AbortSignal.any([signal, callerSignal]) : signal;
        const token = await tokens.accessToken(ctx);
        const answer = await http.request(url, {
          method,
          headers: { ...headers, authorization: `Bearer ${token}` },
          body: bodyOf(init.body),
          signal: both,
          timeoutMs,
          maxResponseBytes: MAX_RESPONSE_BYTES,
        });
        if (answer.status === 429 || answer.status >= 500) {
          const wait = retryAfterMs(answer);
          if (wait > 0) await sleep(wait, both);
          throw new RetryableStatus(answer, label);
        }
        return answer;
      });
    } catch (error) {
      if (!(error instanceof RetryableStatus)) throw error;
      response = error.response;
    }
    const out = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) out.append(name, one);
    }
    return new Response(NO_BODY.has(response.status) ? null : new Uint8Array(response.body), {
      status: response.status,
      headers: out,
    });
  };
}

/**
 * What google-gax takes as `authClient`: it calls `fetch` for every REST request (the token is
 * added there) and compares `universeDomain` with the client's. `getRequestHeaders` is how gax
 * recognises an auth client.
 */
export function gaxAuthClient(
  fetch: ReturnType<typeof createGcpFetch>,
  tokens: TokenSource,
  ctx: ConnectorContext,
  universeDomain: string,
) {
  return {
    universeDomain,
    fetch,
    async getRequestHeaders() {
      return new Headers({ authorization: `Bearer ${await tokens.accessToken(ctx)}` });
    },
  };
}

/**
 * What @google-cloud/storage takes as `authClient` (google-auth-library 9, which wants headers as
 * a plain object): storage sends its requests itself, so only the token comes from here.
 */
export function storageAuthClient(
  tokens: TokenSource,
  ctx: ConnectorContext,
  universeDomain: string,
  projectId: string,
) {
  return {
    universeDomain,
    async getRequestHeaders() {
      return { Authorization: `Bearer ${await tokens.accessToken(ctx)}` };
    },
    async getProjectId() {
      return projectId;
    },
    async getUniverseDomain() {
      return universeDomain;
    },
  };
}

import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import type { OutboundHttp, OutboundResponse } from "../../platform/http/outbound.ts";
import { sleep } from "../retry.ts";
import type { ConnectorContext } from "../types.ts";

/** A page of 1,000 VMs with their profiles is a few MB of JSON; leave room. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** The longest Retry-After honoured before handing the call back to the shared retry. */
const MAX_RETRY_AFTER_MS = 60_000;

/** A 429 or 5xx, thrown so ctx.call retries it; carries the answer for when retries run out. */
class RetryableStatus extends Error {
  readonly status: number;
  readonly response: OutboundResponse;
  constructor(response: OutboundResponse, label: string) {
    super(`${label} answered ${response.status}`);
    this.name = "AzureRetryableStatus";
    this.status = response.status;
    this.response = response;
  }
}

function bodyOf(request: PipelineRequest): string | Buffer | undefined {
  const body = request.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // ARM list/get calls and token requests send strings; streams and forms are not used here.
  throw new TypeError("Only string and byte request bodies are sent to Azure");
}

function retryAfterMs(response: OutboundResponse): number {
  const header = response.headers["retry-after"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 0;
}

/**
 * The Azure SDKs' transport, sending through the SSRF-guarded outbound client, so ARM and
 * Entra ID calls get the instance's network policy, deadline and size limit. With a connector
 * context, each request runs under the provider's rate limiter and the shared retry (429, 5xx,
 * timeouts; Retry-After honoured): retrying per request keeps the SDK's own paging intact, where
 * retrying a whole paged listing could not resume. The SDKs' own retries are switched off.
 */
export function createAzureHttpClient(
  http: OutboundHttp,
  options: { ctx?: ConnectorContext; timeoutMs: number },
): HttpClient {
  async function sendOnce(request: PipelineRequest, signal: AbortSignal | undefined) {
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    return http.request(request.url, {
      method: request.method,
      headers,
      body: bodyOf(request),
      signal,
      timeoutMs:
        request.timeout > 0 ? Math.min(request.timeout, options.timeoutMs) : options.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
  }

  async function send(request: PipelineRequest): Promise<OutboundResponse> {
    const ctx = options.ctx;
    // The SDK types it as AbortSignalLike; what it carries is the AbortSignal we passed in.
    const callerSignal = request.abortSignal as AbortSignal | undefined;
    if (!ctx) return sendOnce(request, callerSignal);
    const label = `${request.method} ${new URL(request.url).pathname}`;
    try {
      return await ctx.call(label, async (signal) => {
        const both = callerSignal ? AbortSignal.any([signal, callerSignal]) : signal;
        const response = await sendOnce(request, both);
        if (response.status === 429 || response.status >= 500) {
          const wait = retryAfterMs(response);
          if (wait > 0) await sleep(wait, both);
          throw new RetryableStatus(response, label);
        }
        return response;
      });
    } catch (error) {
      // Out of attempts: the SDK turns the last answer into its RestError with ARM's message.
      if (error instanceof RetryableStatus) return error.response;
      throw error;
    }
  }

  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const response = await send(request);
      const headers = createHttpHeaders();
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      return {
        request,
        status: response.status,
        headers,
        bodyAsText: response.body.toString("utf8"),
      };
    },
  };
}

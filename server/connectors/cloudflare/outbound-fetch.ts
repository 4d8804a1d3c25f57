import type { OutboundHttp } from "../../platform/http/outbound.ts";

/** A DNS zone of 5,000 records with comments and tags is a few MB of JSON; this leaves room. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 60_000;
const NO_BODY = new Set([204, 205, 304]);

/**
 * A `fetch` for the Cloudflare SDK that sends through the SSRF-guarded outbound client, so the
 * SDK's calls (to Cloudflare, or to a user-given endpoint) get the instance's network policy,
 * deadline and response size limit like every other outbound call. Only what the SDK's list and
 * get calls use is supported: string bodies, buffered responses.
 */
export function outboundFetch(http: OutboundHttp) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (init?.body != null && typeof init.body !== "string")
      throw new TypeError("Only string request bodies are sent to Cloudflare");
    const response = await http.request(url, {
      method: init?.method ?? "GET",
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body ?? undefined,
      signal: init?.signal ?? undefined,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    return new Response(NO_BODY.has(response.status) ? null : new Uint8Array(response.body), {
      status: response.status,
      headers,
    });
  };
}

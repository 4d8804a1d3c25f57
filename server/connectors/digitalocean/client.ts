import type { OutboundHttp } from "../../platform/http/outbound.ts";
import { sleep } from "../retry.ts";
import type { ConnectorContext } from "../types.ts";

/**
 * A small typed client for DigitalOcean's REST API (https://docs.digitalocean.com/reference/api/).
 * There is no official JavaScript SDK, so this is plain HTTP through the SSRF-guarded outbound
 * client: Bearer token, `links.pages.next` pagination, and DigitalOcean's error body
 * `{ id, message, request_id }` turned into an error the shared retry helper understands.
 */

export const DIGITALOCEAN_API = "https://api.digitalocean.com";
/** The API's largest page; fewer pages means fewer calls against the 5,000 per hour limit. */
const PAGE_SIZE = 200;
/** A page of 200 droplets is about 600 KB of JSON; leave room for larger objects. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 30_000;
/** The longest wait for `ratelimit-reset` before giving the call back to the retry helper. */
const MAX_RESET_WAIT_MS = 60_000;

export class DigitalOceanApiError extends Error {
  /** HTTP status; the shared retry helper retries 429 and 5xx by it. */
  readonly status: number;
  /** DigitalOcean's error id, e.g. `unauthorized`, `too_many_requests`. */
  readonly errorId: string | null;
  constructor(status: number, errorId: string | null, message: string) {
    super(message);
    this.name = "DigitalOceanApiError";
    this.status = status;
    this.errorId = errorId;
  }
}

interface PageLinks {
  links?: { pages?: { next?: string } };
}

export interface DigitalOceanClient {
  /** One GET of a path under /v2, e.g. `/v2/account`, with an optional query. */
  get<T>(path: string, ctx: ConnectorContext, query?: Record<string, string>): Promise<T>;
  /** One GET of a non-JSON body (an invoice CSV), as text. */
  getText(path: string, ctx: ConnectorContext): Promise<string>;
  /** Every item of a paginated list, page by page; `key` is the list's property name. */
  list<T>(path: string, key: string, ctx: ConnectorContext): AsyncGenerator<T>;
  /**
   * A POST or DELETE. Sent once unless `idempotent`: a lost answer to a create must not make a
   * second one on retry.
   */
  send<T>(
    method: "POST" | "DELETE",
    path: string,
    body: unknown,
    ctx: ConnectorContext,
    idempotent: boolean,
  ): Promise<T>;
}

export function createDigitalOceanClient(options: {
  token: string;
  endpoint: string | null;
  http: OutboundHttp;
}): DigitalOceanClient {
  const base = new URL(options.endpoint ?? DIGITALOCEAN_API);

  async function request<T>(
    url: URL,
    signal: AbortSignal,
    send: { method: string; body?: unknown; asText?: boolean } = { method: "GET" },
  ): Promise<T> {
    const response = await options.http.request(url.toString(), {
      method: send.method,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: send.asText ? "text/csv" : "application/json",
        ...(send.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(send.body === undefined ? {} : { body: JSON.stringify(send.body) }),
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      signal,
    });
    const text = response.body.toString("utf8");
    if (response.status === 429) await waitForReset(response.headers["ratelimit-reset"], signal);
    if (response.status < 200 || response.status >= 300) throw apiError(response.status, text);
    if (response.status === 204) return undefined as T;
    if (send.asText) return text as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DigitalOceanApiError(
        response.status,
        null,
        `DigitalOcean answered ${url.pathname} with something that is not JSON`,
      );
    }
  }

  /**
   * DigitalOcean sends `ratelimit-reset` (Unix seconds) with a 429: waiting until then makes the
   * retry that follows succeed instead of spending another attempt on the same refusal.
   */
  async function waitForReset(header: string | string[] | undefined, signal: AbortSignal) {
    const reset = Number(Array.isArray(header) ? header[0] : header);
    if (!Number.isFinite(reset) || reset <= 0) return;
    const waitMs = Math.min(MAX_RESET_WAIT_MS, reset * 1000 - Date.now());
    if (waitMs > 0) await sleep(waitMs, signal);
  }

  function urlOf(path: string, query: URLSearchParams = new URLSearchParams()): URL {
    const url = new URL(base);
    url.pathname = `${base.pathname.replace(/\/$/, "")}${path}`;
    url.search = query.toString();
    return url;
  }

  return {
    get<T>(path: string, ctx: ConnectorContext, query?: Record<string, string>) {
      const url = urlOf(path, new URLSearchParams(query));
      return ctx.call(`GET ${path}`, (signal) => request<T>(url, signal));
    },
    send<T>(
      method: "POST" | "DELETE",
      path: string,
      body: unknown,
      ctx: ConnectorContext,
      idempotent: boolean,
    ) {
      const call = (signal: AbortSignal) => request<T>(urlOf(path), signal, { method, body });
      return idempotent ? ctx.call(`${method} ${path}`, call) : call(ctx.signal);
    },
    getText(path: string, ctx: ConnectorContext) {
      return ctx.call(`GET ${path}`, (signal) =>
        request<string>(urlOf(path), signal, { method: "GET", asText: true }),
      );
    },
    async *list<T>(path: string, key: string, ctx: ConnectorContext) {
      let query = new URLSearchParams({ per_page: String(PAGE_SIZE) });
      for (let page = 1; ; page++) {
        const url = urlOf(path, query);
        const body = await ctx.call(`GET ${path} page ${page}`, (signal) =>
          request<PageLinks & Record<string, unknown>>(url, signal),
        );
        const items = body[key];
        if (!Array.isArray(items))
          throw new DigitalOceanApiError(200, null, `DigitalOcean's ${path} has no "${key}" list`);
        yield* items as T[];
        const next = body.links?.pages?.next;
        if (!next) return;
        // Only the next link's query is used: its host is DigitalOcean's own even behind a
        // custom endpoint, and the token must never follow a link to another origin.
        const nextQuery = new URL(next, url).searchParams;
        if (nextQuery.toString() === query.toString())
          throw new DigitalOceanApiError(200, null, `DigitalOcean's ${path} repeats page ${page}`);
        query = nextQuery;
      }
    },
  };
}

function apiError(status: number, text: string): DigitalOceanApiError {
  let id: string | null = null;
  let message = text.slice(0, 200);
  try {
    const body = JSON.parse(text) as { id?: unknown; message?: unknown };
    if (typeof body.id === "string") id = body.id;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // Not DigitalOcean's JSON error body (a proxy's HTML page): keep the start of the text.
  }
  const hint =
    status === 401
      ? " Check the API token."
      : status === 403
        ? " The token lacks the scope for this."
        : "";
  return new DigitalOceanApiError(
    status,
    id,
    `DigitalOcean API ${status}: ${message.replace(/\.$/, "")}.${hint}`,
  );
}

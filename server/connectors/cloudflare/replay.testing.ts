import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A local stand-in for api.cloudflare.com/client/v4 that replays the examples of Cloudflare's
 * OpenAPI schemas (test/fixtures/cloudflare) in the API's envelope
 * (`{ success, errors, messages, result, result_info }`). It checks the credentials the way the
 * API does (Bearer token, or X-Auth-Email + X-Auth-Key), paginates by page number (zones, DNS
 * records, Pages) or by cursor (R2), and serves queued failures before the real answer. A DNS
 * record PATCH (Update DNS Record) is checked against the schema's rules for `tags` and merged
 * into the records listed from then on; a zone PATCH (Edit Zone) sets `paused` on the zones
 * listed from then on, and Purge Cached Content takes one of its request body's forms and answers
 * with the purge id of the schema's example.
 */

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/cloudflare");
const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));

export const REPLAY_ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const BASE = "/client/v4";
const TAG = /^[A-Za-z0-9_-]+(:.*)?$/s;
const ZONE = /^\/client\/v4\/zones\/([0-9a-f]{32})$/;
const PURGE = /^\/client\/v4\/zones\/([0-9a-f]{32})\/purge_cache$/;
/** `cache-purge_schemas-identifier`'s example: the id of the purge request. */
export const REPLAY_PURGE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
/** The forms of a purge body (`zone-purge`'s examples): exactly one is sent. */
const PURGE_FORMS = ["purge_everything", "files", "prefixes", "tags", "hosts"];

export interface ReplayResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CloudflareReplay {
  /** The base URL to give the SDK (ends in /client/v4). */
  url: string;
  token: string;
  apiKey: string;
  email: string;
  requests: RecordedRequest[];
  fail(path: string, ...responses: ReplayResponse[]): void;
  close(): Promise<void>;
}

const envelope = (result: unknown, resultInfo?: unknown) => ({
  success: true,
  errors: [],
  messages: [],
  result,
  ...(resultInfo ? { result_info: resultInfo } : {}),
});
export const cloudflareError = (status: number, code: number, message: string): ReplayResponse => ({
  status,
  body: { success: false, errors: [{ code, message }], messages: [], result: null },
});

/**
 * The schema's DNS record examples, each with an id of its own: the examples share one id for
 * the zone and every record, and the inventory keys resources by id (the rest is unchanged).
 */
export const dnsRecordsWithOwnIds = () =>
  (readFixture("dns_records") as Record<string, unknown>[]).map((record, i) => ({
    ...record,
    id: `${"0".repeat(30)}${String(i).padStart(2, "0")}`,
  }));

export async function startCloudflareReplay(
  options: {
    pageSize?: number;
    /** Replaces a fixture's items, e.g. `{ r2_buckets: [...] }`. */
    items?: Record<string, unknown[]>;
  } = {},
): Promise<CloudflareReplay> {
  const pageSize = options.pageSize ?? 2;
  const token = "cf-replay-token-0000000000000000000000";
  const apiKey = "0123456789abcdef0123456789abcdef01234";
  const email = "sammy@example.com";
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, ReplayResponse[]>();
  const account = `${BASE}/accounts/${REPLAY_ACCOUNT_ID}`;
  const fixture = (name: string) => options.items?.[name] ?? readFixture(name);
  const dnsRecords = structuredClone(fixture("dns_records")) as Record<string, unknown>[];
  const zones = structuredClone(fixture("zones")) as Record<string, unknown>[];

  function paged(items: unknown[], query: URLSearchParams): ReplayResponse {
    const page = Math.max(1, Number(query.get("page") ?? 1));
    const result = items.slice((page - 1) * pageSize, page * pageSize);
    const total_pages = Math.ceil(items.length / pageSize);
    const info = { page, per_page: pageSize, count: result.length, total_count: items.length };
    return { status: 200, body: envelope(result, { ...info, total_pages }) };
  }

  function r2Page(query: URLSearchParams): ReplayResponse {
    const buckets = fixture("r2_buckets") as unknown[];
    const start = Number(query.get("cursor") ?? 0);
    const slice = buckets.slice(start, start + pageSize);
    const more = start + pageSize < buckets.length;
    const info = { per_page: pageSize, ...(more ? { cursor: String(start + pageSize) } : {}) };
    return { status: 200, body: envelope({ buckets: slice }, info) };
  }

  /** `dns-records_tags`: an array of `name:value` strings, the name of letters, digits, _ and -. */
  function patchRecord(id: string, body: string): ReplayResponse {
    const record = dnsRecords.find((r) => r.id === id);
    if (!record) return cloudflareError(404, 81044, "Record does not exist.");
    const patch = JSON.parse(body || "{}") as Record<string, unknown>;
    const tags = patch.tags;
    if (
      tags !== undefined &&
      !(Array.isArray(tags) && tags.every((t) => typeof t === "string" && TAG.test(t)))
    )
      return cloudflareError(400, 9000, "DNS record tags must be name:value strings");
    if (patch.type !== undefined && patch.type !== record.type)
      return cloudflareError(400, 9000, "DNS record type cannot be changed by this request");
    Object.assign(record, patch, { modified_on: new Date().toISOString() });
    return { status: 200, body: envelope(record) };
  }

  /** Edit Zone: "Only one zone property can be changed at a time"; here `paused`. */
  function editZone(id: string, body: string): ReplayResponse {
    const zone = zones.find((z) => z.id === id);
    if (!zone) return cloudflareError(404, 1001, "Invalid zone identifier");
    const patch = JSON.parse(body || "{}") as Record<string, unknown>;
    if (Object.keys(patch).length !== 1 || typeof patch.paused !== "boolean")
      return cloudflareError(400, 1007, "Exactly one zone property, paused (a boolean), is taken");
    Object.assign(zone, patch, { modified_on: new Date().toISOString() });
    return { status: 200, body: envelope(zone) };
  }

  function purgeCache(id: string, body: string): ReplayResponse {
    if (!zones.some((z) => z.id === id))
      return cloudflareError(404, 1001, "Invalid zone identifier");
    const request = JSON.parse(body || "{}") as Record<string, unknown>;
    const forms = Object.keys(request);
    const form = forms[0];
    if (forms.length !== 1 || !form || !PURGE_FORMS.includes(form))
      return cloudflareError(
        400,
        1012,
        "Request must contain one of purge_everything, files, tags, hosts or prefixes",
      );
    const value = request[form];
    if (form === "purge_everything" ? value !== true : !Array.isArray(value) || value.length === 0)
      return cloudflareError(400, 1012, `${form} is not valid`);
    return { status: 200, body: envelope({ id: REPLAY_PURGE_ID }) };
  }

  function answer(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
    body: string,
  ): ReplayResponse {
    const queued = faults.get(path)?.shift();
    if (queued) return queued;
    const byToken = headers.authorization === `Bearer ${token}`;
    const byKey = headers["x-auth-key"] === apiKey && headers["x-auth-email"] === email;
    if (!byToken && !byKey) return cloudflareError(403, 10000, "Authentication error");
    if (path === account) return { status: 200, body: envelope(fixture("account")) };
    if (path === `${BASE}/zones`) return paged(zones, query);
    const zone = ZONE.exec(path);
    if (zone && method === "PATCH") return editZone(zone[1]!, body);
    const purge = PURGE.exec(path);
    if (purge && method === "POST") return purgeCache(purge[1]!, body);
    if (/^\/client\/v4\/zones\/[0-9a-f]{32}\/dns_records$/.test(path))
      return paged(dnsRecords, query);
    const record = /^\/client\/v4\/zones\/[0-9a-f]{32}\/dns_records\/([0-9a-f]{32})$/.exec(path);
    if (record && method === "PATCH") return patchRecord(record[1]!, body);
    if (path === `${account}/workers/scripts`)
      return { status: 200, body: envelope(fixture("workers_scripts")) };
    if (path === `${account}/r2/buckets`) return r2Page(query);
    if (path === `${account}/pages/projects`)
      return paged(fixture("pages_projects") as unknown[], query);
    return cloudflareError(404, 7003, "Could not route to this path");
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://replay");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    const reply = answer(method, url.pathname, url.searchParams, req.headers, body);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${BASE}`,
    token,
    apiKey,
    email,
    requests,
    fail(path, ...responses) {
      faults.set(path, [...(faults.get(path) ?? []), ...responses]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

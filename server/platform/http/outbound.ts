import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { TLSSocket } from "node:tls";
import { isPrivateAddress } from "./private-addresses.ts";

/**
 * The one way server code calls out (webhooks now, connectors later). Outbound requests are
 * server-side request forgery vectors (SECURITY.md, Outbound requests): every call has a
 * deadline, a response size limit and a redirect limit, and in hosted mode refuses private
 * addresses after DNS resolution. The check runs inside the socket's own lookup, so the address
 * that was checked is the address connected to: a second, rebound answer never gets used.
 */

export type OutboundErrorCode =
  | "invalid_url"
  | "blocked_address"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "network";

export class OutboundError extends Error {
  readonly code: OutboundErrorCode;
  constructor(code: OutboundErrorCode, message: string) {
    super(message);
    this.name = "OutboundError";
    this.code = code;
  }
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For the whole exchange, redirects included. Default 10 s. */
  timeoutMs?: number;
  /** Longest response body read; a longer one fails the call. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Redirects followed (each hop checked again). Default 0: a 3xx is returned as it is. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** HTTPS only: false accepts a certificate that does not verify (uptime checks may ask). */
  rejectUnauthorized?: boolean;
}

/** The server certificate of an HTTPS answer, as read on the socket that answered. */
export interface PeerCertificate {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  /** Whether it verified against the trusted roots (and the host name). */
  isAuthorized: boolean;
  authorizationError: string | null;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after any redirects. */
  url: string;
  /** Set for https: the certificate of the last hop. */
  certificate?: PeerCertificate;
}

export interface OutboundHttp {
  request(url: string, options?: OutboundRequest): Promise<OutboundResponse>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin they were meant for. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

const refuse = (host: string, address: string) =>
  new OutboundError(
    "blocked_address",
    `${host} resolves to ${address}, a private or reserved address, which this instance does not call (GLASSPANE_BLOCK_PRIVATE_NETWORKS)`,
  );

/** A predicate naming the addresses a client must not reach. */
export type AddressPolicy = (address: string) => boolean;

/** dns.lookup that refuses the whole answer if any address in it is refused by the policy. */
export function makeGuardedLookup(isRefused: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => guardedLookupWith(isRefused, hostname, options, callback);
}

/** dns.lookup that refuses the whole answer if any address in it is private. */
export const guardedLookup: LookupFunction = makeGuardedLookup(isPrivateAddress);

function guardedLookupWith(
  isRefused: AddressPolicy,
  ...[hostname, options, callback]: Parameters<LookupFunction>
) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const bad = addresses.find((a) => isRefused(a.address));
    if (bad) return callback(refuse(hostname, bad.address), "", 0);
    const first = addresses[0];
    if (!first) return callback(new OutboundError("network", `${hostname} has no address`), "", 0);
    // Node's happy-eyeballs connect asks for every address; a plain connect asks for one.
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, first.address, first.family);
  });
}

/** `blockPrivate`: true refuses private addresses; a policy refuses what it names. */
export function parseTarget(raw: string, blockPrivate: boolean | AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("invalid_url", `Not a valid URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundError(
      "invalid_url",
      `Only http and https URLs can be called, not ${url.protocol}`,
    );
  if (url.username || url.password)
    throw new OutboundError("invalid_url", "URLs with a user name or password are not called");
  // A literal address skips the lookup hook, so it is checked here.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isRefused = policyOf(blockPrivate);
  if (isRefused && isIP(host) && isRefused(host)) throw refuse(host, host);
  return url;
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

interface Limits {
  maxBytes: number;
  signal: AbortSignal;
  lookup: LookupFunction | undefined;
  rejectUnauthorized: boolean;
}

interface Exchange {
  response: IncomingMessage;
  body: Buffer;
  certificate?: PeerCertificate;
}

function send(hop: Hop, limits: Limits): Promise<Exchange> {
  let onAbort = () => {};
  let certificate: PeerCertificate | undefined;
  const exchange = new Promise<Exchange>((resolve, reject) => {
    const transport = hop.url.protocol === "https:" ? https : http;
    const request = transport.request(hop.url, {
      method: hop.method,
      headers: {
        ...hop.headers,
        ...(hop.body !== undefined
          ? { "content-length": String(Buffer.byteLength(hop.body)) }
          : {}),
      },
      // A fresh connection per call: a pooled socket would skip the lookup (and its check).
      agent: false,
      lookup: limits.lookup,
      ...(hop.url.protocol === "https:" ? { rejectUnauthorized: limits.rejectUnauthorized } : {}),
    });
    request.on("socket", (socket) => {
      if (socket instanceof TLSSocket)
        socket.once("secureConnect", () => {
          certificate = readCertificate(socket);
        });
    });
    // A body that stops half way must fail at the deadline too, not hang on a quiet socket.
    onAbort = () => {
      reject(limits.signal.reason);
      request.destroy();
    };
    if (limits.signal.aborted) return onAbort();
    limits.signal.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => reject(limits.signal.aborted ? limits.signal.reason : error));
    request.on("response", (response) => {
      const declared = Number(response.headers["content-length"] ?? 0);
      if (declared > limits.maxBytes) {
        response.destroy();
        return reject(tooLarge(limits.maxBytes));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          response.destroy();
          reject(tooLarge(limits.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => resolve({ response, body: Buffer.concat(chunks), certificate }));
      response.on("error", (error) => reject(limits.signal.aborted ? limits.signal.reason : error));
    });
    request.end(hop.body);
  });
  return exchange.finally(() => limits.signal.removeEventListener("abort", onAbort));
}

function policyOf(blockPrivate: boolean | AddressPolicy): AddressPolicy | undefined {
  if (typeof blockPrivate === "function") return blockPrivate;
  return blockPrivate ? isPrivateAddress : undefined;
}

function readCertificate(socket: TLSSocket): PeerCertificate | undefined {
  const cert = socket.getPeerCertificate();
  if (!cert?.valid_to) return undefined;
  const name = (part: Record<string, string | string[]> | undefined) =>
    Object.entries(part ?? {})
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`)
      .join(", ");
  const error = socket.authorizationError;
  return {
    subject: name(cert.subject as unknown as Record<string, string>),
    issuer: name(cert.issuer as unknown as Record<string, string>),
    validFrom: new Date(cert.valid_from),
    validTo: new Date(cert.valid_to),
    isAuthorized: socket.authorized,
    authorizationError: error ? String(error) : null,
  };
}

const tooLarge = (max: number) =>
  new OutboundError("too_large", `The response is larger than ${max} bytes`);

/** The next hop of a redirect, as browsers do it: 303 (and 301/302 after POST) become GET. */
function redirectHop(hop: Hop, status: number, location: string): Hop {
  const url = new URL(location, hop.url);
  const toGet = status === 303 || ((status === 301 || status === 302) && hop.method === "POST");
  const headers = { ...hop.headers };
  if (url.origin !== hop.url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
  if (toGet) delete headers["content-type"];
  return {
    url,
    method: toGet ? "GET" : hop.method,
    headers,
    body: toGet ? undefined : hop.body,
  };
}

/** An outbound HTTP client bound to the instance's network policy. */
export function createOutboundHttp(options: {
  blockPrivateNetworks: boolean;
  /** Replaces the private-network rule: the addresses this client refuses (uptime checks). */
  refuseAddress?: AddressPolicy;
}): OutboundHttp {
  const blockPrivate: boolean | AddressPolicy =
    options.refuseAddress ?? options.blockPrivateNetworks;
  const isRefused = policyOf(blockPrivate);
  const lookup = isRefused ? makeGuardedLookup(isRefused) : undefined;
  return {
    async request(rawUrl, req = {}) {
      const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const maxRedirects = req.maxRedirects ?? 0;
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new OutboundError("timeout", `No answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onAbort = () => controller.abort(req.signal?.reason);
      req.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        const headers = Object.fromEntries(
          Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        );
        let hop: Hop = {
          url: parseTarget(rawUrl, blockPrivate),
          method: (req.method ?? "GET").toUpperCase(),
          headers: { "user-agent": "GlassPane", ...headers },
          body: req.body,
        };
        const limits: Limits = {
          maxBytes: req.maxResponseBytes ?? DEFAULT_MAX_BYTES,
          signal: controller.signal,
          lookup,
          rejectUnauthorized: req.rejectUnauthorized ?? true,
        };
        for (let redirects = 0; ; redirects++) {
          const { response, body, certificate } = await send(hop, limits);
          const status = response.statusCode ?? 0;
          const location = response.headers.location;
          if (!REDIRECTS.has(status) || !location || maxRedirects === 0)
            return {
              status,
              headers: response.headers,
              body,
              url: hop.url.toString(),
              ...(certificate ? { certificate } : {}),
            };
          if (redirects >= maxRedirects)
            throw new OutboundError("too_many_redirects", `More than ${maxRedirects} redirects`);
          hop = redirectHop(hop, status, location);
          parseTarget(hop.url.toString(), blockPrivate);
        }
      } catch (error) {
        if (error instanceof OutboundError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new OutboundError("network", message);
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener("abort", onAbort);
      }
    },
  };
}

/** Headers of a signed webhook. */
export const SIGNATURE_HEADER = "x-glasspane-signature";
export const TIMESTAMP_HEADER = "x-glasspane-timestamp";

/**
 * HMAC-SHA256 over `${timestamp}.${body}` in hex. Receivers recompute it with their copy of the
 * secret and compare in constant time; the timestamp (Unix seconds) lets them refuse replays.
 */
/** A new webhook signing secret: 256 random bits behind a prefix secret scanners can match. */
export function generateWebhookSecret(prefix = "gpwh_"): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The signature headers for a body sent now. */
export function webhookHeaders(secret: string, body: string, now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `v1=${signWebhook(secret, timestamp, body)}`,
  };
}

/** A receiver's check of a signature header (`v1=<hex>`), in constant time. */
export function verifyWebhook(
  secret: string,
  timestamp: string,
  body: string,
  signatureHeader: string,
): boolean {
  const given = /^v1=([0-9a-f]{64})$/.exec(signatureHeader)?.[1];
  if (!given) return false;
  const expected = signWebhook(secret, timestamp, body);
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex"));
}

/**
 * A webhook URL as shown back to people: its origin only. Paths of webhook URLs often carry
 * their credential (Slack, Discord, Zapier), so the whole URL is never returned after it is set.
 */
export function maskWebhookUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return "(invalid URL)";
  }
}

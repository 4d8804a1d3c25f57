import { sign } from "node:crypto";
import type { OutboundHttp, OutboundResponse } from "../../platform/http/outbound.ts";
import type { ConnectorContext } from "../types.ts";
import type { ServiceAccountKey } from "./credentials.ts";

/**
 * The access scope asked for. IAM roles on the projects are what limit the service account
 * (policy.ts); the scope only has to cover every API called, and the read-only variant is not
 * accepted by all of them (Compute Engine lists compute.readonly or cloud-platform).
 */
const SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Tokens live an hour; a new one is fetched this long before the old one expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** A 429 or 5xx, thrown so ctx.call retries it; carries the answer for when retries run out. */
export class RetryableStatus extends Error {
  readonly status: number;
  readonly response: OutboundResponse;
  constructor(response: OutboundResponse, label: string) {
    super(`${label} answered ${response.status}`);
    this.name = "GcpRetryableStatus";
    this.status = response.status;
    this.response = response;
  }
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * The JWT bearer grant of Google's "Using OAuth 2.0 for Server to Server Applications" (RFC 7523):
 * an RS256-signed assertion with the service account as issuer and the token URI as audience.
 */
export function signedAssertion(key: ServiceAccountKey, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = {
    alg: "RS256",
    typ: "JWT",
    ...(key.private_key_id ? { kid: key.private_key_id } : {}),
  };
  const claims = { iss: key.client_email, scope: SCOPE, aud: key.token_uri, iat, exp: iat + 3600 };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${base64url(sign("RSA-SHA256", Buffer.from(unsigned), key.private_key))}`;
}

/** The token endpoint's own words (`invalid_grant: Invalid JWT Signature.`), or its status. */
function tokenError(response: OutboundResponse): Error {
  let detail = "";
  try {
    const body = JSON.parse(response.body.toString("utf8")) as {
      error?: string;
      error_description?: string;
    };
    detail = [body.error, body.error_description].filter(Boolean).join(": ");
  } catch {
    // not JSON: the status is all there is
  }
  const hint =
    response.status === 400 || response.status === 401
      ? " Check that the key is current (not deleted or disabled) and the service account exists."
      : "";
  return Object.assign(
    new Error(
      `Google's token endpoint answered ${response.status}${detail ? `: ${detail}` : ""}.${hint}`,
    ),
    { statusCode: response.status },
  );
}

export interface TokenSource {
  /** A current access token, fetched (under ctx's limiter and retries) when none is. */
  accessToken(ctx: ConnectorContext): Promise<string>;
}

/**
 * Access tokens for one service-account key. Why not google-auth-library's JWT client: its token
 * exchange (gtoken) posts to https://oauth2.googleapis.com/token whatever the key's `token_uri`
 * says, so neither a sovereign cloud nor a private endpoint could be reached. The exchange goes
 * through the SSRF-guarded outbound client, since token_uri comes from a user-given file.
 */
export function createTokenSource(
  key: ServiceAccountKey,
  http: OutboundHttp,
  timeoutMs: number,
  clock: () => number = Date.now,
): TokenSource {
  let current: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function exchange(ctx: ConnectorContext): Promise<string> {
    const response = await ctx
      .call(`POST ${new URL(key.token_uri).pathname}`, async (signal) => {
        const answer = await http.request(key.token_uri, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
            assertion: signedAssertion(key, clock()),
          }).toString(),
          signal,
          timeoutMs,
        });
        if (answer.status === 429 || answer.status >= 500)
          throw new RetryableStatus(answer, "Google's token endpoint");
        return answer;
      })
      .catch((error: unknown) => {
        if (error instanceof RetryableStatus) return error.response;
        throw error;
      });
    if (response.status !== 200) throw tokenError(response);
    const body = JSON.parse(response.body.toString("utf8")) as {
      access_token?: string;
      expires_in?: number;
    };
    if (!body.access_token) throw new Error("Google's token endpoint answered without a token");
    current = {
      token: body.access_token,
      expiresAt: clock() + (body.expires_in ?? 3600) * 1000 - REFRESH_MARGIN_MS,
    };
    return body.access_token;
  }

  return {
    accessToken(ctx) {
      if (current && current.expiresAt > clock()) return Promise.resolve(current.token);
      // Scopes scanned at once share one exchange.
      pending ??= exchange(ctx).finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}

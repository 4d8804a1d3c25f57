import type { ConnectorContext } from "../types.ts";
import type { AwsCredentials } from "./credentials.ts";

export interface AwsSettings {
  credentials: AwsCredentials;
  endpoint: string | null;
  requestTimeoutMs?: number;
}

/** A per-request deadline: a stalled API call must fail (and be retried), not hang the scan. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 5_000;

/** Configuration common to every SDK client this connector makes. */
export function clientConfig(settings: AwsSettings, region: string) {
  const c = settings.credentials;
  if (c.method !== "access-keys")
    // Assume-role needs sts:AssumeRole (@aws-sdk/client-sts), not in this build's dependencies.
    throw new Error(
      "Assume-role connections are not available in this build yet; use access keys for now",
    );
  return {
    region,
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
    },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    // Retries are ours (ctx.call): one policy and one rate limiter across every provider.
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      // Without it the SDK only logs a warning at the deadline and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

interface Sendable {
  // biome-ignore lint/suspicious/noExplicitAny: SDK clients overload send per command type
  send(command: any, options?: any): Promise<any>;
}

/**
 * Routes every send of an SDK client (the SDK's paginators included) through ctx.call, so each
 * page is rate limited and retried on its own. A retry sends a fresh command built from the same
 * input: a command object collects middleware when sent and is not meant to be sent twice.
 */
export function guardClient<C extends Sendable>(
  client: C,
  ctx: ConnectorContext,
  label: string,
): C {
  const send = client.send.bind(client);
  client.send = (command: { input: unknown; constructor: unknown }, options?: object) =>
    ctx.call(`${label} ${(command.constructor as { name: string }).name}`, (signal) => {
      const Ctor = command.constructor as new (input: unknown) => unknown;
      return send(new Ctor(command.input), { ...options, abortSignal: signal });
    });
  return client;
}

/** AWS tag lists ({Key, Value}[]) as a plain map. */
export function tagsOf(
  list: { Key?: string; Value?: string }[] | undefined,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key) tags[t.Key] = t.Value ?? "";
  return tags;
}

export const isoOrNull = (d: Date | undefined | null) => (d ? d.toISOString() : null);

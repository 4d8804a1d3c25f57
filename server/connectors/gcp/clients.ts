import { DisksClient, InstancesClient, ZoneOperationsClient } from "@google-cloud/compute";
import { MetricServiceClient } from "@google-cloud/monitoring";
import { ServicesClient } from "@google-cloud/run";
import { SqlInstancesServiceClient } from "@google-cloud/sql";
import { Storage, type StorageOptions } from "@google-cloud/storage";
import type { OutboundHttp } from "../../platform/http/outbound.ts";
import type { ConnectorContext } from "../types.ts";
import type { TokenSource } from "./auth.ts";
import { createGcpFetch, gaxAuthClient, storageAuthClient } from "./transport.ts";

/** A stalled call must fail (and be retried), not hang the scan. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface GcpSettings {
  tokens: TokenSource;
  http: OutboundHttp;
  endpoint: string | null;
  universeDomain: string;
  requestTimeoutMs: number;
}

/**
 * gax options for a custom endpoint: one host (a private endpoint, an emulator, our tests) serves
 * every API, which works because their REST paths differ (/compute/v1, /v1/projects/…/instances,
 * /v2/…/services, /v3/…/timeSeries, /storage/v1).
 */
function endpointOptions(endpoint: string | null) {
  if (!endpoint) return {};
  const url = new URL(endpoint);
  const protocol = url.protocol.replace(":", "");
  return {
    apiEndpoint: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port || (protocol === "https" ? 443 : 80)),
    protocol,
  };
}

/**
 * The SDK clients of one scan (one connector context). The gax clients (compute, sql, run,
 * monitoring) use their REST transport, whose every request goes through createGcpFetch: the
 * SSRF-guarded outbound client, the rate limiter and the shared retry. Storage sends its own
 * requests (teeny-request), so its calls are wrapped in ctx.call one page at a time instead,
 * and its own retries are off.
 */
export function createGcpClients(settings: GcpSettings, ctx: ConnectorContext) {
  const fetch = createGcpFetch(settings.http, settings.tokens, ctx, settings.requestTimeoutMs);
  const common = {
    fallback: true,
    universeDomain: settings.universeDomain,
    authClient: gaxAuthClient(fetch, settings.tokens, ctx, settings.universeDomain),
    ...endpointOptions(settings.endpoint),
  };
  const storageByProject = new Map<string, Storage>();
  // The gax clients type authClient as google-auth-library's class; ours is the duck gax calls.
  const gax = common as unknown as ConstructorParameters<typeof InstancesClient>[0];
  return {
    instances: new InstancesClient(gax),
    disks: new DisksClient(gax),
    zoneOperations: new ZoneOperationsClient(gax),
    sql: new SqlInstancesServiceClient(gax),
    run: new ServicesClient(gax),
    monitoring: new MetricServiceClient(gax),
    storage(projectId: string): Storage {
      let storage = storageByProject.get(projectId);
      if (!storage) {
        storage = new Storage({
          projectId,
          universeDomain: settings.universeDomain,
          ...(settings.endpoint
            ? {
                apiEndpoint: settings.endpoint.replace(/\/+$/, ""),
                useAuthWithCustomEndpoint: true,
              }
            : {}),
          authClient: storageAuthClient(
            settings.tokens,
            ctx,
            settings.universeDomain,
            projectId,
          ) as unknown as StorageOptions["authClient"],
          retryOptions: { autoRetry: false, maxRetries: 0 },
        });
        storageByProject.set(projectId, storage);
      }
      return storage;
    },
  };
}
export type GcpClients = ReturnType<typeof createGcpClients>;

/**
 * Per-call options: gax's own retries off (no retryable codes), since the transport already
 * retried each request; retrying the call again would multiply attempts past the rate limiter.
 */
export const NO_GAX_RETRY = { retry: { retryCodes: [] as number[] } };

import { WebSiteManagementClient } from "@azure/arm-appservice";
import { ComputeManagementClient } from "@azure/arm-compute";
import { CostManagementClient } from "@azure/arm-costmanagement";
import { MonitorClient } from "@azure/arm-monitor";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SqlManagementClient } from "@azure/arm-sql";
import { StorageManagementClient } from "@azure/arm-storage";
import { ClientSecretCredential } from "@azure/identity";
import type { OutboundHttp } from "../../platform/http/outbound.ts";
import type { ConnectorContext } from "../types.ts";
import type { AzureCloud } from "./cloud.ts";
import type { AzureCredentials } from "./credentials.ts";
import { createAzureHttpClient } from "./http-client.ts";

/** A stalled ARM call must fail (and be retried), not hang the scan. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface AzureSettings {
  credentials: AzureCredentials;
  http: OutboundHttp;
  requestTimeoutMs: number;
}

/** The ARM SDK clients of one subscription. */
export interface AzureClients {
  compute: ComputeManagementClient;
  monitor: MonitorClient;
  costs: CostManagementClient;
  resources: ResourceManagementClient;
  sql: SqlManagementClient;
  storage: StorageManagementClient;
  web: WebSiteManagementClient;
}

/**
 * The SDK clients for one scan (one connector context): one credential, so the bearer token is
 * fetched once and shared by every scope of the scan, and one transport that routes every
 * request, the token's included, through ctx.call (rate limit + retry). SDK-internal retries
 * are off: retrying twice over would multiply attempts and ignore the shared rate limiter.
 */
export function createAzureClients(
  settings: AzureSettings,
  cloud: AzureCloud,
  ctx: ConnectorContext,
) {
  const httpClient = createAzureHttpClient(settings.http, {
    ctx,
    timeoutMs: settings.requestTimeoutMs,
  });
  const retryOptions = { maxRetries: 0 };
  const c = settings.credentials;
  const credential = new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, {
    authorityHost: cloud.authorityHost,
    // Instance discovery asks login.microsoftonline.com about the authority; a sovereign or
    // private cloud is not in its list, and its own OpenID metadata is what counts.
    disableInstanceDiscovery: cloud.authorityHost !== "https://login.microsoftonline.com",
    httpClient,
    retryOptions,
  });
  const common = {
    endpoint: cloud.resourceManager,
    httpClient,
    retryOptions,
    credentials: { scopes: [cloud.scope] },
    credentialScopes: [cloud.scope],
  };
  const bySubscription = new Map<string, AzureClients>();
  return {
    of(subscriptionId: string): AzureClients {
      let clients = bySubscription.get(subscriptionId);
      if (!clients) {
        clients = {
          compute: new ComputeManagementClient(credential, subscriptionId, common),
          monitor: new MonitorClient(credential, subscriptionId, common),
          costs: new CostManagementClient(credential, common),
          resources: new ResourceManagementClient(credential, subscriptionId, common),
          sql: new SqlManagementClient(credential, subscriptionId, common),
          storage: new StorageManagementClient(credential, subscriptionId, common),
          web: new WebSiteManagementClient(credential, subscriptionId, common),
        };
        bySubscription.set(subscriptionId, clients);
      }
      return clients;
    },
  };
}

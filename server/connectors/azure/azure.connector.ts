import type { Connector, ConnectorContext, ConnectorOptions, ScanScope } from "../types.ts";
import { azureResourceActions } from "./actions.ts";
import { type AzureSettings, createAzureClients, REQUEST_TIMEOUT_MS } from "./clients.ts";
import { type AzureCloud, resolveAzureCloud } from "./cloud.ts";
import { pullAzureCosts } from "./cost-management.ts";
import type { AzureCredentials } from "./credentials.ts";
import { withArmMessage } from "./errors.ts";
import { pullAzureVmMetrics } from "./monitor.ts";
import { AZURE_SERVICES } from "./services.ts";
import { azureResourceTags } from "./tags.ts";

/**
 * Azure Resource Manager through the official SDKs (@azure/arm-*, @azure/identity).
 *
 * A scope is one service of one subscription (`virtual-machines/<subscription>` in region
 * "global"): ARM lists each service for the whole subscription at once, so a region cannot fail
 * alone; a failed listing fails that service of that subscription only. Resources keep their own
 * location as region, and the connector's regions (if any) filter what is reported.
 */
export function createAzureConnector(options: ConnectorOptions<AzureCredentials>): Connector {
  const settings: AzureSettings = {
    credentials: options.credentials,
    http: options.http,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };
  const wanted = new Set(options.regions.map((r) => r.toLowerCase().replace(/\s+/g, "")));
  const isWanted = (region: string) =>
    wanted.size === 0 || region === "global" || wanted.has(region);

  let cloud: Promise<AzureCloud> | null = null;
  const cloudOf = (ctx: ConnectorContext) => {
    cloud ??= ctx
      .call("ARM cloud metadata", (signal) =>
        resolveAzureCloud(
          options.endpoint,
          options.credentials.authorityHost,
          options.http,
          signal,
        ),
      )
      .catch((error: unknown) => {
        cloud = null; // not kept: the next scope asks again
        throw error;
      });
    return cloud;
  };
  // One set of SDK clients (one credential, one token) per scan context.
  const clientsByScan = new WeakMap<
    ConnectorContext,
    Promise<ReturnType<typeof createAzureClients>>
  >();
  const clientsOf = (ctx: ConnectorContext) => {
    let clients = clientsByScan.get(ctx);
    if (!clients) {
      clients = cloudOf(ctx).then((c) => createAzureClients(settings, c, ctx));
      clientsByScan.set(ctx, clients);
    }
    return clients;
  };
  const subscriptions = options.credentials.subscriptionIds.map((s) => s.toLowerCase());

  /** Listing resource groups needs a token and the role on each subscription: it proves both. */
  async function testAll(ctx: ConnectorContext) {
    const clients = await clientsOf(ctx);
    let groups = 0;
    for (const subscription of subscriptions)
      for await (const _group of clients
        .of(subscription)
        .resources.resourceGroups.list({ abortSignal: ctx.signal }))
        groups++;
    const n = subscriptions.length;
    return {
      account: n === 1 ? subscriptions[0]! : options.credentials.tenantId.toLowerCase(),
      detail: `${n} subscription${n === 1 ? "" : "s"} readable, ${groups} resource group${groups === 1 ? "" : "s"}`,
    };
  }

  return {
    provider: "azure",
    async testConnection(ctx) {
      try {
        return await testAll(ctx);
      } catch (error) {
        throw withArmMessage(error);
      }
    },
    async scopes() {
      return subscriptions.flatMap((subscription) =>
        Object.keys(AZURE_SERVICES).map((service) => ({
          region: "global",
          service: `${service}/${subscription}`,
        })),
      );
    },
    async *scan(scope: ScanScope, ctx: ConnectorContext) {
      const [service, subscription] = scope.service.split("/");
      const scanService = service ? AZURE_SERVICES[service] : undefined;
      if (!scanService || !subscription || !subscriptions.includes(subscription))
        throw new Error(`Azure has no service "${scope.service}" to scan`);
      const clients = (await clientsOf(ctx)).of(subscription);
      try {
        // A resource group holds resources of any region: it is kept whatever its own location.
        for await (const item of scanService(clients, ctx.signal))
          if (item.type === "resource-group" || isWanted(item.region))
            yield { ...item, provider: "azure", account: subscription };
      } catch (error) {
        throw withArmMessage(error);
      }
    },
    async *pullMetrics(request, ctx) {
      const clients = await clientsOf(ctx);
      try {
        yield* pullAzureVmMetrics(
          (subscription) => clients.of(subscription).monitor,
          request.targets.filter((t) => subscriptions.includes(t.nativeId.split("/")[2] ?? "")),
          request.from,
          request.to,
          ctx,
        );
      } catch (error) {
        throw withArmMessage(error);
      }
    },
    async pullCosts(request, ctx) {
      const clients = await clientsOf(ctx);
      const files = [];
      try {
        for (const subscription of subscriptions)
          files.push(
            ...(await pullAzureCosts(clients.of(subscription).costs, subscription, request, ctx)),
          );
      } catch (error) {
        throw withArmMessage(error);
      }
      return files;
    },
    actions: azureResourceActions(clientsOf, subscriptions),
    tags: azureResourceTags(clientsOf),
  };
}

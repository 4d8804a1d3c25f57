import type {
  Connector,
  ConnectorContext,
  ConnectorOptions,
  DiscoveredResource,
  ScanScope,
} from "../types.ts";
import { digitalOceanResourceActions } from "./actions.ts";
import { createDigitalOceanClient, type DigitalOceanClient } from "./client.ts";
import type { DigitalOceanCredentials } from "./credentials.ts";
import { pullDigitalOceanInvoices } from "./invoices.ts";
import { pullDropletMetrics } from "./monitoring.ts";
import {
  mapDatabase,
  mapDomain,
  mapDomainRecord,
  mapDroplet,
  mapFirewall,
  mapKubernetesCluster,
  mapLoadBalancer,
  mapVolume,
  mapVpc,
} from "./normalise.ts";
import type { DoAccount, DoDomain, DoDomainRecord } from "./payloads.ts";
import { digitalOceanResourceTags } from "./tags.ts";

type Mapped = Omit<DiscoveredResource, "provider" | "account">;

/** A list endpoint and how one of its items maps into the resource model. */
interface ListService {
  path: string;
  key: string;
  map: (item: never) => Mapped;
}

/**
 * One scope per service. DigitalOcean's list endpoints answer for every region at once, so a
 * scope is a whole service (`region: "global"`), and a failed page fails that service only.
 */
const LIST_SERVICES: Record<string, ListService> = {
  droplets: { path: "/v2/droplets", key: "droplets", map: mapDroplet },
  volumes: { path: "/v2/volumes", key: "volumes", map: mapVolume },
  databases: { path: "/v2/databases", key: "databases", map: mapDatabase },
  load_balancers: { path: "/v2/load_balancers", key: "load_balancers", map: mapLoadBalancer },
  vpcs: { path: "/v2/vpcs", key: "vpcs", map: mapVpc },
  firewalls: { path: "/v2/firewalls", key: "firewalls", map: mapFirewall },
  kubernetes: {
    path: "/v2/kubernetes/clusters",
    key: "kubernetes_clusters",
    map: mapKubernetesCluster,
  },
};
const DNS_SERVICE = "domains";
export const DIGITALOCEAN_SERVICES = [...Object.keys(LIST_SERVICES), DNS_SERVICE];

/** The team's id when the token belongs to a team (resources are the team's), else the user's. */
function accountIdOf(body: DoAccount): { id: string; detail: string } {
  const account = body.account;
  const id = account?.team?.uuid || account?.uuid;
  if (!id) throw new Error("DigitalOcean's /v2/account answer has no account id");
  const who = account?.email ?? account?.name ?? id;
  const team = account?.team?.name ? `, team ${account.team.name}` : "";
  return { id, detail: `Signed in as ${who}${team}` };
}

async function* scanDomains(client: DigitalOceanClient, ctx: ConnectorContext) {
  for await (const domain of client.list<DoDomain>("/v2/domains", "domains", ctx)) {
    yield mapDomain(domain);
    const records = `/v2/domains/${encodeURIComponent(domain.name)}/records`;
    for await (const record of client.list<DoDomainRecord>(records, "domain_records", ctx))
      yield mapDomainRecord(domain.name, record);
  }
}

export function createDigitalOceanConnector(
  options: ConnectorOptions<DigitalOceanCredentials>,
): Connector {
  const client = createDigitalOceanClient({
    token: options.credentials.token,
    endpoint: options.endpoint,
    http: options.http,
  });
  const regions = new Set(options.regions);
  const isWanted = (region: string) =>
    regions.size === 0 || region === "global" || regions.has(region);
  let account: Promise<{ id: string; detail: string }> | null = null;
  const accountOf = (ctx: ConnectorContext) => {
    account ??= client
      .get<DoAccount>("/v2/account", ctx)
      .then(accountIdOf)
      .catch((error: unknown) => {
        // A failed lookup is not kept: the next scope asks again.
        account = null;
        throw error;
      });
    return account;
  };

  return {
    provider: "digitalocean",
    async testConnection(ctx) {
      const { id, detail } = await accountOf(ctx);
      return { account: id, detail };
    },
    async scopes() {
      return DIGITALOCEAN_SERVICES.map((service) => ({ region: "global", service }));
    },
    async *scan(scope: ScanScope, ctx: ConnectorContext) {
      const { id } = await accountOf(ctx);
      const list = LIST_SERVICES[scope.service];
      const items: AsyncIterable<Mapped> = list
        ? mapEach(client.list<never>(list.path, list.key, ctx), list.map)
        : scope.service === DNS_SERVICE
          ? scanDomains(client, ctx)
          : failUnknown(scope.service);
      for await (const item of items)
        if (isWanted(item.region)) yield { ...item, provider: "digitalocean", account: id };
    },
    actions: digitalOceanResourceActions(client),
    tags: digitalOceanResourceTags(client),
    pullMetrics(request, ctx) {
      return pullDropletMetrics(client, request.targets, request.from, request.to, ctx);
    },
    pullCosts(request, ctx) {
      return pullDigitalOceanInvoices(client, request, ctx);
    },
  };
}

async function* mapEach<T>(items: AsyncIterable<T>, map: (item: T) => Mapped) {
  for await (const item of items) yield map(item);
}

// biome-ignore lint/correctness/useYield: it only throws, as an iterable like the others.
async function* failUnknown(service: string): AsyncGenerator<Mapped> {
  throw new Error(`DigitalOcean has no service "${service}" to scan`);
}

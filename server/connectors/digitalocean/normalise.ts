import type { DiscoveredResource, RelationType } from "../types.ts";
import type {
  DoDatabaseCluster,
  DoDomain,
  DoDomainRecord,
  DoDroplet,
  DoFirewall,
  DoKubernetesCluster,
  DoLoadBalancer,
  DoRegion,
  DoVolume,
  DoVpc,
} from "./payloads.ts";

/**
 * DigitalOcean objects in the unified resource model.
 *
 * nativeId: DigitalOcean's own URN (`do:droplet:3164444`, `do:volume:<uuid>` — the form its
 * Projects API uses), so ids of different kinds never collide (a droplet and a DNS record can
 * share a number). Domain records have no URN; theirs is `do:domain:<zone>:record:<id>`.
 *
 * costResourceId: what DigitalOcean bills a resource under in its invoice items
 * (`GET /v2/customers/my/invoices/{uuid}`): `resource_id` (the droplet's number) for droplets,
 * `resource_uuid` for resources with a UUID. The invoice CSV that the cost importer reads today
 * carries neither, so its rows have no ResourceId yet; free resources (VPCs, firewalls, DNS)
 * have none at all.
 */

export const urn = {
  droplet: (id: number | string) => `do:droplet:${id}`,
  volume: (id: string) => `do:volume:${id}`,
  database: (id: string) => `do:dbaas:${id}`,
  loadBalancer: (id: string) => `do:loadbalancer:${id}`,
  vpc: (id: string) => `do:vpc:${id}`,
  firewall: (id: string) => `do:firewall:${id}`,
  domain: (name: string) => `do:domain:${name}`,
  domainRecord: (zone: string, id: number) => `do:domain:${zone}:record:${id}`,
  kubernetes: (id: string) => `do:kubernetes:${id}`,
};

/**
 * DigitalOcean tags are plain strings. The common `key:value` convention becomes a key and a
 * value; a plain tag becomes a key with an empty value. When one key appears with several
 * values (`k8s:<cluster id>` and `k8s:worker`), the values are kept, comma-joined in order.
 */
export function tagsOf(tags: readonly string[] | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const colon = tag.indexOf(":");
    const key = colon > 0 ? tag.slice(0, colon) : tag;
    const value = colon > 0 ? tag.slice(colon + 1) : "";
    const known = result[key];
    if (known === undefined || known === "") result[key] = value;
    else if (value !== "" && !known.split(",").includes(value)) result[key] = `${known},${value}`;
  }
  return result;
}

type Base = Omit<DiscoveredResource, "provider" | "account">;
type Relation = DiscoveredResource["relations"][number];

const dateOf = (value: string | undefined | null) => {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};
const regionOf = (region: DoRegion | string | undefined) =>
  (typeof region === "string" ? region : region?.slug) || "global";
const relations = (type: RelationType, ids: (string | null | undefined)[]): Relation[] =>
  ids.filter((id): id is string => Boolean(id)).map((targetNativeId) => ({ type, targetNativeId }));

export function mapDroplet(d: DoDroplet): Base {
  const v4 = d.networks?.v4 ?? [];
  return {
    nativeId: urn.droplet(d.id),
    type: "compute.vm",
    nativeType: "droplet",
    name: d.name ?? String(d.id),
    region: regionOf(d.region),
    state: d.status ?? null,
    tags: tagsOf(d.tags),
    createdAt: dateOf(d.created_at),
    costResourceId: String(d.id),
    attributes: {
      id: d.id,
      size: d.size_slug ?? null,
      vcpus: d.vcpus ?? null,
      memoryMiB: d.memory ?? null,
      diskGiB: d.disk ?? null,
      priceMonthly: d.size?.price_monthly ?? null,
      image: d.image?.slug ?? d.image?.name ?? null,
      distribution: d.image?.distribution ?? null,
      publicIpv4: v4.filter((n) => n.type === "public").map((n) => n.ip_address),
      privateIpv4: v4.filter((n) => n.type === "private").map((n) => n.ip_address),
      ipv6: (d.networks?.v6 ?? []).map((n) => n.ip_address),
      features: d.features ?? [],
      locked: d.locked ?? false,
    },
    relations: relations("member-of", [d.vpc_uuid && urn.vpc(d.vpc_uuid)]),
  };
}

export function mapVolume(v: DoVolume): Base {
  const droplets = v.droplet_ids ?? [];
  return {
    nativeId: urn.volume(v.id),
    type: "storage.volume",
    nativeType: "volume",
    name: v.name ?? v.id,
    region: regionOf(v.region),
    // The API has no status for volumes; attachment is what people ask about.
    state: droplets.length > 0 ? "attached" : "unattached",
    tags: tagsOf(v.tags),
    createdAt: dateOf(v.created_at),
    costResourceId: v.id,
    attributes: {
      sizeGiB: v.size_gigabytes ?? null,
      filesystem: v.filesystem_type || null,
      description: v.description || null,
      dropletIds: droplets,
      // The name every provider's volumes use for attachments (compliance, cleanup playbooks).
      attachedInstanceIds: droplets.map((id) => urn.droplet(id)),
    },
    relations: relations(
      "attached-to",
      droplets.map((id) => urn.droplet(id)),
    ),
  };
}

/** Connection passwords and URIs in the API's answer are never kept, only where to connect. */
export function mapDatabase(db: DoDatabaseCluster): Base {
  return {
    nativeId: urn.database(db.id),
    type: "db.instance",
    nativeType: "database_cluster",
    name: db.name ?? db.id,
    region: db.region || "global",
    state: db.status ?? null,
    tags: tagsOf(db.tags),
    createdAt: dateOf(db.created_at),
    costResourceId: db.id,
    attributes: {
      engine: db.engine ?? null,
      version: db.version ?? null,
      size: db.size ?? null,
      nodes: db.num_nodes ?? null,
      storageMiB: db.storage_size_mib ?? null,
      databases: db.db_names ?? [],
      host: db.connection?.host ?? null,
      port: db.connection?.port ?? null,
      ssl: db.connection?.ssl ?? null,
      maintenanceWindow: db.maintenance_window
        ? { day: db.maintenance_window.day ?? null, hour: db.maintenance_window.hour ?? null }
        : null,
    },
    relations: relations("member-of", [
      db.private_network_uuid && urn.vpc(db.private_network_uuid),
    ]),
  };
}

export function mapLoadBalancer(lb: DoLoadBalancer): Base {
  return {
    nativeId: urn.loadBalancer(lb.id),
    type: "network.lb",
    nativeType: "load_balancer",
    name: lb.name ?? lb.id,
    region: regionOf(lb.region),
    state: lb.status ?? null,
    tags: tagsOf(lb.tags),
    createdAt: dateOf(lb.created_at),
    costResourceId: lb.id,
    attributes: {
      ip: lb.ip || null,
      algorithm: lb.algorithm ?? null,
      size: lb.size ?? null,
      sizeUnit: lb.size_unit ?? null,
      lbType: lb.type ?? null,
      network: lb.network ?? null,
      targetTag: lb.tag || null,
      forwardingRules: (lb.forwarding_rules ?? []).map((r) => ({
        entry: `${r.entry_protocol}:${r.entry_port}`,
        target: `${r.target_protocol}:${r.target_port}`,
      })),
    },
    relations: [
      ...relations(
        "routes-to",
        (lb.droplet_ids ?? []).map((id) => urn.droplet(id)),
      ),
      ...relations("member-of", [lb.vpc_uuid && urn.vpc(lb.vpc_uuid)]),
    ],
  };
}

export function mapVpc(vpc: DoVpc): Base {
  return {
    nativeId: urn.vpc(vpc.id),
    type: "network.vpc",
    nativeType: "vpc",
    name: vpc.name ?? vpc.id,
    region: vpc.region || "global",
    state: null,
    tags: {},
    createdAt: dateOf(vpc.created_at),
    costResourceId: null,
    attributes: {
      ipRange: vpc.ip_range ?? null,
      isDefault: vpc.default ?? false,
      description: vpc.description || null,
    },
    relations: [],
  };
}

/**
 * Cloud firewalls are global. Their `tags` are not labels of the firewall but a selector: the
 * firewall applies to droplets carrying them, so they are kept as an attribute.
 */
export function mapFirewall(fw: DoFirewall): Base {
  const rule = (r: { protocol?: string; ports?: string }, peers?: { addresses?: string[] }) => ({
    protocol: r.protocol ?? null,
    ports: r.ports ?? null,
    addresses: peers?.addresses ?? [],
  });
  return {
    nativeId: urn.firewall(fw.id),
    type: "network.security-group",
    nativeType: "firewall",
    name: fw.name ?? fw.id,
    region: "global",
    state: fw.status ?? null,
    tags: {},
    createdAt: dateOf(fw.created_at),
    costResourceId: null,
    attributes: {
      inbound: (fw.inbound_rules ?? []).map((r) => rule(r, r.sources)),
      outbound: (fw.outbound_rules ?? []).map((r) => rule(r, r.destinations)),
      targetTags: fw.tags ?? [],
    },
    relations: relations(
      "attached-to",
      (fw.droplet_ids ?? []).map((id) => urn.droplet(id)),
    ),
  };
}

export function mapDomain(domain: DoDomain): Base {
  return {
    nativeId: urn.domain(domain.name),
    type: "dns.zone",
    nativeType: "domain",
    name: domain.name,
    region: "global",
    state: null,
    tags: {},
    createdAt: null,
    costResourceId: null,
    attributes: { ttl: domain.ttl ?? null },
    relations: [],
  };
}

export function mapDomainRecord(zone: string, r: DoDomainRecord): Base {
  const host = !r.name || r.name === "@" ? zone : `${r.name}.${zone}`;
  return {
    nativeId: urn.domainRecord(zone, r.id),
    type: "dns.record",
    nativeType: "domain_record",
    name: `${host} ${r.type ?? ""}`.trim(),
    region: "global",
    state: null,
    tags: {},
    createdAt: null,
    costResourceId: null,
    attributes: {
      zone,
      recordType: r.type ?? null,
      host,
      data: r.data ?? null,
      ttl: r.ttl ?? null,
      priority: r.priority ?? null,
      port: r.port ?? null,
      weight: r.weight ?? null,
    },
    relations: [{ type: "member-of", targetNativeId: urn.domain(zone) }],
  };
}

export function mapKubernetesCluster(k: DoKubernetesCluster): Base {
  const pools = k.node_pools ?? [];
  const nodeDroplets = pools.flatMap((p) => (p.nodes ?? []).map((n) => n.droplet_id));
  return {
    nativeId: urn.kubernetes(k.id),
    type: "k8s.cluster",
    nativeType: "kubernetes_cluster",
    name: k.name ?? k.id,
    region: k.region || "global",
    state: k.status?.state ?? null,
    tags: tagsOf(k.tags),
    createdAt: dateOf(k.created_at),
    costResourceId: k.id,
    attributes: {
      version: k.version ?? null,
      endpoint: k.endpoint ?? null,
      ipv4: k.ipv4 || null,
      highAvailability: k.ha ?? false,
      autoUpgrade: k.auto_upgrade ?? false,
      nodePools: pools.map((p) => ({
        name: p.name ?? null,
        size: p.size ?? null,
        count: p.count ?? null,
        autoScale: p.auto_scale ?? false,
      })),
    },
    relations: [
      ...relations("member-of", [k.vpc_uuid && urn.vpc(k.vpc_uuid)]),
      ...relations(
        "depends-on",
        nodeDroplets.map((id) => id && urn.droplet(id)),
      ),
    ],
  };
}

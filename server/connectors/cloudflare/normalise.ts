import type { RecordResponse } from "cloudflare/resources/dns/records";
import type { Project } from "cloudflare/resources/pages/projects/projects";
import type { Bucket } from "cloudflare/resources/r2/buckets/buckets";
import type { ScriptListResponse } from "cloudflare/resources/workers/scripts/scripts";
import type { Zone } from "cloudflare/resources/zones/zones";
import type { DiscoveredResource } from "../types.ts";

/**
 * Cloudflare objects in the unified resource model.
 *
 * nativeId: zones and DNS records have 32-hex ids of their own. Workers scripts and R2 buckets
 * are named, not numbered, and Pages projects are best known by name too, so theirs are
 * prefixed (`worker:<name>`, `r2:<name>`, `pages:<name>`) to never collide with an id.
 *
 * costResourceId: null. Cloudflare bills plans and usage per account or zone, and no Cloudflare
 * cost source writes a FOCUS ResourceId into the ledger yet; a link would point at nothing.
 *
 * Region: Cloudflare is global, except an R2 bucket's location hint (`wnam`, `weur`, …).
 */

type Base = Omit<DiscoveredResource, "provider" | "account">;

const dateOf = (value: string | null | undefined) => {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

/** DNS record tags are `name:value` strings (a plain `name` has an empty value). */
export function tagsOf(tags: readonly string[] | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const colon = tag.indexOf(":");
    if (colon > 0) result[tag.slice(0, colon)] = tag.slice(colon + 1);
    else result[tag] = "";
  }
  return result;
}

export function mapZone(zone: Zone): Base {
  return {
    nativeId: zone.id,
    type: "dns.zone",
    nativeType: "zone",
    name: zone.name,
    region: "global",
    state: zone.paused ? "paused" : (zone.status ?? null),
    tags: {},
    createdAt: dateOf(zone.created_on),
    costResourceId: null,
    attributes: {
      plan: zone.plan?.name ?? null,
      zoneType: zone.type ?? null,
      nameServers: zone.name_servers ?? [],
      originalRegistrar: zone.original_registrar ?? null,
      activatedOn: zone.activated_on ?? null,
      developmentMode: zone.development_mode ?? null,
    },
    relations: [],
  };
}

export function mapDnsRecord(zone: Zone, record: RecordResponse): Base {
  const content = "content" in record ? (record.content ?? null) : null;
  return {
    nativeId: record.id,
    type: "dns.record",
    nativeType: "dns_record",
    name: `${record.name} ${record.type}`,
    region: "global",
    state: null,
    tags: tagsOf(record.tags),
    createdAt: dateOf(record.created_on),
    costResourceId: null,
    attributes: {
      zone: zone.name,
      // The record's API path is under its zone: tag write-back needs it.
      zoneId: zone.id,
      recordType: record.type,
      host: record.name,
      content,
      // CAA, SRV, LOC … carry structured data instead of a content string.
      data: "data" in record ? (record.data ?? null) : null,
      ttl: record.ttl ?? null,
      proxied: record.proxied ?? null,
      priority: "priority" in record ? (record.priority ?? null) : null,
      comment: record.comment ?? null,
    },
    relations: [{ type: "member-of", targetNativeId: zone.id }],
  };
}

export function mapWorker(script: ScriptListResponse): Base {
  const name = script.id ?? "unnamed";
  return {
    nativeId: `worker:${name}`,
    type: "cdn.worker",
    nativeType: "workers_script",
    name,
    region: "global",
    state: null,
    tags: {},
    createdAt: dateOf(script.created_on),
    costResourceId: null,
    attributes: {
      modifiedOn: script.modified_on ?? null,
      usageModel: script.usage_model ?? null,
      placementMode: script.placement_mode ?? null,
      compatibilityDate: script.compatibility_date ?? null,
      handlers: script.handlers ?? [],
      logpush: script.logpush ?? null,
      tailConsumers: (script.tail_consumers ?? []).map((t) => t.service),
    },
    relations: (script.tail_consumers ?? []).map((t) => ({
      type: "depends-on" as const,
      targetNativeId: `worker:${t.service}`,
    })),
  };
}

export function mapBucket(bucket: Bucket): Base {
  const name = bucket.name ?? "unnamed";
  return {
    nativeId: `r2:${name}`,
    type: "storage.bucket",
    nativeType: "r2_bucket",
    name,
    region: bucket.location?.toLowerCase() ?? "global",
    state: null,
    tags: {},
    createdAt: dateOf(bucket.creation_date),
    costResourceId: null,
    attributes: {
      storageClass: bucket.storage_class ?? null,
      jurisdiction: bucket.jurisdiction ?? null,
    },
    relations: [],
  };
}

export function mapPagesProject(project: Project): Base {
  const deployment = project.latest_deployment;
  return {
    nativeId: `pages:${project.name}`,
    type: "cdn.pages",
    nativeType: "pages_project",
    name: project.name,
    region: "global",
    state: deployment?.latest_stage?.status ?? null,
    tags: {},
    createdAt: dateOf(project.created_on),
    costResourceId: null,
    attributes: {
      id: project.id ?? null,
      subdomain: project.subdomain ?? null,
      domains: project.domains ?? [],
      productionBranch: project.production_branch ?? null,
      latestDeployment: deployment
        ? {
            id: deployment.id ?? null,
            url: deployment.url ?? null,
            on: deployment.created_on ?? null,
          }
        : null,
    },
    relations: [],
  };
}

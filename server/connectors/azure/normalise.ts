import type { DiscoveredResource } from "../types.ts";

/**
 * Azure Resource Manager objects in the unified resource model.
 *
 * nativeId and costResourceId are the resource's ARM id in lower case. ARM ids are
 * case-insensitive and Azure writes them in mixed casings (`resourceGroups` and `resourcegroups`,
 * `Microsoft.Compute` and `microsoft.compute` in one file); Cost Management's FOCUS exports carry
 * ResourceId lower-cased (`/subscriptions/…/resourcegroups/…/providers/microsoft.storage/
 * storageaccounts/…`, see focus-sample-data), so the lower-case id is the one that links a resource
 * to its costs, and the one that lets a disk's `managedBy` find its VM whatever casing each API used.
 */
export type Mapped = Omit<DiscoveredResource, "provider" | "account">;

/** The fields every tracked ARM resource has. */
export interface ArmResource {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  tags?: Record<string, string>;
  kind?: string;
}

export const armId = (id: string) => id.toLowerCase();

/** `/subscriptions/<sub>/resourceGroups/<rg>` of a resource id, lower-cased; null if none. */
export function resourceGroupIdOf(id: string): string | null {
  const match = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)/i.exec(id);
  return match ? armId(`/subscriptions/${match[1]}/resourceGroups/${match[2]}`) : null;
}

/** The resource group's name as the resource's own id writes it. */
export function resourceGroupNameOf(id: string): string | null {
  return /\/resourcegroups\/([^/]+)/i.exec(id)?.[1] ?? null;
}

/** ARM writes regions as `eastus`; some services as `East US`. FOCUS RegionId is the former. */
export const regionOf = (location: string | undefined) =>
  location ? location.toLowerCase().replace(/\s+/g, "") : "global";

const isoOrNull = (d: Date | string | undefined | null) =>
  d ? (d instanceof Date ? d : new Date(d)) : null;

/** The fields every mapping shares: ids, names, region, tags, resource group relation. */
export function base(
  r: ArmResource & { id: string },
  type: string,
  state: string | null,
  createdAt: Date | string | undefined | null,
): Omit<Mapped, "attributes"> {
  const group = resourceGroupIdOf(r.id);
  return {
    nativeId: armId(r.id),
    region: regionOf(r.location),
    type,
    nativeType: r.type ?? "",
    name: r.name ?? r.id,
    state,
    tags: { ...(r.tags ?? {}) },
    createdAt: isoOrNull(createdAt),
    costResourceId: armId(r.id),
    relations: group ? [{ type: "member-of", targetNativeId: group }] : [],
  };
}

/** `PowerState/deallocated` → `deallocated`: the state Azure bills (or stops billing) by. */
export function powerStateOf(statuses: { code?: string }[] | undefined): string | null {
  const code = statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  return code ? code.slice("PowerState/".length) : null;
}

/**
 * App Service `kind` is a comma list: `app`, `app,linux`, `functionapp`, `functionapp,linux`,
 * `functionapp,workflowapp` (Logic Apps Standard). Function apps are functions; the rest sites.
 */
export function siteTypeOf(kind: string | undefined): "compute.function" | "compute.app" {
  const parts = (kind ?? "app").toLowerCase().split(",");
  return parts.includes("functionapp") ? "compute.function" : "compute.app";
}

import type { DiscoveredResource } from "../types.ts";

/**
 * Google Cloud resources in the unified resource model.
 *
 * nativeId is the resource's full resource name by name (`//compute.googleapis.com/projects/p/
 * zones/z/instances/web-1`): what the APIs use to point at each other (a disk's `users` are
 * instance URLs by name), so relations resolve. costResourceId is what the Cloud Billing detailed
 * export writes as `resource.global_name` (the costs importer's FOCUS ResourceId): the same form,
 * except that a VM instance is named by its numeric id there.
 */
export type Mapped = Omit<DiscoveredResource, "provider" | "account">;

/** `https://www.googleapis.com/compute/v1/projects/p/zones/z/disks/d` → `projects/p/zones/z/disks/d`. */
export function computePath(selfLink: string): string {
  const at = selfLink.indexOf("projects/");
  return at >= 0 ? selfLink.slice(at) : selfLink;
}

export const computeId = (selfLinkOrPath: string) =>
  `//compute.googleapis.com/${computePath(selfLinkOrPath)}`;

/** The last segment of a URL or path (`…/zones/us-central1-a` → `us-central1-a`). */
export const lastSegment = (value: string | null | undefined) =>
  value ? (value.split("/").pop() ?? value) : null;

/** The region of a zone (`us-central1-a` → `us-central1`); a region stays itself. */
export const regionOfZone = (zone: string) =>
  /^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone) ? zone.replace(/-[a-z]$/, "") : zone;

/**
 * Compute Engine's status in the words the other providers use: TERMINATED is a *stopped*
 * instance (its disks still billed), not a deleted one as on EC2.
 */
export function instanceStateOf(status: string | null | undefined): string | null {
  if (!status) return null;
  if (status === "TERMINATED") return "stopped";
  return status.toLowerCase();
}

/** RFC 3339 text (Compute writes offsets: 2024-01-02T03:04:05.678-08:00) or a protobuf Timestamp. */
export function timeOf(
  value:
    | string
    | { seconds?: number | string | Long | null; nanos?: number | null }
    | null
    | undefined,
): Date | null {
  if (!value) return null;
  if (typeof value === "string") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (value.seconds === null || value.seconds === undefined) return null;
  return new Date(Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6));
}
interface Long {
  toString(): string;
}

/** Labels as tags; Google allows only string values, absent means none. */
export const tagsOf = (labels: Record<string, string> | null | undefined) => ({
  ...(labels ?? {}),
});

import type Cloudflare from "cloudflare";
import type { RecordEditParams } from "cloudflare/resources/dns/records";
import type { ConnectorContext, ResourceTags, TagTarget } from "../types.ts";

/** Cloudflare's rule for the name part of a DNS record tag (`dns-records_tags` in its OpenAPI). */
const TAG_NAME = /^[A-Za-z0-9_-]+$/;

/** The connector's `call`: one SDK call under the rate limit and retries. */
export type Call = <T>(
  ctx: ConnectorContext,
  label: string,
  fn: (signal: AbortSignal) => Promise<T>,
) => Promise<T>;

/** `{ team: "edge", pinned: "" }` → `["team:edge", "pinned"]`, the API's `name:value` strings. */
export const tagStringsOf = (tags: Record<string, string>): string[] =>
  Object.entries(tags).map(([key, value]) => (value === "" ? key : `${key}:${value}`));

/**
 * DNS record tags through the records PATCH (Update DNS Record). Of what discovery lists, only
 * DNS records carry tags in Cloudflare's API: zones, R2 buckets and Pages projects have none, and
 * Workers tags belong to Workers for Platforms dispatch namespaces, not account scripts. The
 * PATCH sends the record's whole tag list, so a resent request lands the same list (retried on
 * throttling). The SDK types name, type and ttl as required on an edit: they are sent unchanged.
 */
export function cloudflareResourceTags(client: Cloudflare, call: Call): ResourceTags {
  return {
    // The API enforces the plan's own tag allowance and its answer is relayed; this bound only
    // keeps a request within reason.
    maxTags: 100,
    refusal(target) {
      if (target.type !== "dns.record")
        return `Cloudflare's API takes tags on DNS records only, not on ${target.type}`;
      if (typeof target.attributes.zoneId !== "string")
        return "This DNS record was discovered before Glass Pane kept its zone id; discover the connector again first";
      return null;
    },
    invalidTag(key) {
      if (!TAG_NAME.test(key))
        return "a Cloudflare tag name has letters, digits, _ and - only (the value may hold anything)";
      return null;
    },
    async write(target: TagTarget, change, ctx) {
      const tags: Record<string, string> = { ...target.tags, ...change.set };
      for (const key of change.remove) delete tags[key];
      const params = {
        zone_id: target.attributes.zoneId as string,
        name: target.attributes.host,
        type: target.attributes.recordType,
        ttl: target.attributes.ttl ?? 1,
        tags: tagStringsOf(tags),
      } as RecordEditParams;
      const label = `dns.records.edit ${target.name}`;
      const record = await call(ctx, label, (signal) =>
        client.dns.records.edit(target.nativeId, params, { signal }),
      );
      return { detail: `${target.name}: tags are now ${record.tags?.join(", ") || "none"}` };
    },
  };
}

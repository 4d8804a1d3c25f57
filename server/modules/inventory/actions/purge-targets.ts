import { z } from "zod";
import type { CachePurge } from "../../../connectors/types.ts";
import { invalid } from "../../../platform/errors.ts";

/**
 * Cloudflare takes at most 30 URLs (or prefixes) in one purge on Free, Pro and Business plans
 * (500 on Enterprise); the lower bound keeps one request valid on every plan.
 */
export const MAX_PURGE_URLS = 30;

/** An absolute http(s) URL, as a cache purge takes it. */
export const zPurgeUrl = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" }));

const zPurgeUrls = (what: string) =>
  z
    .array(zPurgeUrl)
    .min(1)
    .max(MAX_PURGE_URLS, `at most ${MAX_PURGE_URLS} ${what} in one purge`)
    .optional();

/** The fields of resources.purgeCache that narrow a purge; neither given: everything. */
export const zPurgeFields = {
  urls: zPurgeUrls("URLs").describe(
    "Exact URLs to purge (absolute http(s), under the zone's hostname); absent: everything",
  ),
  prefixes: zPurgeUrls("prefixes").describe(
    "URL prefixes to purge (absolute http(s), under the zone's hostname; Cloudflare Enterprise only)",
  ),
};

/** Whether `host` is the zone's apex or one of its subdomains. */
const isUnder = (host: string, zone: string) => host === zone || host.endsWith(`.${zone}`);

/**
 * Checks that every URL is under the zone's hostname, naming the first that is not
 * (`urls.2: https://other.org/ is not under example.com`), and returns what to purge.
 */
export function purgeTargetsOf(
  zoneName: string,
  input: { urls?: string[]; prefixes?: string[] },
): CachePurge {
  if (input.urls && input.prefixes)
    throw invalid("prefixes", "purge by URLs or by prefixes, not both in one call");
  const zone = zoneName.toLowerCase().replace(/\.$/, "");
  for (const field of ["urls", "prefixes"] as const)
    for (const [i, url] of (input[field] ?? []).entries()) {
      const parsed = new URL(url);
      if (!isUnder(parsed.hostname.replace(/\.$/, ""), zone))
        throw invalid(`${field}.${i}`, `${url} is not under the zone ${zoneName}`);
      if (field === "prefixes" && (parsed.search || parsed.hash))
        throw invalid(`${field}.${i}`, "a prefix has no query string or fragment");
    }
  return { files: input.urls ?? [], prefixes: input.prefixes ?? [] };
}

import type { ProviderDefinition } from "../types.ts";
import {
  CLOUDFLARE_TOKEN_POLICY,
  type CloudflareCredentials,
  describeCloudflareCredentials,
  ZCloudflareCredentials,
} from "./credentials.ts";

/** Cloudflare: zones and DNS records, Workers scripts, R2 buckets, Pages projects. */
export const cloudflareProvider: ProviderDefinition<CloudflareCredentials> = {
  provider: "cloudflare",
  label: "Cloudflare",
  zCredentials: ZCloudflareCredentials,
  describeCredentials: describeCloudflareCredentials,
  createConnector: async (options) =>
    (await import("./cloudflare.connector.ts")).createCloudflareConnector(options),
  // Cloudflare allows 1,200 requests per five minutes per user.
  rateLimit: { concurrency: 4, requestsPerSecond: 4, burst: 100 },
  policy: { format: "text", text: CLOUDFLARE_TOKEN_POLICY },
};

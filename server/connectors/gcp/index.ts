import type { ProviderDefinition } from "../types.ts";
import { describeGcpCredentials, type GcpCredentials, ZGcpCredentials } from "./credentials.ts";
import { GCP_DISCOVERY_POLICY } from "./policy.ts";

/**
 * Google Cloud: Compute Engine instances and persistent disks, Cloud SQL instances, Cloud Run
 * services and Cloud Storage buckets — per project, with a service-account key; Cloud Monitoring
 * CPU utilisation of the instances.
 */
export const gcpProvider: ProviderDefinition<GcpCredentials> = {
  provider: "gcp",
  label: "Google Cloud",
  zCredentials: ZGcpCredentials,
  describeCredentials: describeGcpCredentials,
  createConnector: async (options) =>
    (await import("./gcp.connector.ts")).createGcpConnector(options),
  // Compute Engine read requests are limited per project per minute (1,500 a minute by default,
  // "Rate quotas"); 10 a second leaves room for the user's own tools.
  rateLimit: { concurrency: 4, requestsPerSecond: 10, burst: 40 },
  policy: { format: "text", text: GCP_DISCOVERY_POLICY },
  pulls: ["metrics"],
};

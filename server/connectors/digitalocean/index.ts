import type { ProviderDefinition } from "../types.ts";
import {
  DIGITALOCEAN_TOKEN_POLICY,
  type DigitalOceanCredentials,
  describeDigitalOceanCredentials,
  ZDigitalOceanCredentials,
} from "./credentials.ts";

/**
 * DigitalOcean: droplets, volumes, managed databases, load balancers, VPCs, cloud firewalls,
 * domains and their records, Kubernetes clusters. Spaces (S3 API, separate keys) is not listed.
 * Pulls droplet metrics (Monitoring API) and invoices.
 */
export const digitaloceanProvider: ProviderDefinition<DigitalOceanCredentials> = {
  provider: "digitalocean",
  label: "DigitalOcean",
  zCredentials: ZDigitalOceanCredentials,
  describeCredentials: describeDigitalOceanCredentials,
  createConnector: async (options) =>
    (await import("./digitalocean.connector.ts")).createDigitalOceanConnector(options),
  // DigitalOcean allows 5,000 requests an hour and 250 a minute per token.
  rateLimit: { concurrency: 4, requestsPerSecond: 5000 / 3600, burst: 200 },
  policy: { format: "text", text: DIGITALOCEAN_TOKEN_POLICY },
  pulls: ["metrics", "costs"],
};

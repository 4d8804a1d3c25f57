import type { ProviderDefinition } from "../types.ts";
import {
  describeHostCredentials,
  HOST_ACCESS_POLICY,
  type HostCredentials,
  ZHostCredentials,
} from "./credentials.ts";

/**
 * On-prem and VPS hosts: SSH facts (OS, kernel, uptime, CPUs, memory, packages) with key auth,
 * and node_exporter, which the scrape job also collects metrics from (observability/scrape).
 */
export const hostProvider: ProviderDefinition<HostCredentials> = {
  provider: "host",
  label: "On-prem / VPS host (SSH)",
  zCredentials: ZHostCredentials,
  describeCredentials: describeHostCredentials,
  createConnector: async (options) =>
    (await import("./hosts.connector.ts")).createHostsConnector(options),
  // One host, one SSH connection at a time; sshd's MaxStartups is the limit that matters.
  rateLimit: { concurrency: 1, requestsPerSecond: 2, burst: 4 },
  policy: { format: "text", text: HOST_ACCESS_POLICY },
};

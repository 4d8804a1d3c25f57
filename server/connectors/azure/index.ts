import type { ProviderDefinition } from "../types.ts";
import {
  type AzureCredentials,
  describeAzureCredentials,
  ZAzureCredentials,
} from "./credentials.ts";
import { AZURE_DISCOVERY_ROLE_JSON } from "./policy.ts";

/**
 * Azure: resource groups, virtual machines (with power state), managed disks, SQL servers and
 * databases, App Service web and function apps, storage accounts — per subscription; Azure
 * Monitor metrics of the VMs.
 */
export const azureProvider: ProviderDefinition<AzureCredentials> = {
  provider: "azure",
  label: "Microsoft Azure",
  zCredentials: ZAzureCredentials,
  describeCredentials: describeAzureCredentials,
  createConnector: async (options) =>
    (await import("./azure.connector.ts")).createAzureConnector(options),
  // ARM allows 250 reads per subscription and principal in a token bucket refilled at 25/s
  // (Microsoft, "Understand how Azure Resource Manager throttles requests"); stay well under it.
  rateLimit: { concurrency: 4, requestsPerSecond: 10, burst: 50 },
  policy: { format: "json", text: AZURE_DISCOVERY_ROLE_JSON },
  pulls: ["metrics", "costs"],
};

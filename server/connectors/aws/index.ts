import type { ProviderDefinition } from "../types.ts";
import { type AwsCredentials, describeAwsCredentials, zAwsCredentials } from "./credentials.ts";
import { AWS_DISCOVERY_POLICY_JSON } from "./policy.ts";

export const awsProvider: ProviderDefinition<AwsCredentials> = {
  provider: "aws",
  label: "Amazon Web Services",
  zCredentials: zAwsCredentials,
  describeCredentials: describeAwsCredentials,
  createConnector: async (options) => (await import("./connector.ts")).createAwsConnector(options),
  // EC2's documented bucket for Describe* calls refills at 20/s; stay well under it.
  rateLimit: { concurrency: 4, requestsPerSecond: 10, burst: 20 },
  policy: { format: "json", text: AWS_DISCOVERY_POLICY_JSON },
  pulls: ["metrics", "costs"],
};

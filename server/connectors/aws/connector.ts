import {
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import type {
  Connector,
  ConnectorContext,
  ConnectorOptions,
  DiscoveredResource,
  ScanScope,
} from "../types.ts";
import { awsResourceActions } from "./actions.ts";
import { type AwsSettings, clientConfig, guardClient } from "./clients.ts";
import { pullCloudWatchMetrics } from "./cloudwatch.ts";
import { pullCostExplorer } from "./cost-explorer.ts";
import type { AwsCredentials } from "./credentials.ts";
import { scanEc2 } from "./ec2.ts";
import { scanS3 } from "./s3.ts";
import { scanElbv2, scanLambda, scanRds } from "./services.ts";
import { awsResourceTags } from "./tags.ts";

/** Services scanned per region; S3 is listed once for the account ("global"). */
export const AWS_REGIONAL_SERVICES = ["ec2", "rds", "lambda", "elbv2"] as const;
const HOME_REGION = "us-east-1";

/**
 * The account id. STS GetCallerIdentity would be the direct way but @aws-sdk/client-sts is not a
 * dependency; every region has a default security group whose OwnerId is the account.
 */
async function lookUpAccount(settings: AwsSettings, region: string, ctx: ConnectorContext) {
  const c = settings.credentials;
  if (c.method === "assume-role") return c.roleArn.split(":")[4] as string;
  const ec2 = guardClient(new EC2Client(clientConfig(settings, region)), ctx, "ec2 account");
  try {
    const out = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    const owner = out.SecurityGroups?.find((g) => g.OwnerId)?.OwnerId;
    if (!owner) throw new Error("Could not tell the AWS account id: no security group answered");
    return owner;
  } finally {
    ec2.destroy();
  }
}

async function listRegions(settings: AwsSettings, ctx: ConnectorContext): Promise<string[]> {
  const ec2 = guardClient(new EC2Client(clientConfig(settings, HOME_REGION)), ctx, "ec2 regions");
  try {
    const out = await ec2.send(new DescribeRegionsCommand({}));
    return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  } finally {
    ec2.destroy();
  }
}

/**
 * The AWS connector: EC2, RDS, Lambda and ELBv2 per region, S3 per account; CloudWatch metrics of
 * those resources and daily Cost Explorer costs.
 */
export function createAwsConnector(options: ConnectorOptions<AwsCredentials>): Connector {
  const settings: AwsSettings = {
    credentials: options.credentials,
    endpoint: options.endpoint,
    requestTimeoutMs: options.requestTimeoutMs,
  };
  let account: Promise<string> | undefined;
  const accountOf = (ctx: ConnectorContext) => {
    account ??= lookUpAccount(settings, options.regions[0] ?? HOME_REGION, ctx);
    // A failed lookup is not cached: the next scope asks again.
    account.catch(() => {
      account = undefined;
    });
    return account;
  };
  const regionsOf = async (ctx: ConnectorContext) =>
    options.regions.length > 0 ? options.regions : listRegions(settings, ctx);

  async function* scan(scope: ScanScope, ctx: ConnectorContext): AsyncIterable<DiscoveredResource> {
    const acct = await accountOf(ctx);
    const base = { provider: "aws" as const, account: acct };
    const { region, service } = scope;
    if (service === "s3") {
      for await (const r of scanS3(settings, ctx)) yield { ...r, ...base };
      return;
    }
    const source =
      service === "ec2"
        ? scanEc2(settings, region, ctx)
        : service === "rds"
          ? scanRds(settings, region, acct, ctx)
          : service === "lambda"
            ? scanLambda(settings, region, ctx)
            : service === "elbv2"
              ? scanElbv2(settings, region, ctx)
              : null;
    if (!source) throw new Error(`AWS has no scanner for service "${service}"`);
    for await (const r of source) yield { ...r, ...base, region };
  }

  return {
    provider: "aws",
    async testConnection(ctx) {
      const regions = await listRegions(settings, ctx);
      const acct = await accountOf(ctx);
      return { account: acct, detail: `Account ${acct}: ${regions.length} regions enabled` };
    },
    async scopes(ctx) {
      const regions = await regionsOf(ctx);
      return [
        ...regions.flatMap((region) =>
          AWS_REGIONAL_SERVICES.map((service) => ({ region, service })),
        ),
        { region: "global", service: "s3" },
      ];
    },
    scan,
    actions: awsResourceActions(settings),
    tags: awsResourceTags(settings),
    async *pullMetrics(request, ctx) {
      // One CloudWatch client per region: metrics live in the region of their resource.
      const byRegion = new Map<string, typeof request.targets>();
      for (const t of request.targets)
        byRegion.set(t.region, [...(byRegion.get(t.region) ?? []), t]);
      for (const [region, targets] of byRegion)
        yield* pullCloudWatchMetrics(settings, region, targets, request.from, request.to, ctx);
    },
    async pullCosts(request, ctx) {
      return pullCostExplorer(settings, await accountOf(ctx), request, ctx);
    },
  };
}

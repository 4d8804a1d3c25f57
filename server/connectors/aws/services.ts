import {
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { LambdaClient, paginateListFunctions } from "@aws-sdk/client-lambda";
import { paginateDescribeDBInstances, RDSClient } from "@aws-sdk/client-rds";
import type { ConnectorContext, DiscoveredResource } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient, tagsOf } from "./clients.ts";

export type Emit = Omit<DiscoveredResource, "provider" | "account" | "region">;

/** RDS DB instances of one region. */
export async function* scanRds(
  settings: AwsSettings,
  region: string,
  account: string,
  ctx: ConnectorContext,
): AsyncGenerator<Emit> {
  const client = guardClient(new RDSClient(clientConfig(settings, region)), ctx, `rds ${region}`);
  try {
    for await (const page of paginateDescribeDBInstances({ client, pageSize: 100 }, {}))
      for (const d of page.DBInstances ?? []) {
        if (!d.DBInstanceIdentifier) continue;
        // The CUR bills RDS under the instance ARN; older API versions did not return it.
        const arn =
          d.DBInstanceArn ?? `arn:aws:rds:${region}:${account}:db:${d.DBInstanceIdentifier}`;
        const vpcId = d.DBSubnetGroup?.VpcId;
        yield {
          nativeId: arn,
          type: "db.instance",
          nativeType: "AWS::RDS::DBInstance",
          name: d.DBInstanceIdentifier,
          state: d.DBInstanceStatus ?? null,
          tags: tagsOf(d.TagList),
          createdAt: d.InstanceCreateTime ?? null,
          costResourceId: arn,
          attributes: {
            engine: d.Engine ?? null,
            engineVersion: d.EngineVersion ?? null,
            instanceClass: d.DBInstanceClass ?? null,
            allocatedStorageGiB: d.AllocatedStorage ?? null,
            storageEncrypted: d.StorageEncrypted ?? false,
            multiAZ: d.MultiAZ ?? false,
            publiclyAccessible: d.PubliclyAccessible ?? false,
            availabilityZone: d.AvailabilityZone ?? null,
            endpoint: d.Endpoint?.Address ?? null,
          },
          relations: [
            ...(vpcId ? [{ type: "member-of" as const, targetNativeId: vpcId }] : []),
            ...(d.VpcSecurityGroups ?? []).flatMap((g) =>
              g.VpcSecurityGroupId
                ? [{ type: "member-of" as const, targetNativeId: g.VpcSecurityGroupId }]
                : [],
            ),
          ],
        };
      }
  } finally {
    client.destroy();
  }
}

/** Lambda functions of one region (tags need one call per function: not fetched, see report). */
export async function* scanLambda(
  settings: AwsSettings,
  region: string,
  ctx: ConnectorContext,
): AsyncGenerator<Emit> {
  const client = guardClient(
    new LambdaClient(clientConfig(settings, region)),
    ctx,
    `lambda ${region}`,
  );
  try {
    for await (const page of paginateListFunctions({ client, pageSize: 50 }, {}))
      for (const f of page.Functions ?? []) {
        if (!f.FunctionArn) continue;
        const vpcId = f.VpcConfig?.VpcId;
        yield {
          nativeId: f.FunctionArn,
          type: "compute.function",
          nativeType: "AWS::Lambda::Function",
          name: f.FunctionName ?? f.FunctionArn,
          state: f.State ?? "Active",
          tags: {},
          createdAt: null,
          costResourceId: f.FunctionArn,
          attributes: {
            runtime: f.Runtime ?? null,
            handler: f.Handler ?? null,
            memoryMiB: f.MemorySize ?? null,
            timeoutSeconds: f.Timeout ?? null,
            codeSizeBytes: f.CodeSize ?? null,
            architectures: f.Architectures ?? [],
            lastModified: f.LastModified ?? null,
          },
          relations: vpcId ? [{ type: "member-of", targetNativeId: vpcId }] : [],
        };
      }
  } finally {
    client.destroy();
  }
}

/** ELBv2 load balancers of one region, with their tags (DescribeTags takes 20 ARNs a call). */
export async function* scanElbv2(
  settings: AwsSettings,
  region: string,
  ctx: ConnectorContext,
): AsyncGenerator<Emit> {
  const client = guardClient(
    new ElasticLoadBalancingV2Client(clientConfig(settings, region)),
    ctx,
    `elbv2 ${region}`,
  );
  try {
    for await (const page of paginateDescribeLoadBalancers({ client, pageSize: 100 }, {})) {
      const lbs = (page.LoadBalancers ?? []).filter((lb) => lb.LoadBalancerArn);
      const tags = new Map<string, Record<string, string>>();
      for (let i = 0; i < lbs.length; i += 20) {
        const arns = lbs.slice(i, i + 20).map((lb) => lb.LoadBalancerArn as string);
        const out = await client.send(new DescribeTagsCommand({ ResourceArns: arns }));
        for (const d of out.TagDescriptions ?? [])
          if (d.ResourceArn) tags.set(d.ResourceArn, tagsOf(d.Tags));
      }
      for (const lb of lbs) {
        const arn = lb.LoadBalancerArn as string;
        yield {
          nativeId: arn,
          type: "network.lb",
          nativeType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
          name: lb.LoadBalancerName ?? arn,
          state: lb.State?.Code ?? null,
          tags: tags.get(arn) ?? {},
          createdAt: lb.CreatedTime ?? null,
          costResourceId: arn,
          attributes: {
            lbType: lb.Type ?? null,
            scheme: lb.Scheme ?? null,
            dnsName: lb.DNSName ?? null,
            availabilityZones: (lb.AvailabilityZones ?? []).map((z) => z.ZoneName ?? null),
          },
          relations: [
            ...(lb.VpcId ? [{ type: "member-of" as const, targetNativeId: lb.VpcId }] : []),
            ...(lb.SecurityGroups ?? []).map((g) => ({
              type: "member-of" as const,
              targetNativeId: g,
            })),
          ],
        };
      }
    }
  } finally {
    client.destroy();
  }
}

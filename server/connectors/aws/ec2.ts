import {
  DescribeAddressesCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import type { ConnectorContext, DiscoveredResource } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient, tagsOf } from "./clients.ts";

type Emit = Omit<DiscoveredResource, "provider" | "account" | "region">;
/**
 * The largest page each Describe call allows (EC2 API reference: MaxResults 5–1000, volumes up
 * to 500): pages are fetched one after another, so 10,000 instances are 10 round trips, not 100.
 */
const PAGE = 1000;
const VOLUME_PAGE = 500;

/** EC2 in one region: instances, volumes, security groups, VPCs and Elastic IPs. */
export async function* scanEc2(
  settings: AwsSettings,
  region: string,
  ctx: ConnectorContext,
): AsyncGenerator<Emit> {
  const client = guardClient(new EC2Client(clientConfig(settings, region)), ctx, `ec2 ${region}`);
  try {
    for await (const page of paginateDescribeInstances({ client, pageSize: PAGE }, {}))
      for (const reservation of page.Reservations ?? [])
        for (const i of reservation.Instances ?? []) {
          if (!i.InstanceId) continue;
          const tags = tagsOf(i.Tags);
          const volumes = (i.BlockDeviceMappings ?? []).flatMap((b) =>
            b.Ebs?.VolumeId ? [b.Ebs.VolumeId] : [],
          );
          yield {
            nativeId: i.InstanceId,
            type: "compute.vm",
            nativeType: "AWS::EC2::Instance",
            name: tags.Name || i.InstanceId,
            state: i.State?.Name ?? null,
            tags,
            createdAt: i.LaunchTime ?? null,
            costResourceId: i.InstanceId,
            attributes: {
              instanceType: i.InstanceType ?? null,
              imageId: i.ImageId ?? null,
              availabilityZone: i.Placement?.AvailabilityZone ?? null,
              privateIp: i.PrivateIpAddress ?? null,
              publicIp: i.PublicIpAddress ?? null,
              platform: i.Platform ?? i.PlatformDetails ?? null,
              architecture: i.Architecture ?? null,
              volumeIds: volumes,
              ownerId: reservation.OwnerId ?? null,
            },
            relations: [
              ...(i.VpcId ? [{ type: "member-of" as const, targetNativeId: i.VpcId }] : []),
              ...(i.SecurityGroups ?? []).flatMap((g) =>
                g.GroupId ? [{ type: "member-of" as const, targetNativeId: g.GroupId }] : [],
              ),
            ],
          };
        }

    for await (const page of paginateDescribeVolumes({ client, pageSize: VOLUME_PAGE }, {}))
      for (const v of page.Volumes ?? []) {
        if (!v.VolumeId) continue;
        const tags = tagsOf(v.Tags);
        const attachedTo = (v.Attachments ?? []).flatMap((a) =>
          a.InstanceId ? [a.InstanceId] : [],
        );
        yield {
          nativeId: v.VolumeId,
          type: "storage.volume",
          nativeType: "AWS::EC2::Volume",
          name: tags.Name || v.VolumeId,
          state: v.State ?? null,
          tags,
          createdAt: v.CreateTime ?? null,
          costResourceId: v.VolumeId,
          attributes: {
            sizeGiB: v.Size ?? null,
            volumeType: v.VolumeType ?? null,
            encrypted: v.Encrypted ?? false,
            iops: v.Iops ?? null,
            availabilityZone: v.AvailabilityZone ?? null,
            snapshotId: v.SnapshotId || null,
            attachedInstanceIds: attachedTo,
          },
          relations: attachedTo.map((id) => ({ type: "attached-to" as const, targetNativeId: id })),
        };
      }

    for await (const page of paginateDescribeSecurityGroups({ client, pageSize: PAGE }, {}))
      for (const g of page.SecurityGroups ?? []) {
        if (!g.GroupId) continue;
        const tags = tagsOf(g.Tags);
        yield {
          nativeId: g.GroupId,
          type: "network.security-group",
          nativeType: "AWS::EC2::SecurityGroup",
          name: g.GroupName ?? g.GroupId,
          state: null,
          tags,
          createdAt: null,
          costResourceId: null,
          attributes: {
            description: g.Description ?? null,
            ownerId: g.OwnerId ?? null,
            ingress: (g.IpPermissions ?? []).map((p) => ({
              protocol: p.IpProtocol ?? null,
              fromPort: p.FromPort ?? null,
              toPort: p.ToPort ?? null,
              cidrs: [
                ...(p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
                ...(p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
              ],
              groups: (p.UserIdGroupPairs ?? []).flatMap((u) => (u.GroupId ? [u.GroupId] : [])),
            })),
          },
          relations: g.VpcId ? [{ type: "member-of", targetNativeId: g.VpcId }] : [],
        };
      }

    for await (const page of paginateDescribeVpcs({ client, pageSize: PAGE }, {}))
      for (const v of page.Vpcs ?? []) {
        if (!v.VpcId) continue;
        const tags = tagsOf(v.Tags);
        yield {
          nativeId: v.VpcId,
          type: "network.vpc",
          nativeType: "AWS::EC2::VPC",
          name: tags.Name || v.VpcId,
          state: v.State ?? null,
          tags,
          createdAt: null,
          costResourceId: null,
          attributes: {
            cidrBlock: v.CidrBlock ?? null,
            isDefault: v.IsDefault ?? false,
            ownerId: v.OwnerId ?? null,
          },
          relations: [],
        };
      }

    // DescribeAddresses has no pagination: it returns every address of the region at once.
    const addresses = await client.send(new DescribeAddressesCommand({}));
    for (const a of addresses.Addresses ?? []) {
      const id = a.AllocationId ?? a.PublicIp;
      if (!id) continue;
      const tags = tagsOf(a.Tags);
      yield {
        nativeId: id,
        type: "network.ip",
        nativeType: "AWS::EC2::EIP",
        name: tags.Name || a.PublicIp || id,
        state: a.AssociationId || a.InstanceId ? "associated" : "unassociated",
        tags,
        createdAt: null,
        costResourceId: a.PublicIp ?? null,
        attributes: {
          publicIp: a.PublicIp ?? null,
          domain: a.Domain ?? null,
          instanceId: a.InstanceId || null,
          networkInterfaceId: a.NetworkInterfaceId ?? null,
        },
        relations: a.InstanceId ? [{ type: "attached-to", targetNativeId: a.InstanceId }] : [],
      };
    }
  } finally {
    client.destroy();
  }
}

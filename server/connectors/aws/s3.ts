import {
  GetBucketEncryptionCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  paginateListBuckets,
  S3Client,
} from "@aws-sdk/client-s3";
import type { ConnectorContext } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient, tagsOf } from "./clients.ts";
import type { Emit } from "./services.ts";

/** S3 answers "nothing configured" with these errors; they are answers, not failures. */
const ABSENT = new Set([
  "NoSuchTagSet",
  "NoSuchBucketPolicy",
  "ServerSideEncryptionConfigurationNotFoundError",
]);

async function orAbsent<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    const name = (error as { name?: string; Code?: string }).name;
    if (name && ABSENT.has(name)) return null;
    throw error;
  }
}

/** Every bucket of the account (S3 is global): location, tags, public policy, encryption. */
export async function* scanS3(
  settings: AwsSettings,
  ctx: ConnectorContext,
): AsyncGenerator<Emit & { region: string }> {
  const s3 = (region: string) =>
    guardClient(
      new S3Client({
        ...clientConfig(settings, region),
        // A custom endpoint (MinIO, LocalStack) serves buckets by path, not by host name.
        forcePathStyle: !!settings.endpoint,
        followRegionRedirects: true,
      }),
      ctx,
      `s3 ${region}`,
    );
  const client = s3("us-east-1");
  try {
    for await (const page of paginateListBuckets({ client, pageSize: 1000 }, {}))
      for (const b of page.Buckets ?? []) {
        if (!b.Name) continue;
        const Bucket = b.Name;
        const tagging = await orAbsent(client.send(new GetBucketTaggingCommand({ Bucket })));
        const policy = await orAbsent(client.send(new GetBucketPolicyStatusCommand({ Bucket })));
        const encryption = await orAbsent(client.send(new GetBucketEncryptionCommand({ Bucket })));
        const rules = encryption?.ServerSideEncryptionConfiguration?.Rules ?? [];
        const tags = tagsOf(tagging?.TagSet);
        yield {
          nativeId: Bucket,
          region: b.BucketRegion ?? "global",
          type: "storage.bucket",
          nativeType: "AWS::S3::Bucket",
          name: Bucket,
          state: null,
          tags,
          createdAt: b.CreationDate ?? null,
          costResourceId: Bucket,
          attributes: {
            isPublic: policy?.PolicyStatus?.IsPublic ?? false,
            encryption: rules[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
          },
          relations: [],
        };
      }
  } finally {
    client.destroy();
  }
}

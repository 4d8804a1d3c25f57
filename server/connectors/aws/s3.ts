import {
  type Bucket,
  GetBucketEncryptionCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  paginateListBuckets,
  S3Client,
} from "@aws-sdk/client-s3";
import { forEachConcurrent } from "../rate-limit.ts";
import type { ConnectorContext } from "../types.ts";
import { type AwsSettings, clientConfig, guardClient, tagsOf } from "./clients.ts";
import type { Emit } from "./services.ts";

/**
 * Buckets whose tags, policy status and encryption are read at once (each bucket's three reads
 * in turn, so at most this many requests are in flight). Every call still takes a token from the
 * connector's rate limiter (guardClient → ctx.call): this bounds concurrency, not the rate, and an
 * account of hundreds of buckets no longer waits on each round trip in turn.
 */
export const S3_BUCKET_CONCURRENCY = 8;

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
  /** One bucket's three reads, in the inventory's shape. */
  const describe = async (Bucket: string, listed: Bucket): Promise<Emit & { region: string }> => {
    const tagging = await orAbsent(client.send(new GetBucketTaggingCommand({ Bucket })));
    const policy = await orAbsent(client.send(new GetBucketPolicyStatusCommand({ Bucket })));
    const encryption = await orAbsent(client.send(new GetBucketEncryptionCommand({ Bucket })));
    const rules = encryption?.ServerSideEncryptionConfiguration?.Rules ?? [];
    return {
      nativeId: Bucket,
      region: listed.BucketRegion ?? "global",
      type: "storage.bucket",
      nativeType: "AWS::S3::Bucket",
      name: Bucket,
      state: null,
      tags: tagsOf(tagging?.TagSet),
      createdAt: listed.CreationDate ?? null,
      costResourceId: Bucket,
      attributes: {
        isPublic: policy?.PolicyStatus?.IsPublic ?? false,
        encryption: rules[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
      },
      relations: [],
    };
  };
  try {
    for await (const page of paginateListBuckets({ client, pageSize: 1000 }, {})) {
      const listed = (page.Buckets ?? []).filter((b) => b.Name);
      // Read concurrently, yielded in the listing's order: the scan's output does not change.
      const described: (Emit & { region: string })[] = new Array(listed.length);
      await forEachConcurrent(listed, S3_BUCKET_CONCURRENCY, async (b, i) => {
        described[i] = await describe(b.Name as string, b);
      });
      yield* described;
    }
  } finally {
    client.destroy();
  }
}

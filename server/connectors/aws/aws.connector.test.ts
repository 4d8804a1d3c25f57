import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AwsReplay, fullRegion, startAwsReplay } from "../../../test/support/aws-replay.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { ConnectorContext, DiscoveredResource, ScanScope } from "../types.ts";
import { createAwsConnector } from "./connector.ts";
import { zAwsCredentials } from "./credentials.ts";
import { awsProvider } from "./index.ts";
import { S3_BUCKET_CONCURRENCY } from "./s3.ts";

const KEYS = {
  method: "access-keys" as const,
  accessKeyId: "AKIAREPLAYTEST000001",
  secretAccessKey: "replay-secret-access-key-0123456789",
};
const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };

let replay: AwsReplay;
beforeAll(async () => {
  replay = await startAwsReplay({ regions: { "us-west-2": fullRegion() } });
});
afterAll(() => replay.close());
beforeEach(() => {
  replay.faults = [];
  replay.requests = [];
  replay.regions["us-west-2"] = fullRegion();
});

function connector(requestTimeoutMs?: number) {
  return createAwsConnector({
    credentials: KEYS,
    regions: ["us-west-2"],
    endpoint: replay.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
    requestTimeoutMs,
  });
}

const context = () =>
  createConnectorContext(AbortSignal.timeout(20_000), awsProvider.rateLimit, FAST_RETRY);

async function scanAll(scope: ScanScope, requestTimeoutMs?: number) {
  const found: DiscoveredResource[] = [];
  for await (const r of connector(requestTimeoutMs).scan(scope, context())) found.push(r);
  return found;
}

const ofType = (found: DiscoveredResource[], type: string) => found.filter((r) => r.type === type);

describe("AWS connector against replayed botocore payloads", () => {
  it("lists regional and global scopes, and tests the connection with the account id", async () => {
    const c = connector();
    const scopes = await c.scopes(context());
    expect(scopes).toContainEqual({ region: "us-west-2", service: "ec2" });
    expect(scopes).toContainEqual({ region: "global", service: "s3" });
    expect(scopes).toHaveLength(5);
    const test = await c.testConnection(context());
    expect(test.account).toBe("123456789012");
    // DescribeRegions of the botocore fixture lists the public regions.
    expect(test.detail).toMatch(/\d+ regions enabled/);
  });

  it("walks every page of EC2 and maps instances, volumes, groups, VPCs and addresses", async () => {
    const found = await scanAll({ region: "us-west-2", service: "ec2" });
    const instances = ofType(found, "compute.vm");
    expect(instances.map((i) => i.nativeId).sort()).toEqual(["i-78f1b94a", "i-fde9cece"]);
    const stopped = instances.find((i) => i.nativeId === "i-fde9cece")!;
    expect(stopped).toMatchObject({
      provider: "aws",
      account: "123456789012",
      region: "us-west-2",
      state: "stopped",
      costResourceId: "i-fde9cece",
      nativeType: "AWS::EC2::Instance",
    });
    expect(stopped.attributes.instanceType).toBe("m1.small");
    expect(stopped.createdAt?.toISOString()).toBe("2012-10-16T20:00:13.000Z");
    const volumes = ofType(found, "storage.volume");
    expect(volumes).toHaveLength(2);
    expect(volumes.find((v) => v.nativeId === "vol-bc71579a")?.relations).toEqual([
      { type: "attached-to", targetNativeId: "i-fde9cece" },
    ]);
    expect(ofType(found, "network.vpc").map((v) => v.nativeId)).toEqual(["vpc-8d2910e4"]);
    expect(ofType(found, "network.ip")).toHaveLength(3);
    expect(ofType(found, "network.security-group").length).toBeGreaterThan(1);
    // One item per page: the paginator followed nextToken to the second reservation.
    const pages = replay.requests.filter((r) => r.operation === "DescribeInstances");
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    // Signed with SigV4 by the SDK for the scope's region and service.
    expect(pages.every((p) => p.accessKeyId === KEYS.accessKeyId && p.service === "ec2")).toBe(
      true,
    );
  });

  it("maps RDS, Lambda, ELBv2 (with tags) and S3", async () => {
    const [rds] = await scanAll({ region: "us-west-2", service: "rds" });
    expect(rds).toMatchObject({
      type: "db.instance",
      name: "simcoprod01",
      nativeId: "arn:aws:rds:us-west-2:123456789012:db:simcoprod01",
      state: "available",
    });
    expect(rds?.attributes.storageEncrypted).toBe(false);
    const functions = await scanAll({ region: "us-west-2", service: "lambda" });
    expect(functions.map((f) => f.name).sort()).toEqual(["helloworld", "my-function"]);
    expect(replay.requests.filter((r) => r.operation === "ListFunctions")).toHaveLength(2);
    const [lb] = await scanAll({ region: "us-west-2", service: "elbv2" });
    expect(lb).toMatchObject({ type: "network.lb", state: "active", tags: { env: "production" } });
    const buckets = await scanAll({ region: "global", service: "s3" });
    expect(buckets.map((b) => b.name)).toEqual([
      "botostats",
      "bucket-1355863083",
      "elasticbeanstalk-us-east-1-419278470775",
    ]);
    expect(buckets[0]).toMatchObject({
      tags: {},
      attributes: { isPublic: false, encryption: null },
    });
  });

  it("retries throttling (RequestLimitExceeded, Throttling) and then succeeds", async () => {
    replay.faults = [
      { operation: "DescribeVolumes", fault: "throttle", times: 2 },
      { operation: "DescribeDBInstances", fault: "throttle", times: 1 },
    ];
    const found = await scanAll({ region: "us-west-2", service: "ec2" });
    expect(ofType(found, "storage.volume")).toHaveLength(2);
    expect(replay.requests.filter((r) => r.operation === "DescribeVolumes")).toHaveLength(2 + 2);
    expect(await scanAll({ region: "us-west-2", service: "rds" })).toHaveLength(1);
  });

  it("retries a 500 on a later page without losing the earlier pages", async () => {
    replay.faults = [{ operation: "DescribeInstances", page: 2, fault: "server-error", times: 1 }];
    const found = await scanAll({ region: "us-west-2", service: "ec2" });
    expect(ofType(found, "compute.vm")).toHaveLength(2);
  });

  it("retries a request that times out", async () => {
    replay.faults = [{ operation: "ListFunctions", fault: "hang", times: 1 }];
    const found = await scanAll({ region: "us-west-2", service: "lambda" }, 300);
    expect(found).toHaveLength(2);
  });

  it("fails the scope when errors persist past the retries", async () => {
    replay.faults = [{ operation: "DescribeVpcs", fault: "server-error", times: Infinity }];
    await expect(scanAll({ region: "us-west-2", service: "ec2" })).rejects.toThrow();
    expect(replay.requests.filter((r) => r.operation === "DescribeVpcs")).toHaveLength(4);
  });

  it("does not retry what retrying cannot fix", async () => {
    await expect(scanAll({ region: "us-west-2", service: "nosuch" })).rejects.toThrow(/no scanner/);
  });
});

describe("AWS credentials", () => {
  it("accepts access keys or assume-role with an external id, and names the bad field", () => {
    expect(zAwsCredentials.safeParse(KEYS).success).toBe(true);
    const role = zAwsCredentials.safeParse({
      method: "assume-role",
      roleArn: "arn:aws:iam::123456789012:role/GlassPaneReadOnly",
      externalId: "gp-7f3a9c",
      sourceAccessKeyId: "AKIAREPLAYTEST000002",
      sourceSecretAccessKey: "another-secret-access-key-0123",
    });
    expect(role.success).toBe(true);
    const bad = zAwsCredentials.safeParse({ ...KEYS, accessKeyId: "not a key" });
    expect(bad.error?.issues[0]?.path).toEqual(["accessKeyId"]);
  });

  it("masks the key id down to its last four characters", () => {
    expect(awsProvider.describeCredentials(KEYS)).toEqual({
      method: "access-keys",
      hint: "••••0001",
    });
    expect(JSON.parse(awsProvider.policy.text).Statement[0].Action).toContain(
      "ec2:DescribeInstances",
    );
  });
});

describe("S3 bucket details read concurrently", () => {
  let many: AwsReplay;
  /** 20 buckets named like the fixture's first, every third one tagged. */
  const names = Array.from({ length: 20 }, (_, i) => `bucket-${String(i).padStart(2, "0")}`);
  beforeAll(async () => {
    many = await startAwsReplay({ pageSize: 50 });
    const [first] = many.buckets;
    many.buckets = names.map((name) =>
      first!.replace(/<Name>[^<]*<\/Name>/, `<Name>${name}</Name>`),
    );
    for (const [i, name] of names.entries())
      if (i % 3 === 0) many.bucketTags[name] = { team: `t${i}`, env: "prod" };
  });
  afterAll(() => many.close());

  it("yields every bucket in listing order with its own tags, each call through the rate limiter", async () => {
    // The connector's real context, with a count of the calls that got past its limiter.
    const base = createConnectorContext(
      AbortSignal.timeout(20_000),
      awsProvider.rateLimit,
      FAST_RETRY,
    );
    let inFlight = 0;
    let peak = 0;
    let limited = 0;
    const ctx: ConnectorContext = {
      signal: base.signal,
      call: (label, fn) =>
        base.call(label, async (signal) => {
          limited++;
          peak = Math.max(peak, ++inFlight);
          try {
            return await fn(signal);
          } finally {
            inFlight--;
          }
        }),
    };
    const s3 = createAwsConnector({
      credentials: KEYS,
      regions: ["us-west-2"],
      endpoint: many.endpoint,
      http: createOutboundHttp({ blockPrivateNetworks: false }),
    });
    const found: DiscoveredResource[] = [];
    for await (const r of s3.scan({ region: "global", service: "s3" }, ctx)) found.push(r);

    expect(found.map((b) => b.name)).toEqual(names);
    expect(found.map((b) => b.tags)).toEqual(
      names.map((_, i) => (i % 3 === 0 ? { team: `t${i}`, env: "prod" } : {})),
    );
    // The account lookup, one ListBuckets, then three reads per bucket: each took a limiter token.
    const count = (operation: string) => many.requests.filter((r) => r.operation === operation);
    expect(count("ListBuckets")).toHaveLength(1);
    for (const read of ["GetBucketTagging", "GetBucketPolicyStatus", "GetBucketEncryption"])
      expect(count(read)).toHaveLength(names.length);
    expect(many.requests).toHaveLength(2 + 3 * names.length);
    expect(limited).toBe(many.requests.length);
    // Buckets were read side by side, never more at once than the bound.
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(S3_BUCKET_CONCURRENCY);
  });
});

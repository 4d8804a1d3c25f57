import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { answerEc2Action } from "./aws-replay-actions.ts";
import { FAULTS, type Fault, s3Error } from "./aws-replay-faults.ts";

export type { Fault };

/**
 * A local AWS endpoint that replays botocore's published wire payloads (test/fixtures/aws) to
 * the real SDK v3 clients: the SDK signs, paginates and parses as against AWS. Lists are cut into
 * pages of `pageSize` items with the service's own continuation token, per region the data set
 * gives. Faults are injected per request: throttling, 500s, hanging (a timeout), so the retry
 * and "partial scan deletes nothing" rules are tested against the SDK's real error parsing.
 */

const FIXTURES = path.join(import.meta.dirname, "../fixtures/aws");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");

/** The direct children `<tag>…</tag>` of an XML fragment, as strings (nesting-aware). */
export function childElements(xml: string, tag: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<${tag}(\\s[^>]*)?>|</${tag}>`, "g");
  let depth = 0;
  let start = -1;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    if (m[0].startsWith("</")) {
      depth -= 1;
      if (depth === 0) out.push(xml.slice(start, m.index + m[0].length));
    } else {
      if (depth === 0) start = m.index;
      depth += 1;
    }
  }
  return out;
}

/** A list response as template + items: the items go between `<listTag>` and `</listTag>`. */
interface ListPayload {
  head: string;
  tail: string;
  items: string[];
}

function listPayload(xml: string, listTag: string, itemTag: string): ListPayload {
  const openAt = xml.indexOf(`<${listTag}>`);
  const closeAt = xml.lastIndexOf(`</${listTag}>`);
  if (openAt < 0 || closeAt < 0) throw new Error(`no <${listTag}> in fixture`);
  const inner = xml.slice(openAt + listTag.length + 2, closeAt);
  return {
    head: xml.slice(0, openAt + listTag.length + 2),
    tail: xml.slice(closeAt),
    items: childElements(inner, itemTag),
  };
}

export const idOf = (item: string, tag: string) =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(item)?.[1] ?? "";

/** What one region serves: per operation the list items (XML strings, JSON for Lambda). */
export interface RegionData {
  DescribeInstances?: string[];
  DescribeVolumes?: string[];
  DescribeSecurityGroups?: string[];
  DescribeVpcs?: string[];
  DescribeAddresses?: string[];
  DescribeDBInstances?: string[];
  DescribeLoadBalancers?: string[];
  ListFunctions?: unknown[];
}

export const payloads = {
  instances: listPayload(fixture("ec2-describe-instances.xml"), "reservationSet", "item"),
  volumes: listPayload(fixture("ec2-describe-volumes.xml"), "volumeSet", "item"),
  securityGroups: listPayload(
    fixture("ec2-describe-security-groups.xml"),
    "securityGroupInfo",
    "item",
  ),
  vpcs: listPayload(fixture("ec2-describe-vpcs.xml"), "vpcSet", "item"),
  addresses: listPayload(fixture("ec2-describe-addresses.xml"), "addressesSet", "item"),
  regions: fixture("ec2-describe-regions.xml"),
  dbInstances: listPayload(fixture("rds-describe-db-instances.xml"), "DBInstances", "DBInstance"),
  loadBalancers: listPayload(
    fixture("elbv2-describe-load-balancers.xml"),
    "LoadBalancers",
    "member",
  ),
  buckets: listPayload(fixture("s3-list-buckets.xml"), "Buckets", "Bucket"),
  functions: JSON.parse(fixture("lambda-list-functions.json")) as { Functions: unknown[] },
};

/** Every fixture item, as served for one region. */
export function fullRegion(): RegionData {
  return {
    DescribeInstances: [...payloads.instances.items],
    DescribeVolumes: [...payloads.volumes.items],
    DescribeSecurityGroups: [...payloads.securityGroups.items],
    DescribeVpcs: [...payloads.vpcs.items],
    DescribeAddresses: [...payloads.addresses.items],
    DescribeDBInstances: [...payloads.dbInstances.items],
    DescribeLoadBalancers: [...payloads.loadBalancers.items],
    ListFunctions: [...payloads.functions.Functions],
  };
}

export interface FaultRule {
  region?: string;
  /** Operation name (DescribeVolumes, ListFunctions, ListBuckets…). */
  operation?: string;
  /** Only the nth page (1-based) of the operation. */
  page?: number;
  fault: Fault;
  /** How many matching requests fail; then the rule is spent. Infinity: all of them. */
  times: number;
}

export interface ReplayRequest {
  region: string;
  service: string;
  operation: string;
  accessKeyId: string;
  page: number;
  /** The form parameters of a query-protocol request (EC2, RDS, ELB). */
  params?: URLSearchParams;
}

export interface AwsReplay {
  endpoint: string;
  regions: Record<string, RegionData>;
  buckets: string[];
  /** Tag sets GetBucketTagging answers with, by bucket; other buckets have none (NoSuchTagSet). */
  bucketTags: Record<string, Record<string, string>>;
  faults: FaultRule[];
  requests: ReplayRequest[];
  close(): Promise<void>;
}

const AUTH =
  /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}/;

function pageOf<T>(items: T[], token: string | null, size: number) {
  const page = token ? Number(/^page-(\d+)$/.exec(token)?.[1] ?? "NaN") : 1;
  if (!Number.isInteger(page) || page < 1) throw new Error(`bad token ${token}`);
  const slice = items.slice((page - 1) * size, page * size);
  const next = page * size < items.length ? `page-${page + 1}` : null;
  return { page, slice, next };
}

/** Inserts `<tag>value</tag>` before the last occurrence of `</before>`. */
function inject(xml: string, before: string, tag: string, value: string | null) {
  if (!value) return xml;
  const at = xml.lastIndexOf(`</${before}>`);
  return `${xml.slice(0, at)}<${tag}>${value}</${tag}>${xml.slice(at)}`;
}

export interface Answer {
  status: number;
  body: string;
  type: string;
}

export type JsonAnswerer = (
  target: string,
  body: string,
) => { operation: string; page: number; answer: Answer };

/** Starts the replay server on a random loopback port. */
export async function startAwsReplay(
  options: {
    regions?: Record<string, RegionData>;
    buckets?: string[];
    pageSize?: number;
    /** Added before every answer, as a distant API region would (benchmarks). */
    latencyMs?: number;
    /** Answers awsJson calls (X-Amz-Target): CloudWatch, Cost Explorer (aws-pull-replay.ts). */
    answerJson?: JsonAnswerer;
  } = {},
): Promise<AwsReplay> {
  const pageSize = options.pageSize ?? 1;
  const replay: AwsReplay = {
    endpoint: "",
    regions: options.regions ?? { "us-west-2": fullRegion() },
    buckets: options.buckets ?? payloads.buckets.items.slice(0, 3),
    bucketTags: {},
    faults: [],
    requests: [],
    close: async () => {},
  };
  const xml = (body: string): Answer => ({ status: 200, body, type: "text/xml" });
  let snapshots = 0;

  function listXml(
    payload: ListPayload,
    items: string[],
    token: string | null,
    tokenTag: string,
    tokenParent: string,
    size = pageSize,
  ) {
    const { page, slice, next } = pageOf(items, token, size);
    const body = inject(
      `${payload.head}${slice.join("")}${payload.tail}`,
      tokenParent,
      tokenTag,
      next,
    );
    return { page, answer: xml(body) };
  }

  function answerQuery(region: string, params: URLSearchParams): { page: number; answer: Answer } {
    const data = replay.regions[region] ?? {};
    const action = params.get("Action") ?? "";
    const token = params.get("NextToken") ?? params.get("Marker");
    // AWS never answers more than the page size the client asked for (MaxResults, MaxRecords,
    // PageSize): a connector asking for small pages pays one round trip per page, as it would.
    const asked = Number(
      params.get("MaxResults") ?? params.get("MaxRecords") ?? params.get("PageSize"),
    );
    const size = asked > 0 ? Math.min(pageSize, asked) : pageSize;
    switch (action) {
      case "DescribeRegions":
        return { page: 1, answer: xml(payloads.regions) };
      case "DescribeInstances":
        return listXml(
          payloads.instances,
          data.DescribeInstances ?? [],
          token,
          "nextToken",
          "DescribeInstancesResponse",
          size,
        );
      case "DescribeVolumes":
        return listXml(
          payloads.volumes,
          data.DescribeVolumes ?? [],
          token,
          "nextToken",
          "DescribeVolumesResponse",
          size,
        );
      case "DescribeSecurityGroups":
        return listXml(
          payloads.securityGroups,
          data.DescribeSecurityGroups ?? [],
          token,
          "nextToken",
          "DescribeSecurityGroupsResponse",
          size,
        );
      case "DescribeVpcs":
        return listXml(
          payloads.vpcs,
          data.DescribeVpcs ?? [],
          token,
          "nextToken",
          "DescribeVpcsResponse",
          size,
        );
      case "DescribeAddresses": {
        const p = payloads.addresses;
        return {
          page: 1,
          answer: xml(`${p.head}${(data.DescribeAddresses ?? []).join("")}${p.tail}`),
        };
      }
      case "DescribeDBInstances":
        return listXml(
          payloads.dbInstances,
          data.DescribeDBInstances ?? [],
          token,
          "Marker",
          "DescribeDBInstancesResult",
          size,
        );
      case "DescribeLoadBalancers":
        return listXml(
          payloads.loadBalancers,
          data.DescribeLoadBalancers ?? [],
          token,
          "NextMarker",
          "DescribeLoadBalancersResult",
          size,
        );
      case "DescribeTags": {
        const arns = [...params.entries()]
          .filter(([k]) => k.startsWith("ResourceArns.member."))
          .map(([, v]) => v);
        const members = arns
          .map(
            (arn) =>
              `<member><ResourceArn>${arn}</ResourceArn><Tags><member><Key>env</Key><Value>production</Value></member></Tags></member>`,
          )
          .join("");
        return {
          page: 1,
          answer: xml(
            `<DescribeTagsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeTagsResult><TagDescriptions>${members}</TagDescriptions></DescribeTagsResult><ResponseMetadata><RequestId>replay</RequestId></ResponseMetadata></DescribeTagsResponse>`,
          ),
        };
      }
      default: {
        const done = answerEc2Action(
          action,
          params,
          () => `snap-${(++snapshots).toString(16).padStart(8, "0")}`,
        );
        if (done) return { page: 1, answer: xml(done) };
        return {
          page: 1,
          answer: {
            status: 400,
            type: "text/xml",
            body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>replay does not serve ${action}</Message></Error></ErrorResponse>`,
          },
        };
      }
    }
  }

  function answerRest(
    region: string,
    url: URL,
  ): { operation: string; page: number; answer: Answer } {
    if (url.pathname.startsWith("/2015-03-31/functions")) {
      const { page, slice, next } = pageOf(
        replay.regions[region]?.ListFunctions ?? [],
        url.searchParams.get("Marker"),
        pageSize,
      );
      return {
        operation: "ListFunctions",
        page,
        answer: {
          status: 200,
          type: "application/json",
          body: JSON.stringify({ Functions: slice, NextMarker: next }),
        },
      };
    }
    const [, bucket] = url.pathname.split("/");
    if (!bucket) {
      const { page, answer } = listXml(
        payloads.buckets,
        replay.buckets,
        url.searchParams.get("continuation-token"),
        "ContinuationToken",
        "ListAllMyBucketsResult",
      );
      return { operation: "ListBuckets", page, answer };
    }
    const q = url.searchParams;
    const missing = (operation: string, code: string) => ({
      operation,
      page: 1,
      answer: { status: 404, type: "application/xml", body: s3Error(code, "not configured") },
    });
    const tags = replay.bucketTags[bucket];
    if (q.has("tagging") && tags) {
      // GetBucketTagging's answer as the S3 API reference gives it.
      const tagSet = Object.entries(tags)
        .map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`)
        .join("");
      const body = `<?xml version="1.0" encoding="UTF-8"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>${tagSet}</TagSet></Tagging>`;
      return { operation: "GetBucketTagging", page: 1, answer: xml(body) };
    }
    if (q.has("tagging")) return missing("GetBucketTagging", "NoSuchTagSet");
    if (q.has("policyStatus")) return missing("GetBucketPolicyStatus", "NoSuchBucketPolicy");
    if (q.has("encryption"))
      return missing("GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError");
    return missing("Unknown", "NotImplemented");
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const auth = AUTH.exec(String(req.headers.authorization ?? ""));
      if (!auth) {
        res.writeHead(403, { "content-type": "text/xml" });
        res.end(s3Error("MissingAuthenticationToken", "request is not SigV4-signed"));
        return;
      }
      const [, accessKeyId = "", region = "", service = ""] = auth;
      const url = new URL(req.url ?? "/", "http://replay");
      const body = Buffer.concat(chunks).toString("utf8");
      let result: { operation: string; page: number; answer: Answer };
      let query: URLSearchParams | undefined;
      const target = req.headers["x-amz-target"];
      if (typeof target === "string" && options.answerJson)
        result = options.answerJson(target, body);
      else if (
        req.method === "POST" &&
        String(req.headers["content-type"]).includes("x-www-form-urlencoded")
      ) {
        const params = new URLSearchParams(body);
        result = { operation: params.get("Action") ?? "", ...answerQuery(region, params) };
        query = params;
      } else result = answerRest(region, url);
      replay.requests.push({
        region,
        service,
        operation: result.operation,
        accessKeyId,
        page: result.page,
        ...(query ? { params: query } : {}),
      });
      const rule = replay.faults.find(
        (f) =>
          f.times > 0 &&
          (!f.region || f.region === region) &&
          (!f.operation || f.operation === result.operation) &&
          (!f.page || f.page === result.page),
      );
      if (rule) {
        rule.times -= 1;
        if (rule.fault === "hang") return; // never answers: the SDK's request timeout fires
        const e = FAULTS[rule.fault](service);
        res.writeHead(e.status, e.headers);
        res.end(e.body);
        return;
      }
      const send = () => {
        res.writeHead(result.answer.status, { "content-type": result.answer.type });
        res.end(result.answer.body);
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  replay.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  replay.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return replay;
}

import { APIError } from "cloudflare";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { Connector, DiscoveredResource } from "../types.ts";
import {
  type CloudflareCredentials,
  describeCloudflareCredentials,
  ZCloudflareCredentials,
} from "./credentials.ts";
import { cloudflareProvider } from "./index.ts";
import {
  type CloudflareReplay,
  cloudflareError,
  REPLAY_ACCOUNT_ID,
  startCloudflareReplay,
} from "./replay.testing.ts";

const RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const context = () =>
  createConnectorContext(
    new AbortController().signal,
    { concurrency: 4, requestsPerSecond: 1000, burst: 1000 },
    RETRY,
  );
const RECORD_TYPES = 20; // one example record per type in the schemas' oneOf

let replay: CloudflareReplay;
const running: CloudflareReplay[] = [];
async function start(options?: Parameters<typeof startCloudflareReplay>[0]) {
  replay = await startCloudflareReplay(options);
  running.push(replay);
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

function connector(credentials?: CloudflareCredentials, regions: string[] = []) {
  return cloudflareProvider.createConnector({
    credentials: credentials ?? {
      method: "api-token",
      accountId: REPLAY_ACCOUNT_ID,
      token: replay.token,
    },
    regions,
    endpoint: replay.url,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
  });
}

async function scan(
  service: string,
  opening: Connector | Promise<Connector> = connector(),
): Promise<DiscoveredResource[]> {
  const c = await opening;
  const found: DiscoveredResource[] = [];
  for await (const r of c.scan({ region: "global", service }, context())) found.push(r);
  return found;
}

const apiPaths = () => replay.requests.map((r) => r.path.replace("/client/v4", ""));

describe("Cloudflare connector: the official SDK against the OpenAPI examples", () => {
  it("tests the connection with the API token as a Bearer header", async () => {
    await start();
    expect(await (await connector()).testConnection(context())).toEqual({
      account: REPLAY_ACCOUNT_ID,
      detail: "Account Demo Account",
    });
    expect(replay.requests[0]?.headers.authorization).toBe(`Bearer ${replay.token}`);
  });

  it("authenticates with a Global API key and e-mail instead, without a Bearer header", async () => {
    await start();
    const c = await connector({
      method: "global-key",
      accountId: REPLAY_ACCOUNT_ID,
      email: replay.email,
      apiKey: replay.apiKey,
    });
    await c.testConnection(context());
    const headers = replay.requests[0]?.headers;
    expect(headers?.["x-auth-key"]).toBe(replay.apiKey);
    expect(headers?.["x-auth-email"]).toBe(replay.email);
    expect(headers?.authorization).toBeUndefined();
  });

  it("refuses a wrong token at once with Cloudflare's message", async () => {
    await start();
    const c = await connector({
      method: "api-token",
      accountId: REPLAY_ACCOUNT_ID,
      token: "wrong-token-000000000000000000000",
    });
    const error = await c.testConnection(context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(403);
    expect(String(error)).toContain("Authentication error");
    expect(replay.requests).toHaveLength(1);
  });

  it("lists zones and every page of their DNS records, records as members of the zone", async () => {
    await start({ pageSize: 2 });
    const dns = await scan("dns");
    const [zone, ...records] = dns;
    expect(zone).toMatchObject({
      nativeId: "023e105f4ecef8ad9ca31a8372d0c353",
      provider: "cloudflare",
      account: REPLAY_ACCOUNT_ID,
      type: "dns.zone",
      name: "example.com",
      region: "global",
      createdAt: new Date("2014-01-01T05:20:00.12345Z"),
      attributes: { nameServers: ["bob.ns.cloudflare.com", "lola.ns.cloudflare.com"] },
    });
    expect(records).toHaveLength(RECORD_TYPES);
    expect(records[0]).toMatchObject({
      type: "dns.record",
      name: "example.com A",
      tags: { owner: "dns-team" },
      attributes: { recordType: "A", content: "198.51.100.4", proxied: false, ttl: 3600 },
      relations: [{ type: "member-of", targetNativeId: zone?.nativeId }],
    });
    const recordPages = replay.requests.filter((r) => r.path.endsWith("/dns_records"));
    expect(recordPages.map((r) => r.query.get("page"))).toEqual([
      null,
      ...Array.from({ length: Math.ceil(RECORD_TYPES / 2) - 1 }, (_, i) => String(i + 2)),
    ]);
    expect(replay.requests.find((r) => r.path.endsWith("/zones"))?.query.get("account.id")).toBe(
      REPLAY_ACCOUNT_ID,
    );
  });

  it("maps Workers scripts, R2 buckets (through every cursor) and Pages projects", async () => {
    await start({
      pageSize: 1,
      items: { r2_buckets: [{ name: "example-bucket" }, { name: "logs", location: "WEUR" }] },
    });
    const [worker] = await scan("workers");
    expect(worker).toMatchObject({
      nativeId: "worker:my-workers-script",
      type: "cdn.worker",
      attributes: { usageModel: "unbound", placementMode: "smart" },
      relations: [{ type: "depends-on", targetNativeId: "worker:my-log-consumer" }],
    });
    const buckets = await scan("r2");
    expect(buckets.map((b) => [b.nativeId, b.type, b.region])).toEqual([
      ["r2:example-bucket", "storage.bucket", "global"],
      ["r2:logs", "storage.bucket", "weur"],
    ]);
    expect(replay.requests.filter((r) => r.path.endsWith("/r2/buckets")).length).toBe(2);
    const [project] = await scan("pages");
    expect(project).toMatchObject({
      nativeId: "pages:NextJS Blog",
      type: "cdn.pages",
      attributes: { subdomain: "helloworld.pages.dev", productionBranch: "main" },
    });
  });

  it("retries a 429 after Retry-After and then succeeds", async () => {
    await start();
    const path = `/client/v4/accounts/${REPLAY_ACCOUNT_ID}/workers/scripts`;
    replay.fail(path, {
      ...cloudflareError(429, 971, "Please wait"),
      headers: { "retry-after": "0" },
    });
    expect(await scan("workers")).toHaveLength(1);
    expect(apiPaths().filter((p) => p.endsWith("/workers/scripts"))).toHaveLength(2);
  });

  it("fails the scope on repeated 500s, with no SDK retries on top of the connector's", async () => {
    await start();
    const path = `/client/v4/accounts/${REPLAY_ACCOUNT_ID}/pages/projects`;
    const error = cloudflareError(500, 10001, "Internal error");
    replay.fail(path, error, error, error);
    const failure = await scan("pages").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).status).toBe(500);
    expect(apiPaths().filter((p) => p.endsWith("/pages/projects"))).toHaveLength(RETRY.attempts);
  });

  it("fails the DNS scope when one zone's records fail, rather than report part of them", async () => {
    await start({ pageSize: 2 });
    const path = "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records";
    replay.fail(path, cloudflareError(403, 10000, "Authentication error"));
    await expect(scan("dns")).rejects.toThrow("Authentication error");
  });
});

describe("Cloudflare connector: outbound rules", () => {
  it("sends the SDK's requests through the SSRF guard: a private endpoint is refused in hosted mode", async () => {
    await start();
    const c = await cloudflareProvider.createConnector({
      credentials: { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: replay.token },
      regions: [],
      endpoint: replay.url,
      http: createOutboundHttp({ blockPrivateNetworks: true }),
    });
    const error = await c.testConnection(context()).catch((e: unknown) => e);
    expect(String((error as Error).cause)).toContain("private or reserved address");
    expect(replay.requests).toHaveLength(0);
  });
});

describe("Cloudflare credentials", () => {
  it("takes a token or a global key with e-mail, refuses bad fields by name, masks secrets", () => {
    const token = { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: "x".repeat(40) };
    expect(ZCloudflareCredentials.parse(token)).toEqual(token);
    const bad = ZCloudflareCredentials.safeParse({ ...token, accountId: "nope" });
    expect(bad.error?.issues[0]?.path).toEqual(["accountId"]);
    const key = ZCloudflareCredentials.safeParse({
      method: "global-key",
      accountId: REPLAY_ACCOUNT_ID,
      email: "not-an-email",
      apiKey: "0123456789abcdef0123456789abcdef01234",
    });
    expect(key.error?.issues[0]?.path).toEqual(["email"]);
    const described = describeCloudflareCredentials(token as CloudflareCredentials);
    expect(described).toEqual({
      method: "api-token",
      hint: `account ${REPLAY_ACCOUNT_ID}, ••••xxxx`,
    });
    expect(cloudflareProvider.policy.text).toContain("DNS                 | Read");
  });
});

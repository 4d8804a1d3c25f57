import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { Connector, DiscoveredResource } from "../types.ts";
import { DigitalOceanApiError } from "./client.ts";
import { describeDigitalOceanCredentials, ZDigitalOceanCredentials } from "./credentials.ts";
import { digitaloceanProvider } from "./index.ts";
import { tagsOf } from "./normalise.ts";
import { type DigitalOceanReplay, startDigitalOceanReplay } from "./replay.testing.ts";

const TEAM = "5df3e3004a17e242b7c20ca6c9fc25b701a47ece";
const RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const context = () =>
  createConnectorContext(
    new AbortController().signal,
    { concurrency: 4, requestsPerSecond: 1000, burst: 1000 },
    RETRY,
  );

let replay: DigitalOceanReplay;
beforeEach(async () => {
  replay = await startDigitalOceanReplay({ pageSize: 2 });
});
afterEach(() => replay.close());

function connector(options: { token?: string; regions?: string[] } = {}) {
  return digitaloceanProvider.createConnector({
    credentials: { method: "api-token", token: options.token ?? replay.token },
    regions: options.regions ?? [],
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
  for await (const resource of c.scan({ region: "global", service }, context()))
    found.push(resource);
  return found;
}

describe("DigitalOcean connector against the OpenAPI examples", () => {
  it("tests the connection with the Bearer token and names the team as the account", async () => {
    const result = await (await connector()).testConnection(context());
    expect(result).toEqual({
      account: TEAM,
      detail: "Signed in as sammy@digitalocean.com, team My Team",
    });
    expect(replay.requests[0]?.headers.authorization).toBe(`Bearer ${replay.token}`);
  });

  it("refuses a wrong token at once, with a message that says to check it", async () => {
    const error = await (await connector({ token: "dop_v1_wrongtoken000000000000000" }))
      .testConnection(context())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigitalOceanApiError);
    expect((error as Error).message).toBe(
      "DigitalOcean API 401: Unable to authenticate you. Check the API token.",
    );
    expect(replay.requests).toHaveLength(1);
  });

  it("follows links.pages.next through every page, on the configured endpoint only", async () => {
    const droplets = await scan("droplets");
    expect(droplets.map((d) => d.name)).toEqual([
      "example.com",
      "assets.example.com",
      "stage.example.com",
    ]);
    const pages = replay.requests.filter((r) => r.path === "/v2/droplets");
    expect(pages.map((r) => r.query.get("page"))).toEqual([null, "2"]);
    expect(pages[0]?.query.get("per_page")).toBe("200");
    for (const request of replay.requests)
      expect(request.headers.authorization).toBe(`Bearer ${replay.token}`);
  });

  it("maps a droplet: type, region, key:value tags, cost id, VPC membership", async () => {
    const [droplet] = await scan("droplets");
    expect(droplet).toMatchObject({
      nativeId: "do:droplet:3164444",
      provider: "digitalocean",
      account: TEAM,
      region: "nyc3",
      type: "compute.vm",
      nativeType: "droplet",
      state: "active",
      tags: { web: "", env: "prod" },
      costResourceId: "3164444",
      createdAt: new Date("2020-07-21T18:37:44Z"),
      attributes: {
        size: "s-1vcpu-1gb",
        vcpus: 1,
        publicIpv4: ["192.241.165.154"],
        privateIpv4: ["10.128.192.124"],
      },
      relations: [
        { type: "member-of", targetNativeId: "do:vpc:760e09ef-dc84-11e8-981e-3cfdfeaae000" },
      ],
    });
  });

  it("relates volumes, load balancers, firewalls and clusters to what they serve", async () => {
    const volumes = await scan("volumes");
    expect(volumes.map((v) => [v.type, v.state, v.costResourceId])).toEqual([
      ["storage.volume", "unattached", "506f78a4-e098-11e5-ad9f-000f53306ae1"],
      ["storage.volume", "unattached", "506f78a4-e098-11e5-ad9f-000f53305eb2"],
    ]);
    const [lb] = await scan("load_balancers");
    expect(lb?.type).toBe("network.lb");
    expect(lb?.relations).toEqual([
      { type: "routes-to", targetNativeId: "do:droplet:3164444" },
      { type: "routes-to", targetNativeId: "do:droplet:3164445" },
      { type: "member-of", targetNativeId: "do:vpc:c33931f2-a26a-4e61-b85c-4e95a2ec431b" },
    ]);
    const [firewall] = await scan("firewalls");
    expect(firewall).toMatchObject({
      type: "network.security-group",
      region: "global",
      relations: [{ type: "attached-to", targetNativeId: "do:droplet:8043964" }],
    });
    expect(firewall?.attributes.inbound).toContainEqual({
      protocol: "tcp",
      ports: "22",
      addresses: ["18.0.0.0/8"],
    });
    const [cluster] = await scan("kubernetes");
    expect(cluster).toMatchObject({
      type: "k8s.cluster",
      region: "nyc1",
      state: "provisioning",
      tags: { production: "", "web-team": "", k8s: "bd5f5959-5e1e-4205-a714-a914373942af" },
    });
    expect(cluster?.relations).toContainEqual({
      type: "depends-on",
      targetNativeId: "do:droplet:205545370",
    });
  });

  it("keeps a database's host but never its passwords or connection URIs", async () => {
    const [db] = await scan("databases");
    expect(db).toMatchObject({
      type: "db.instance",
      nativeType: "database_cluster",
      state: "online",
      attributes: { engine: "pg", host: "backend-do-user-19081923-0.db.ondigitalocean.com" },
      relations: [
        { type: "member-of", targetNativeId: "do:vpc:d455e75d-4858-4eec-8c95-da2f0a5f93a7" },
      ],
    });
    expect(JSON.stringify(db)).not.toContain("wv78n3zpz42xezdk");
  });

  it("lists each domain's records as members of its zone", async () => {
    const dns = await scan("domains");
    expect(dns.map((r) => [r.type, r.name])).toEqual([
      ["dns.zone", "example.com"],
      ["dns.record", "example.com NS"],
      ["dns.record", "example.com NS"],
      ["dns.record", "example.com NS"],
      ["dns.record", "example.com A"],
    ]);
    expect(dns[4]?.relations).toEqual([
      { type: "member-of", targetNativeId: "do:domain:example.com" },
    ]);
    expect(replay.requests.map((r) => r.path)).toContain("/v2/domains/example.com/records");
  });

  it("waits for ratelimit-reset after a 429 and then succeeds", async () => {
    const reset = Math.ceil(Date.now() / 1000);
    replay.fail("/v2/vpcs", {
      status: 429,
      headers: { "ratelimit-reset": String(reset), "ratelimit-remaining": "0" },
      body: { id: "too_many_requests", message: "API Rate limit exceeded." },
    });
    const vpcs = await scan("vpcs");
    expect(vpcs).toHaveLength(3);
    const calls = replay.requests.filter((r) => r.path === "/v2/vpcs");
    expect(calls.map((r) => r.query.get("page"))).toEqual([null, null, "2"]);
    expect(calls[1]?.at).toBeGreaterThanOrEqual(reset * 1000);
  });

  it("fails the scope when the API keeps answering 500, while other scopes succeed", async () => {
    const error = { status: 500, body: { id: "server_error", message: "Server Error" } };
    replay.fail("/v2/volumes", error, error, error);
    const c = await connector();
    await expect(scan("volumes", c)).rejects.toThrow("DigitalOcean API 500: Server Error.");
    expect(replay.requests.filter((r) => r.path === "/v2/volumes")).toHaveLength(RETRY.attempts);
    expect(await scan("vpcs", c)).toHaveLength(3);
  });

  it("fails the scope when a later page fails, instead of returning the first page", async () => {
    replay.fail("/v2/droplets", {
      status: 200,
      body: {
        droplets: [],
        links: { pages: { next: "https://api.digitalocean.com/v2/droplets?page=2" } },
      },
    });
    const bad = { status: 503, body: { id: "service_unavailable", message: "Unavailable" } };
    replay.fail("/v2/droplets", bad, bad, bad);
    await expect(scan("droplets")).rejects.toThrow("503");
  });

  it("keeps only the chosen regions (global resources always)", async () => {
    const c = await connector({ regions: ["nyc1"] });
    expect((await scan("vpcs", c)).map((v) => v.region)).toEqual(["nyc1", "nyc1"]);
    expect(await scan("firewalls", c)).toHaveLength(1);
  });

  it("refuses a private endpoint in hosted mode, before any request is sent", async () => {
    const hosted = await digitaloceanProvider.createConnector({
      credentials: { method: "api-token", token: replay.token },
      regions: [],
      endpoint: replay.url,
      http: createOutboundHttp({ blockPrivateNetworks: true }),
    });
    await expect(hosted.testConnection(context())).rejects.toThrow("private or reserved address");
    expect(replay.requests).toHaveLength(0);
  });

  it("scans one scope per service", async () => {
    const scopes = await (await connector()).scopes(context());
    expect(scopes.map((s) => s.service)).toEqual([
      "droplets",
      "volumes",
      "databases",
      "load_balancers",
      "vpcs",
      "firewalls",
      "kubernetes",
      "domains",
    ]);
  });
});

describe("DigitalOcean tags and credentials", () => {
  it("maps key:value tags to keys and values, plain tags to empty values", () => {
    expect(tagsOf(["env:prod", "web", "k8s", "k8s:abc", "k8s:worker", "url:http://x"])).toEqual({
      env: "prod",
      web: "",
      k8s: "abc,worker",
      url: "http://x",
    });
  });

  it("takes an API token, refuses a malformed one by field, and shows it masked", () => {
    const token = "dop_v1_0123456789abcdef0123456789abcdef";
    expect(ZDigitalOceanCredentials.parse({ method: "api-token", token })).toEqual({
      method: "api-token",
      token,
    });
    const bad = ZDigitalOceanCredentials.safeParse({ method: "api-token", token: "short" });
    expect(bad.error?.issues[0]?.path).toEqual(["token"]);
    expect(describeDigitalOceanCredentials({ method: "api-token", token })).toEqual({
      method: "api-token",
      hint: "••••cdef",
    });
    expect(digitaloceanProvider.policy.text).toContain("droplet:read");
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AzureReplay, startAzureReplay } from "../../../test/support/azure-replay.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { DiscoveredResource } from "../types.ts";
import { createAzureConnector } from "./azure.connector.ts";
import { azureProvider } from "./index.ts";

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };
let replay: AzureReplay;

beforeAll(async () => {
  replay = await startAzureReplay({ pageSize: 2 });
});
afterAll(() => replay.close());
beforeEach(() => {
  replay.requests.length = 0;
});

function connector(
  overrides: { clientSecret?: string; regions?: string[]; timeoutMs?: number } = {},
) {
  return createAzureConnector({
    credentials: {
      method: "service-principal",
      tenantId: replay.tenantId,
      clientId: replay.clientId,
      clientSecret: overrides.clientSecret ?? replay.clientSecret,
      subscriptionIds: [replay.subscriptionId],
    },
    regions: overrides.regions ?? [],
    endpoint: replay.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
    requestTimeoutMs: overrides.timeoutMs,
  });
}
const context = () =>
  createConnectorContext(AbortSignal.timeout(20_000), azureProvider.rateLimit, FAST_RETRY);

async function scanAll(service: string, c = connector(), ctx = context()) {
  const found: DiscoveredResource[] = [];
  for await (const r of c.scan(
    { region: "global", service: `${service}/${replay.subscriptionId}` },
    ctx,
  ))
    found.push(r);
  return found;
}
const armPath = (part: string) =>
  replay.requests.filter((r) => r.path.toLowerCase().includes(part));

describe("Azure connector against replayed x-ms-examples, over https", () => {
  it("finds the login endpoint from ARM's cloud metadata, gets a token and tests the connection", async () => {
    const c = connector();
    const result = await c.testConnection(context());
    expect(result.account).toBe(replay.subscriptionId);
    expect(result.detail).toMatch(/^1 subscription readable, \d+ resource groups$/);
    const paths = replay.requests.map((r) => r.path);
    expect(paths[0]).toBe("/metadata/endpoints");
    expect(paths).toContain(`/${replay.tenantId}/oauth2/v2.0/token`);
    const arm = armPath("/resourcegroups");
    expect(arm.length).toBeGreaterThan(0);
    expect(arm.every((r) => r.authorization?.startsWith("Bearer eyJ0eXAiOiJKV1Qi.replay."))).toBe(
      true,
    );
    expect(await c.scopes(context())).toContainEqual({
      region: "global",
      service: `virtual-machines/${replay.subscriptionId}`,
    });
  });

  it("refuses a wrong client secret with Entra ID's own message", async () => {
    await expect(
      connector({ clientSecret: "not-the-right-secret-0000" }).testConnection(context()),
    ).rejects.toThrow(/AADSTS7000215|Invalid client secret/);
  });

  it("maps VMs with their power state, lower-case ARM ids as FOCUS ResourceId, and resource groups", async () => {
    const vms = await scanAll("virtual-machines");
    expect(vms.map((v) => v.name)).toEqual(["virtualMachine-1", "virtualMachine-2"]);
    const [vm] = vms;
    const id = `/subscriptions/${replay.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/virtualmachines/virtualmachine-1`;
    expect(vm).toMatchObject({
      provider: "azure",
      account: replay.subscriptionId,
      type: "compute.vm",
      nativeType: "Microsoft.Compute/virtualMachines",
      nativeId: id,
      costResourceId: id,
      region: "eastus",
      state: "running",
      tags: { RG: "rg", testTag: "1" },
      relations: [
        {
          type: "member-of",
          targetNativeId: `/subscriptions/${replay.subscriptionId}/resourcegroups/myresourcegroup`,
        },
      ],
    });
    expect(vm!.attributes).toMatchObject({
      vmSize: "Standard_A0",
      osType: "Windows",
      osName: "Windows Server 2016 Datacenter",
    });
    // The SDK followed the replay's nextLink: two VMs on one page, no second page needed; one instance view each.
    expect(armPath("/instanceview")).toHaveLength(2);
  });

  it("pages through disks and relates the attached one to its VM", async () => {
    const disks = await scanAll("disks");
    expect(disks.map((d) => d.name)).toEqual([
      "myManagedDisk1",
      "myManagedDisk2",
      "myManagedDisk3",
      "myManagedDisk",
    ]);
    // Four disks at two a page: the SDK asked for the second page through nextLink.
    expect(armPath("/microsoft.compute/disks").map((r) => r.query.get("$skiptoken"))).toEqual([
      null,
      "1",
    ]);
    const attached = disks.find((d) => d.name === "myManagedDisk")!;
    const vmId = `/subscriptions/${replay.subscriptionId}/resourcegroups/resourcegroupname/providers/microsoft.compute/virtualmachines/testvm414689371c88843d65ec`;
    expect(attached.relations).toContainEqual({ type: "attached-to", targetNativeId: vmId });
    expect(attached).toMatchObject({ type: "storage.volume", state: "Attached", region: "westus" });
    expect(attached.attributes).toMatchObject({
      sizeGiB: 10,
      encrypted: true,
      attachedInstanceIds: [vmId],
    });
    expect(disks.find((d) => d.name === "myManagedDisk2")?.state).toBeNull();
  });

  it("maps SQL servers with their databases, App Service sites and storage accounts", async () => {
    const sql = await scanAll("sql");
    expect(sql.map((r) => [r.type, r.name])).toEqual([
      ["db.server", "testsvr"],
      ["db.instance", "testdb"],
      ["db.instance", "master"],
    ]);
    expect(sql[1]!.relations).toContainEqual({
      type: "member-of",
      targetNativeId: sql[0]!.nativeId,
    });
    expect(sql[1]).toMatchObject({ state: "Online", region: "southeastasia" });
    expect(sql[1]!.createdAt?.toISOString()).toBe("2017-06-07T04:41:33.937Z");
    const sites = await scanAll("app-service");
    expect(sites.map((s) => [s.type, s.name, s.region, s.state])).toEqual([
      ["compute.app", "sitef6141", "eastus", "Running"],
      ["compute.app", "sitef7252", "eastus", "Running"],
    ]);
    const accounts = await scanAll("storage");
    expect(accounts.map((a) => a.name)).toEqual(["sto1125", "sto3699", "sto834"]);
    expect(accounts[0]).toMatchObject({
      type: "storage.bucket",
      tags: { key1: "value1" },
      attributes: { isPublic: false },
    });
  });

  it("reports only the connector's regions", async () => {
    expect(await scanAll("disks", connector({ regions: ["eastus"] }))).toEqual([]);
    expect((await scanAll("storage", connector({ regions: ["East US"] }))).length).toBe(3);
    // Resource groups hold resources of any region: kept whatever their own location.
    expect(await scanAll("resource-groups", connector({ regions: ["eastus"] }))).toHaveLength(6);
  });

  it("retries throttling (429 with Retry-After) and a 500 on a later page, keeping the SDK's paging", async () => {
    const throttled = {
      status: 429,
      headers: { "retry-after": "1" },
      body: { error: { code: "TooManyRequests", message: "Too many requests" } },
    };
    replay.fail("/microsoft.compute/disks", throttled);
    replay.fail("skiptoken=1", {
      status: 500,
      body: { error: { code: "InternalServerError", message: "boom" } },
    });
    const started = Date.now();
    const disks = await scanAll("disks");
    expect(disks).toHaveLength(4);
    // First page: throttled then served; second page: failed then served. Nothing listed twice.
    expect(armPath("/microsoft.compute/disks").map((r) => r.query.get("$skiptoken"))).toEqual([
      null,
      null,
      "1",
      "1",
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("retries a request that times out", async () => {
    replay.fail("/microsoft.web/sites", { status: 200, hang: true });
    const sites = await scanAll("app-service", connector({ timeoutMs: 300 }));
    expect(sites).toHaveLength(2);
    expect(armPath("/microsoft.web/sites")).toHaveLength(2);
  });

  it("fails the scope with ARM's message when errors persist past the retries", async () => {
    const failure = {
      status: 503,
      body: { error: { code: "ServiceUnavailable", message: "Storage RP is unavailable" } },
    };
    replay.fail("/microsoft.storage/storageaccounts", failure, failure, failure, failure);
    await expect(scanAll("storage")).rejects.toThrow(/Azure answered 503: ServiceUnavailable/);
    expect(armPath("/microsoft.storage/storageaccounts")).toHaveLength(4);
  });

  it("does not retry what retrying cannot fix", async () => {
    replay.fail("/microsoft.sql/servers", {
      status: 403,
      body: { error: { code: "AuthorizationFailed", message: "no read on Microsoft.Sql/servers" } },
    });
    await expect(scanAll("sql")).rejects.toThrow(/AuthorizationFailed|no read/);
    expect(armPath("/microsoft.sql/servers")).toHaveLength(1);
    await expect(scanAll("nosuch")).rejects.toThrow(/no service/);
  });
});

describe("Azure credentials and role", () => {
  const valid = {
    method: "service-principal",
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    clientId: "3f1c0e0a-5b8e-4d0b-9d7b-2f0c5a6e9a11",
    clientSecret: "Xy8Q~abcdefghijklmnopqrstuvwxyz0123",
    subscriptionIds: "00000000-1111-2222-3333-444444444444, 1caaa5a3-2b66-438e-8ab4-bce37d518c5d",
  };
  it("accepts a service principal with comma-separated subscriptions and names the bad field", () => {
    const parsed = azureProvider.zCredentials.parse(valid);
    expect(parsed.subscriptionIds).toHaveLength(2);
    // What the vault stores parses again to the same value.
    expect(azureProvider.zCredentials.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    const bad = azureProvider.zCredentials.safeParse({
      ...valid,
      tenantId: "contoso.onmicrosoft.com",
    });
    expect(bad.error?.issues[0]?.path).toEqual(["tenantId"]);
    const http = azureProvider.zCredentials.safeParse({
      ...valid,
      authorityHost: "http://login.example",
    });
    expect(http.error?.issues[0]?.path).toEqual(["authorityHost"]);
  });
  it("shows the client id and the secret's last four characters only", () => {
    const hint = azureProvider.describeCredentials(azureProvider.zCredentials.parse(valid));
    expect(hint).toEqual({
      method: "service-principal",
      hint: "client 3f1c0e0a-5b8e-4d0b-9d7b-2f0c5a6e9a11, 2 subscriptions, ••••0123",
    });
  });
  it("offers a custom role with exactly the read actions the connector calls", () => {
    const role = JSON.parse(azureProvider.policy.text);
    expect(role.Actions).toContain("Microsoft.Compute/virtualMachines/instanceView/read");
    expect(role.Actions.every((a: string) => a.endsWith("/read"))).toBe(true);
    expect(role.DataActions).toEqual([]);
  });
});

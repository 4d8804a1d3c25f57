import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsReplay } from "../../../../test/support/aws-replay.ts";
import { type AzureReplay, startAzureReplay } from "../../../../test/support/azure-replay.ts";
import { type GcpReplay, startGcpReplay } from "../../../../test/support/gcp-replay.ts";
import { addMember, type Person, type TestRuntime } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import {
  type CloudflareReplay,
  cloudflareError,
  REPLAY_ACCOUNT_ID,
  startCloudflareReplay,
} from "../../../connectors/cloudflare/replay.testing.ts";
import type { DigitalOceanReplay } from "../../../connectors/digitalocean/replay.testing.ts";
import { resources } from "../inventory.schema.ts";
import { type ReplayInventory, startReplayInventory } from "../replay-inventory.testkit.ts";

type SetTags = OperationOutput<"resources.setTags">;
type Detail = OperationOutput<"inventory.get">;

let inventory: ReplayInventory;
let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let member: Person;
let viewer: Person;
let doReplay: DigitalOceanReplay;
let aws: AwsReplay;
let azure: AzureReplay;
let gcp: GcpReplay;
let cloudflare: CloudflareReplay;
const find = (provider: string, type: string, q?: string) => inventory.find(provider, type, q);

beforeAll(async () => {
  inventory = await startReplayInventory({ ownerEmail: "tags@example.com", workspace: "Tags" });
  ({ rt, owner, member, doReplay, aws } = inventory);
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  azure = await startAzureReplay({ pageSize: 50 });
  gcp = await startGcpReplay({ pageSize: 50 });
  // The schema's examples share one id; each record gets its own so the inventory keeps them all.
  const records = (
    JSON.parse(
      readFileSync(
        join(import.meta.dirname, "../../../../test/fixtures/cloudflare/dns_records.json"),
        "utf8",
      ),
    ) as Record<string, unknown>[]
  ).map((record, i) => ({ ...record, id: `${"0".repeat(30)}${String(i).padStart(2, "0")}` }));
  cloudflare = await startCloudflareReplay({ pageSize: 50, items: { dns_records: records } });
  await inventory.connect("azure", {
    credentials: {
      method: "service-principal",
      tenantId: azure.tenantId,
      clientId: azure.clientId,
      clientSecret: azure.clientSecret,
      subscriptionIds: azure.subscriptionId,
    },
    endpoint: azure.endpoint,
  });
  await inventory.connect("gcp", {
    credentials: { method: "service-account-key", serviceAccountKey: gcp.keyText },
    endpoint: gcp.endpoint,
  });
  await inventory.connect("cloudflare", {
    credentials: { method: "api-token", accountId: REPLAY_ACCOUNT_ID, token: cloudflare.token },
    endpoint: cloudflare.url,
  });
}, 120_000);

afterAll(async () => {
  await inventory?.close();
  await azure?.close();
  await gcp?.close();
  await cloudflare?.close();
});

/** The resource's tags and how many changes it has, as the inventory shows them. */
async function stored(id: string) {
  const detail = (await rt.as(owner.caller, "inventory.get", { id })) as Detail;
  return { tags: detail.tags, changes: detail.changes.length };
}

describe("resources.setTags writes tags back to the provider", () => {
  it("sets and removes EC2 tags with CreateTags and DeleteTags, and records who did it", async () => {
    const [vm] = (await find("aws", "compute.vm")).filter((v) => Object.keys(v.tags).length > 0);
    const old = Object.keys(vm!.tags)[0]!;
    const out = (await rt.as(member.caller, "resources.setTags", {
      id: vm!.id,
      set: { team: "payments", "cost center": "42" },
      remove: [old],
    })) as SetTags;
    expect(out.changed.sort()).toEqual([old, "cost center", "team"].sort());
    const create = aws.requests.find((r) => r.operation === "CreateTags")!;
    expect(create.params?.get("ResourceId.1")).toBe(vm!.nativeId);
    const sent: Record<string, string> = {};
    for (let i = 1; create.params?.get(`Tag.${i}.Key`); i++)
      sent[create.params.get(`Tag.${i}.Key`)!] = create.params.get(`Tag.${i}.Value`)!;
    expect(sent).toEqual({ team: "payments", "cost center": "42" });
    const remove = aws.requests.find((r) => r.operation === "DeleteTags")!;
    expect(remove.params?.get("ResourceId.1")).toBe(vm!.nativeId);
    expect(remove.params?.get("Tag.1.Key")).toBe(old);
    expect(remove.params?.has("Tag.1.Value")).toBe(false);

    const detail = (await rt.as(owner.caller, "inventory.get", { id: vm!.id })) as Detail;
    expect(detail.tags).toMatchObject({ team: "payments", "cost center": "42" });
    expect(detail.tags[old]).toBeUndefined();
    const change = detail.changes[0]!;
    expect(change).toMatchObject({
      kind: "modified",
      scanId: null,
      actorUserId: member.userId,
      actorName: "member",
    });
    expect(change.diff?.tags.team).toEqual({ before: null, after: "payments" });
    expect(change.diff?.tags[old]?.after).toBeNull();
  });

  it("refuses AWS's reserved prefix and a viewer, before sending anything", async () => {
    const [volume] = await find("aws", "storage.volume");
    const before = aws.requests.length;
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: volume!.id, set: { "aws:owner": "x" } }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "set.aws:owner" } });
    await expect(
      rt.as(viewer.caller, "resources.setTags", { id: volume!.id, set: { team: "x" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: volume!.id, set: { a: "1" }, remove: ["a"] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(aws.requests.length).toBe(before);
  });

  it("maps key=value to DigitalOcean key:value tags, untagging the key's old value", async () => {
    const droplets = await find("digitalocean", "compute.vm");
    const web = droplets.find((d) => "web" in d.tags && d.tags.env === "prod")!;
    const from = doReplay.requests.length;
    await rt.as(owner.caller, "resources.setTags", {
      id: web.id,
      set: { env: "staging", owner: "team-a" },
      remove: ["web"],
    });
    const calls = doReplay.requests
      .slice(from)
      .map((r) => [r.method, decodeURIComponent(r.path), r.body]);
    const resource = {
      resources: [{ resource_id: web.nativeId.split(":").pop(), resource_type: "droplet" }],
    };
    expect(calls).toEqual(
      expect.arrayContaining([
        ["DELETE", "/v2/tags/web/resources", resource],
        ["DELETE", "/v2/tags/env:prod/resources", resource],
        ["POST", "/v2/tags", { name: "env:staging" }],
        ["POST", "/v2/tags/env:staging/resources", resource],
        ["POST", "/v2/tags", { name: "owner:team-a" }],
        ["POST", "/v2/tags/owner:team-a/resources", resource],
      ]),
    );
    expect(calls).toHaveLength(6);
    const detail = (await rt.as(owner.caller, "inventory.get", { id: web.id })) as Detail;
    expect(detail.tags).toEqual({ env: "staging", owner: "team-a" });
  });

  it("refuses what DigitalOcean cannot tag or name, and providers without tag write-back", async () => {
    const [lb] = await find("digitalocean", "network.lb");
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: lb!.id, set: { team: "a" } }),
    ).rejects.toThrow(/Unsupported: DigitalOcean's tags API tags droplets/);
    const [droplet] = await find("digitalocean", "compute.vm");
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: droplet!.id, set: { team: "a b" } }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "set.team" } });

    const cloudflare = (await rt.as(owner.caller, "connectors.create", {
      provider: "cloudflare",
      name: "Cloudflare",
      credentials: {
        method: "api-token",
        accountId: "023e105f4ecef8ad9ca31a8372d0c353",
        token: "cloudflare-token-000000000000",
      },
    })) as { id: string };
    const now = new Date();
    const [zone] = await rt.database.db
      .insert(resources)
      .values({
        workspaceId: owner.workspaceId,
        connectorId: cloudflare.id,
        provider: "cloudflare",
        account: "023e105f4ecef8ad9ca31a8372d0c353",
        region: "global",
        scope: "zones@global",
        type: "dns.zone",
        nativeType: "zone",
        nativeId: "zone-1",
        name: "example.com",
        state: "active",
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .returning();
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: zone!.id, set: { team: "a" } }),
    ).rejects.toThrow(
      /Unsupported: Cloudflare's API takes tags on DNS records only, not on dns.zone/,
    );
  });

  it("answers a provider failure as unavailable and stores nothing", async () => {
    const droplets = await find("digitalocean", "compute.vm");
    const stage = droplets.find((d) => d.tags.env === "stage")!;
    const failing = { status: 500, body: { id: "server_error", message: "boom" } };
    doReplay.fail("/v2/tags", failing, failing, failing);
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: stage.id, set: { tier: "gold" } }),
    ).rejects.toMatchObject({ code: "unavailable" });
    const detail = (await rt.as(owner.caller, "inventory.get", { id: stage.id })) as Detail;
    expect(detail.tags.tier).toBeUndefined();
  });
});

describe("resources.setTags on Azure, through Tags Update At Scope", () => {
  const TAGS = "/providers/microsoft.resources/tags/default";

  it("merges the tags set and deletes the keys removed, by name, on the resource's ARM id", async () => {
    const [disk] = await find("azure", "storage.volume", "myManagedDisk1");
    expect(disk!.tags).toMatchObject({ department: "Development", project: "ManagedDisks" });
    const from = azure.requests.length;
    const out = (await rt.as(member.caller, "resources.setTags", {
      id: disk!.id,
      set: { team: "payments", project: "Billing" },
      remove: ["department"],
    })) as SetTags;
    expect(out.changed.sort()).toEqual(["department", "project", "team"]);
    const patches = azure.requests
      .slice(from)
      .filter((r) => r.method === "PATCH")
      .map((r) => ({
        path: r.path.toLowerCase(),
        version: r.query.get("api-version"),
        body: JSON.parse(r.body),
      }));
    const path = `${disk!.nativeId}${TAGS}`;
    expect(patches).toEqual([
      {
        path,
        version: expect.any(String),
        body: {
          operation: "Merge",
          properties: { tags: { team: "payments", project: "Billing" } },
        },
      },
      {
        path,
        version: expect.any(String),
        body: { operation: "Delete", properties: { tags: { department: "" } } },
      },
    ]);
    const after = await stored(disk!.id);
    expect(after.tags).toEqual({ project: "Billing", team: "payments" });
    const detail = (await rt.as(owner.caller, "inventory.get", { id: disk!.id })) as Detail;
    expect(detail.changes[0]).toMatchObject({ kind: "modified", actorUserId: member.userId });
    expect(detail.changes[0]!.diff?.tags.department).toEqual({
      before: "Development",
      after: null,
    });
    // The provider has what the inventory shows: a rescan finds no difference.
    await inventory.rediscover("azure");
    expect((await stored(disk!.id)).tags).toEqual(after.tags);
  });

  it("gives ARM's refusal with what to grant, and stores nothing", async () => {
    const [disk] = await find("azure", "storage.volume", "myManagedDisk3");
    const before = await stored(disk!.id);
    azure.fail(TAGS, {
      status: 403,
      body: {
        error: {
          code: "AuthorizationFailed",
          message:
            "The client 'glasspane' does not have authorization to perform action 'Microsoft.Resources/tags/write'.",
        },
      },
    });
    const refused = rt.as(owner.caller, "resources.setTags", { id: disk!.id, set: { team: "a" } });
    await expect(refused).rejects.toMatchObject({ code: "unavailable" });
    await expect(refused).rejects.toThrow(
      /Azure answered 403: AuthorizationFailed: .*Microsoft.Resources\/tags\/write.*Tag Contributor/,
    );
    expect(await stored(disk!.id)).toEqual(before);
  });

  it("refuses a name ARM does not allow before sending anything", async () => {
    const [disk] = await find("azure", "storage.volume", "myManagedDisk3");
    const from = azure.requests.length;
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: disk!.id, set: { "cost/center": "42" } }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "set.cost/center" } });
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: disk!.id, set: { "Microsoft.x": "1" } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(azure.requests.length).toBe(from);
  });
});

describe("resources.setTags on Google Cloud labels", () => {
  const computeCalls = (from: number) =>
    gcp.requests
      .slice(from)
      .filter((r) => r.path.startsWith("/compute/v1/projects/") && !r.path.includes("/aggregated/"))
      .map((r) => [
        r.method,
        r.path.replace(/^.*\/zones\//, ""),
        r.body ? JSON.parse(r.body) : null,
      ]);

  it("sets an instance's labels with setLabels on the labels it has now and their fingerprint", async () => {
    const [vm] = await find("gcp", "compute.vm", "web-1");
    expect(vm!.tags).toEqual({ app: "storefront", team: "web" });
    const from = gcp.requests.length;
    const out = (await rt.as(member.caller, "resources.setTags", {
      id: vm!.id,
      set: { env: "prod" },
      remove: ["team"],
    })) as SetTags;
    expect(out.tags).toEqual({ app: "storefront", env: "prod" });
    expect(computeCalls(from)).toEqual([
      ["GET", "us-central1-a/instances/web-1", null],
      [
        "POST",
        "us-central1-a/instances/web-1/setLabels",
        { labels: { app: "storefront", env: "prod" }, labelFingerprint: "6Zla6gwVOUc=" },
      ],
    ]);
    const detail = (await rt.as(owner.caller, "inventory.get", { id: vm!.id })) as Detail;
    expect(detail.tags).toEqual({ app: "storefront", env: "prod" });
    expect(detail.changes[0]).toMatchObject({ kind: "modified", actorUserId: member.userId });
    expect(detail.changes[0]!.diff?.tags).toEqual({
      env: { before: null, after: "prod" },
      team: { before: "web", after: null },
    });
  });

  it("re-reads a disk and retries once when its fingerprint went stale (412)", async () => {
    const [disk] = await find("gcp", "storage.volume", "web-1-boot");
    const stale = {
      status: 412,
      body: {
        error: {
          code: 412,
          message: "Labels fingerprint either invalid or resource labels have changed",
          errors: [{ reason: "conditionNotMet", message: "Labels fingerprint either invalid" }],
        },
      },
    };
    gcp.fail("/disks/web-1-boot/setLabels", stale);
    const from = gcp.requests.length;
    await rt.as(owner.caller, "resources.setTags", { id: disk!.id, set: { tier: "gold" } });
    expect(computeCalls(from).map(([method, path]) => `${method} ${path}`)).toEqual([
      "GET us-central1-a/disks/web-1-boot",
      "POST us-central1-a/disks/web-1-boot/setLabels",
      "GET us-central1-a/disks/web-1-boot",
      "POST us-central1-a/disks/web-1-boot/setLabels",
    ]);
    expect((await stored(disk!.id)).tags).toEqual({ app: "storefront", tier: "gold" });

    // Stale twice: reported, nothing stored.
    gcp.fail("/disks/web-1-boot/setLabels", stale, stale);
    const again = rt.as(owner.caller, "resources.setTags", {
      id: disk!.id,
      set: { tier: "silver" },
    });
    await expect(again).rejects.toMatchObject({ code: "unavailable" });
    await expect(again).rejects.toThrow(/Labels fingerprint/);
    expect((await stored(disk!.id)).tags.tier).toBe("gold");
    gcp.clearFaults();
  });

  it("patches a bucket's labels, a removed one as null", async () => {
    const [bucket] = await find("gcp", "storage.bucket", "acme-assets");
    const from = gcp.requests.length;
    await rt.as(owner.caller, "resources.setTags", {
      id: bucket!.id,
      set: { owner: "web-team" },
      remove: ["app"],
    });
    const patch = gcp.requests.slice(from).find((r) => r.method === "PATCH")!;
    expect(patch.path).toBe("/storage/v1/b/acme-assets");
    expect(JSON.parse(patch.body)).toEqual({ labels: { owner: "web-team", app: null } });
    expect((await stored(bucket!.id)).tags).toEqual({ owner: "web-team" });
  });

  it("refuses keys and values Google does not allow, naming the key, before calling Google", async () => {
    const [vm] = await find("gcp", "compute.vm", "batch-1");
    const from = gcp.requests.length;
    const upper = rt.as(owner.caller, "resources.setTags", { id: vm!.id, set: { Team: "data" } });
    await expect(upper).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "set.Team" },
    });
    await expect(upper).rejects.toThrow(/label key "Team"/);
    const value = rt.as(owner.caller, "resources.setTags", { id: vm!.id, set: { env: "Prod!" } });
    await expect(value).rejects.toThrow(/value of label "env"/);
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: vm!.id, set: { ["k".repeat(64)]: "x" } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(gcp.requests.length).toBe(from);
  });

  it("gives Google's 404 and stores nothing", async () => {
    const [disk] = await find("gcp", "storage.volume", "old-data");
    const before = await stored(disk!.id);
    gcp.fail("/disks/old-data", {
      status: 404,
      body: {
        error: {
          code: 404,
          message:
            "The resource 'projects/acme-web-prod/zones/us-central1-a/disks/old-data' was not found",
          errors: [{ reason: "notFound", message: "not found" }],
        },
      },
    });
    const gone = rt.as(owner.caller, "resources.setTags", { id: disk!.id, set: { team: "x" } });
    await expect(gone).rejects.toMatchObject({ code: "unavailable" });
    await expect(gone).rejects.toThrow(/Google Cloud answered 404: .*old-data' was not found/);
    expect(await stored(disk!.id)).toEqual(before);
  });
});

describe("resources.setTags on Cloudflare DNS records", () => {
  const record = async (name: string) => {
    const all = await find("cloudflare", "dns.record");
    const found = all.find((r) => r.name === name);
    if (!found) throw new Error(`No Cloudflare record ${name}`);
    return found;
  };
  const patches = (from: number) =>
    cloudflare.requests
      .slice(from)
      .filter((r) => r.method === "PATCH")
      .map((r) => ({ path: r.path, body: JSON.parse(r.body) }));

  it("patches the record's whole name:value tag list, with its name, type and TTL unchanged", async () => {
    const txt = await record("example.com TXT");
    expect(txt.tags).toEqual({ owner: "dns-team" });
    const from = cloudflare.requests.length;
    const out = (await rt.as(member.caller, "resources.setTags", {
      id: txt.id,
      set: { team: "edge", "cost-centre": "web:eu", pinned: "" },
      remove: ["owner"],
    })) as SetTags;
    expect(out.tags).toEqual({ team: "edge", "cost-centre": "web:eu", pinned: "" });
    const detail = (await rt.as(owner.caller, "inventory.get", { id: txt.id })) as Detail;
    expect(detail.attributes.zoneId).toBe(REPLAY_ACCOUNT_ID);
    expect(patches(from)).toEqual([
      {
        path: `/client/v4/zones/${REPLAY_ACCOUNT_ID}/dns_records/${"0".repeat(30)}18`,
        body: {
          name: "example.com",
          type: "TXT",
          ttl: 3600,
          tags: ["team:edge", "cost-centre:web:eu", "pinned"],
        },
      },
    ]);
    // Cloudflare's own view agrees: the next scan reads the tags back.
    await inventory.rediscover("cloudflare");
    expect((await record("example.com TXT")).tags).toEqual(out.tags);
  });

  it("refuses a tag name Cloudflare does not allow, and resources without tags, sending nothing", async () => {
    const mx = await record("example.com MX");
    const from = cloudflare.requests.length;
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: mx.id, set: { "team name": "edge" } }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "set.team name" } });
    const [worker] = await find("cloudflare", "cdn.worker");
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: worker!.id, set: { team: "edge" } }),
    ).rejects.toThrow(/DNS records only, not on cdn.worker/);
    expect(cloudflare.requests.length).toBe(from);
  });

  it("gives Cloudflare's refusal and stores nothing", async () => {
    const mx = await record("example.com MX");
    const path = `/client/v4/zones/${REPLAY_ACCOUNT_ID}/dns_records/${"0".repeat(30)}09`;
    cloudflare.fail(path, cloudflareError(403, 10000, "Authentication error"));
    await expect(
      rt.as(owner.caller, "resources.setTags", { id: mx.id, set: { team: "edge" } }),
    ).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/Authentication error/),
    });
    expect((await stored(mx.id)).tags).toEqual({ owner: "dns-team" });
  });
});

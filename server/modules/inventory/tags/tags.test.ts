import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsReplay, fullRegion, startAwsReplay } from "../../../../test/support/aws-replay.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import {
  type DigitalOceanReplay,
  startDigitalOceanReplay,
} from "../../../connectors/digitalocean/replay.testing.ts";
import { resources } from "../inventory.schema.ts";

type Search = OperationOutput<"inventory.search">;
type SetTags = OperationOutput<"resources.setTags">;
type Detail = OperationOutput<"inventory.get">;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let member: Person;
let viewer: Person;
let doReplay: DigitalOceanReplay;
let aws: AwsReplay;

async function discover(id: string) {
  const { scanId } = (await rt.as(owner.caller, "connectors.discover", { id })) as {
    scanId: string;
  };
  await waitFor(
    async () => {
      const [scan] = (await rt.as(owner.caller, "connectors.scans", {
        scanId,
      })) as OperationOutput<"connectors.scans">;
      return scan && !["queued", "running"].includes(scan.status) ? scan : undefined;
    },
    { timeoutMs: 60_000, what: "the scan to finish" },
  );
}

async function find(provider: string, type: string, q?: string) {
  const out = (await rt.as(owner.caller, "inventory.search", {
    provider,
    type,
    limit: 100,
    ...(q ? { q } : {}),
  })) as Search;
  return out.items;
}

beforeAll(async () => {
  doReplay = await startDigitalOceanReplay({ pageSize: 50 });
  aws = await startAwsReplay({ regions: { "us-west-2": fullRegion() }, pageSize: 50 });
  rt = await createTestRuntime();
  owner = await createOwner(rt, "tags@example.com", "Tags");
  member = await addMember(rt, owner.workspaceId, "member@example.com", "member");
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  rt.services.jobs.start();
  const made = async (provider: string, credentials: object, endpoint: string) => {
    const out = (await rt.as(owner.caller, "connectors.create", {
      provider,
      name: provider,
      credentials,
      endpoint,
      ...(provider === "aws" ? { regions: ["us-west-2"] } : {}),
    })) as { id: string };
    await discover(out.id);
  };
  await made("digitalocean", { method: "api-token", token: doReplay.token }, doReplay.url);
  await made(
    "aws",
    {
      method: "access-keys",
      accessKeyId: "AKIAREPLAYTEST000001",
      secretAccessKey: "replay-secret-access-key-0123456789",
    },
    aws.endpoint,
  );
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await doReplay?.close();
  await aws?.close();
});

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
    expect(change).toMatchObject({ kind: "modified", scanId: null, actorUserId: member.userId });
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
    ).rejects.toThrow(/Unsupported: Cloudflare tags cannot be written/);
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

import { describe, expect, it } from "vitest";
import { resources } from "../inventory.schema.ts";
import { setupTagsTest } from "./tags.testing.ts";

const kit = setupTagsTest("digitalocean");

describe("resources.setTags on DigitalOcean tags, and on providers without tag write-back", () => {
  it("maps key=value to DigitalOcean key:value tags, untagging the key's old value", async () => {
    const droplets = await kit.find("digitalocean", "compute.vm");
    const web = droplets.find((d) => "web" in d.tags && d.tags.env === "prod")!;
    const from = kit.doReplay.requests.length;
    await kit.setTags({
      id: web.id,
      set: { env: "staging", owner: "team-a" },
      remove: ["web"],
    });
    const calls = kit.doReplay.requests
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
    const detail = await kit.detail(web.id);
    expect(detail.tags).toEqual({ env: "staging", owner: "team-a" });
  });

  it("refuses what DigitalOcean cannot tag or name, and providers without tag write-back", async () => {
    const [lb] = await kit.find("digitalocean", "network.lb");
    await expect(kit.setTags({ id: lb!.id, set: { team: "a" } })).rejects.toThrow(
      /Unsupported: DigitalOcean's tags API tags droplets/,
    );
    const [droplet] = await kit.find("digitalocean", "compute.vm");
    await expect(kit.setTags({ id: droplet!.id, set: { team: "a b" } })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "set.team" },
    });

    const cloudflare = (await kit.rt.as(kit.owner.caller, "connectors.create", {
      provider: "cloudflare",
      name: "Cloudflare",
      credentials: {
        method: "api-token",
        accountId: "023e105f4ecef8ad9ca31a8372d0c353",
        token: "cloudflare-token-000000000000",
      },
    })) as { id: string };
    const now = new Date();
    const [zone] = await kit.rt.database.db
      .insert(resources)
      .values({
        workspaceId: kit.owner.workspaceId,
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
    await expect(kit.setTags({ id: zone!.id, set: { team: "a" } })).rejects.toThrow(
      /Unsupported: Cloudflare's API takes tags on DNS records only, not on dns.zone/,
    );
  });

  it("answers a provider failure as unavailable and stores nothing", async () => {
    const droplets = await kit.find("digitalocean", "compute.vm");
    const stage = droplets.find((d) => d.tags.env === "stage")!;
    const failing = { status: 500, body: { id: "server_error", message: "boom" } };
    kit.doReplay.fail("/v2/tags", failing, failing, failing);
    await expect(kit.setTags({ id: stage.id, set: { tier: "gold" } })).rejects.toMatchObject({
      code: "unavailable",
    });
    const detail = await kit.detail(stage.id);
    expect(detail.tags.tier).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { setupDiscoveryTest } from "../../../test/support/discovery.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { startDigitalOceanReplay } from "./replay.testing.ts";

const kit = setupDiscoveryTest({
  provider: "digitalocean",
  ownerEmail: "do@example.com",
  workspace: "DigitalOcean",
  startReplay: () => startDigitalOceanReplay({ pageSize: 2 }),
});
const { discover, search } = kit;

describe("DigitalOcean through connectors.create and connectors.discover", () => {
  it("stores the token in the vault, tests it and shows it masked", async () => {
    const created = await kit.connect({
      name: "DO team",
      credentials: { method: "api-token", token: kit.replay.token },
      endpoint: kit.replay.url,
    });
    expect(created.credentials).toEqual({
      method: "api-token",
      hint: `••••${kit.replay.token.slice(-4)}`,
    });
    const test = await kit.call("connectors.test", { id: kit.connectorId });
    expect(test).toMatchObject({ ok: true, account: "5df3e3004a17e242b7c20ca6c9fc25b701a47ece" });
    const listed = await kit.call("connectors.list", {});
    expect(JSON.stringify([created, listed])).not.toContain(kit.replay.token);
  });

  it("discovers every service into the inventory, searchable by type and tag", async () => {
    const scan = await discover();
    expect(scan.status).toBe("succeeded");
    expect(scan.scopes).toHaveLength(8);
    const all = await search();
    expect(all.total).toBe(scan.resourcesSeen);
    const types = Object.fromEntries(all.facets!.type.map((f) => [f.value, f.count]));
    expect(types).toEqual({
      "compute.vm": 3,
      "storage.volume": 2,
      "db.instance": 1,
      "network.lb": 2,
      "network.vpc": 3,
      "network.security-group": 1,
      "k8s.cluster": 1,
      "dns.zone": 1,
      "dns.record": 4,
    });
    expect((await search({ tag: "env=stage" })).items.map((i) => i.name)).toEqual([
      "stage.example.com",
    ]);
    expect((await search({ tag: "web" })).items.map((i) => i.name)).toEqual(["example.com"]);
  });

  it("shows a droplet with its relations resolved to other discovered resources", async () => {
    const [lb] = (await search({ type: "network.lb", q: "example-lb-01" })).items;
    const detail = (await kit.call("inventory.get", {
      id: lb!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.relations).toContainEqual(
      expect.objectContaining({
        type: "routes-to",
        direction: "out",
        nativeId: "do:droplet:3164444",
        name: "example.com",
      }),
    );
    expect(detail.costResourceId).toBe("4de7ac8b-495b-4884-9a69-1050c6793cd6");
  });

  it("keeps every resource when one service keeps failing (a partial scan deletes nothing)", async () => {
    const before = (await search()).total;
    const failure = { status: 500, body: { id: "server_error", message: "Server Error" } };
    kit.replay.fail("/v2/volumes", ...Array.from({ length: 10 }, () => failure));
    const scan = await discover();
    expect(scan.status).toBe("partial");
    expect(scan.scopes.find((s) => s.service === "volumes")).toMatchObject({ status: "failed" });
    expect(scan.deleted).toBe(0);
    expect((await search()).total).toBe(before);
  }, 60_000);
});

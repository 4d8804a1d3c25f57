import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverAndWait, searchInventory } from "../../../test/support/discovery.ts";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { type DigitalOceanReplay, startDigitalOceanReplay } from "./replay.testing.ts";

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let replay: DigitalOceanReplay;
let connectorId: string;

beforeAll(async () => {
  replay = await startDigitalOceanReplay({ pageSize: 2 });
  rt = await createTestRuntime();
  owner = await createOwner(rt, "do@example.com", "DigitalOcean");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
  await replay?.close();
});

const discover = () => discoverAndWait(rt, owner.caller, connectorId);
const search = (input: object = {}) => searchInventory(rt, owner.caller, "digitalocean", input);

describe("DigitalOcean through connectors.create and connectors.discover", () => {
  it("stores the token in the vault, tests it and shows it masked", async () => {
    const created = (await rt.as(owner.caller, "connectors.create", {
      provider: "digitalocean",
      name: "DO team",
      credentials: { method: "api-token", token: replay.token },
      endpoint: replay.url,
    })) as OperationOutput<"connectors.create">;
    connectorId = created.id;
    expect(created.credentials).toEqual({
      method: "api-token",
      hint: `••••${replay.token.slice(-4)}`,
    });
    const test = await rt.as(owner.caller, "connectors.test", { id: connectorId });
    expect(test).toMatchObject({ ok: true, account: "5df3e3004a17e242b7c20ca6c9fc25b701a47ece" });
    const listed = await rt.as(owner.caller, "connectors.list", {});
    expect(JSON.stringify([created, listed])).not.toContain(replay.token);
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
    const detail = (await rt.as(owner.caller, "inventory.get", {
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
    replay.fail("/v2/volumes", ...Array.from({ length: 10 }, () => failure));
    const scan = await discover();
    expect(scan.status).toBe("partial");
    expect(scan.scopes.find((s) => s.service === "volumes")).toMatchObject({ status: "failed" });
    expect(scan.deleted).toBe(0);
    expect((await search()).total).toBe(before);
  }, 60_000);
});

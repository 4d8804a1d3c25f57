import { describe, expect, it } from "vitest";
import { startAzureReplay } from "../../../test/support/azure-replay.ts";
import { setupDiscoveryTest } from "../../../test/support/discovery.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { focusBill } from "../../modules/costs/anomalies/cost-file.testkit.ts";

const kit = setupDiscoveryTest({
  provider: "azure",
  ownerEmail: "azure@example.com",
  workspace: "Azure",
  startReplay: () => startAzureReplay({ pageSize: 2 }),
});
const { discover, search } = kit;

describe("Azure through connectors.create and connectors.discover", () => {
  it("offers the least-privilege role in the wizard", async () => {
    const providers = (await kit.call(
      "connectors.providers",
      {},
    )) as OperationOutput<"connectors.providers">;
    const azure = providers.find((p) => p.provider === "azure");
    expect(azure?.policy.format).toBe("json");
    expect(JSON.parse(azure!.policy.text).Actions).toContain("Microsoft.Compute/disks/read");
  });

  it("stores the service principal in the vault, tests it and shows it masked", async () => {
    const created = await kit.connect({
      name: "Azure production",
      credentials: {
        method: "service-principal",
        tenantId: kit.replay.tenantId,
        clientId: kit.replay.clientId,
        clientSecret: kit.replay.clientSecret,
        subscriptionIds: kit.replay.subscriptionId,
      },
      endpoint: kit.replay.endpoint,
    });
    expect(created.credentials).toEqual({
      method: "service-principal",
      hint: `client ${kit.replay.clientId}, 1 subscription, ••••${kit.replay.clientSecret.slice(-4)}`,
    });
    const test = await kit.call("connectors.test", { id: kit.connectorId });
    expect(test).toMatchObject({ ok: true, account: kit.replay.subscriptionId });
    const listed = await kit.call("connectors.list", {});
    expect(JSON.stringify([created, listed, test])).not.toContain(kit.replay.clientSecret);
  });

  it("names the bad credential field", async () => {
    await expect(
      kit.call("connectors.create", {
        provider: "azure",
        name: "Broken",
        credentials: {
          method: "service-principal",
          tenantId: "x",
          clientId: kit.replay.clientId,
          clientSecret: "s",
          subscriptionIds: "",
        },
      }),
    ).rejects.toThrow(/^credentials\.tenantId: not a tenant/);
  });

  it("discovers every service into the inventory, related and searchable", async () => {
    const scan = await discover();
    expect(scan.status).toBe("succeeded");
    expect(scan.scopes).toHaveLength(6);
    const all = await search();
    expect(all.total).toBe(scan.resourcesSeen);
    const types = Object.fromEntries(all.facets!.type.map((f) => [f.value, f.count]));
    expect(types).toEqual({
      "resource-group": 6,
      "compute.vm": 2,
      "storage.volume": 4,
      "db.server": 1,
      "db.instance": 2,
      "compute.app": 2,
      "storage.bucket": 3,
    });
    expect((await search({ tag: "project=ManagedDisks" })).items.map((i) => i.name).sort()).toEqual(
      ["myManagedDisk", "myManagedDisk1", "myManagedDisk3"],
    );
    const [db] = (await search({ type: "db.instance", q: "testdb" })).items;
    const detail = (await kit.call("inventory.get", {
      id: db!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.relations).toContainEqual(
      expect.objectContaining({ type: "member-of", direction: "out", name: "testsvr" }),
    );
    expect(detail.relations).toContainEqual(
      expect.objectContaining({
        type: "member-of",
        direction: "out",
        name: "Default-SQL-SouthEastAsia",
      }),
    );
  });

  it("links a VM to the costs a FOCUS export bills under its lower-case ARM id", async () => {
    const [vm] = (await search({ type: "compute.vm", q: "virtualMachine-1" })).items;
    const detail = (await kit.call("inventory.get", {
      id: vm!.id,
    })) as OperationOutput<"inventory.get">;
    // Cost Management's FOCUS export writes ResourceId lower-cased, as the connector does.
    expect(detail.costResourceId).toBe(detail.costResourceId!.toLowerCase());
    const upload = focusBill(
      [
        {
          service: "Virtual Machines",
          id: detail.costResourceId!,
          name: "virtualMachine-1",
          region: "eastus",
          daily: 2,
          account: kit.replay.subscriptionId,
        },
      ],
      { days: 5, noise: 0 },
    );
    await kit.rt.as({ ...kit.owner.caller, upload }, "costs.import", {});
    const withCost = (await kit.call("inventory.get", {
      id: vm!.id,
    })) as OperationOutput<"inventory.get">;
    const total = withCost.cost.months.reduce((sum, m) => sum + Number(m.effectiveCost), 0);
    expect(total).toBeCloseTo(10, 6);
  });

  it("keeps every resource when one service keeps failing (a partial scan deletes nothing)", async () => {
    const before = (await search()).total;
    const failure = {
      status: 500,
      body: { error: { code: "InternalServerError", message: "boom" } },
    };
    kit.replay.fail(
      "/microsoft.storage/storageaccounts",
      ...Array.from({ length: 10 }, () => failure),
    );
    const scan = await discover();
    expect(scan.status).toBe("partial");
    expect(scan.scopes.find((s) => s.service.startsWith("storage/"))).toMatchObject({
      status: "failed",
    });
    expect(scan.deleted).toBe(0);
    expect((await search()).total).toBe(before);
  }, 60_000);
});

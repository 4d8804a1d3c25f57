import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { setupDiscoveryTest } from "../../../test/support/discovery.ts";
import { startGcpReplay } from "../../../test/support/gcp-replay.ts";
import type { OperationOutput } from "../../adapters/client.ts";

const kit = setupDiscoveryTest({
  provider: "gcp",
  ownerEmail: "gcp@example.com",
  workspace: "GCP",
  startReplay: () => startGcpReplay({ pageSize: 2 }),
});
const { discover, search } = kit;

describe("GCP through connectors.create and connectors.discover", () => {
  it("offers the roles to grant in the wizard", async () => {
    const providers = (await kit.call(
      "connectors.providers",
      {},
    )) as OperationOutput<"connectors.providers">;
    const gcp = providers.find((p) => p.provider === "gcp");
    expect(gcp).toMatchObject({ label: "Google Cloud", policy: { format: "text" } });
    expect(gcp!.policy.text).toContain("roles/compute.viewer");
  });

  it("stores the pasted key in the vault, tests it and never shows it back", async () => {
    const created = await kit.connect({
      name: "GCP production",
      credentials: { method: "service-account-key", serviceAccountKey: kit.replay.keyText },
      endpoint: kit.replay.endpoint,
    });
    expect(created.credentials.method).toBe("service-account-key");
    expect(created.credentials.hint).toContain(kit.replay.key.client_email);
    const test = await kit.call("connectors.test", { id: kit.connectorId });
    expect(test).toMatchObject({ ok: true, account: kit.replay.project });
    const listed = await kit.call("connectors.list", {});
    const shown = JSON.stringify([created, listed, test]);
    expect(shown).not.toContain("PRIVATE KEY");
    expect(shown).not.toContain(kit.replay.key.private_key!.split("\n")[1]!);
  });

  it("names the bad key field", async () => {
    await expect(
      kit.call("connectors.create", {
        provider: "gcp",
        name: "Broken",
        credentials: {
          method: "service-account-key",
          serviceAccountKey: JSON.stringify({ ...kit.replay.key, client_email: "" }),
        },
      }),
    ).rejects.toThrow(/^credentials\.serviceAccountKey\.client_email: /);
  });

  it("discovers every service into the inventory, related and searchable", async () => {
    const scan = await discover();
    expect(scan.status).toBe("succeeded");
    expect(scan.scopes).toHaveLength(5);
    const all = await search();
    expect(all.total).toBe(scan.resourcesSeen);
    const types = Object.fromEntries(all.facets!.type.map((f) => [f.value, f.count]));
    expect(types).toEqual({
      "compute.vm": 3,
      "storage.volume": 4,
      "db.instance": 2,
      "compute.function": 2,
      "storage.bucket": 3,
    });
    const [web] = (await search({ type: "compute.vm", q: "web-1" })).items.filter(
      (i) => i.name === "web-1",
    );
    const detail = (await kit.call("inventory.get", {
      id: web!.id,
    })) as OperationOutput<"inventory.get">;
    expect(detail.relations).toContainEqual(
      expect.objectContaining({ type: "attached-to", direction: "in", name: "web-1-boot" }),
    );
    expect((await search({ tag: "team=data" })).items.map((i) => i.name).sort()).toEqual([
      "acme-eu-backups",
      "batch-1",
      "legacy-mysql",
      "old-data",
    ]);
  });

  it("links resources to the ResourceIds a GCP billing export writes", async () => {
    const billing = readFileSync(
      path.resolve(import.meta.dirname, "../../../test/fixtures/billing/gcp-billing-export.jsonl"),
      "utf8",
    );
    const billed = new Set(
      billing
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).resource?.global_name as string),
    );
    const linked = [];
    for (const item of (await search()).items) {
      const detail = (await kit.call("inventory.get", {
        id: item.id,
      })) as OperationOutput<"inventory.get">;
      if (detail.costResourceId && billed.has(detail.costResourceId)) linked.push(item.name);
    }
    expect(linked.sort()).toEqual(["acme-assets", "api", "web-1", "web-1-boot"]);
  });

  it("keeps every resource when one zone fails mid-scan (a partial scan deletes nothing)", async () => {
    const before = (await search()).total;
    const failure = {
      status: 500,
      body: { error: { code: 500, message: "Internal error", status: "INTERNAL" } },
    };
    // The instance listing's second page fails on every attempt; the first page was served.
    kit.replay.fail("/aggregated/instances?maxResults=500&pageToken=2", ...Array(10).fill(failure));
    // And a disk zone is reported unreachable while the rest of the list is fine.
    kit.replay.fail("/aggregated/disks", {
      status: 200,
      body: {
        kind: "compute#diskAggregatedList",
        items: {
          "zones/us-central1-a": { disks: [kit.replay.data.disks[0]![1]] },
          "zones/europe-west1-b": {
            warning: { code: "UNREACHABLE", message: "The zone 'europe-west1-b' is unreachable." },
          },
        },
      },
    });
    const scan = await discover();
    expect(scan.status).toBe("partial");
    const failed = scan.scopes.filter((s) => s.status === "failed").map((s) => s.service);
    expect(failed.sort()).toEqual([
      `compute-disks/${kit.replay.project}`,
      `compute-instances/${kit.replay.project}`,
    ]);
    expect(scan.deleted).toBe(0);
    expect((await search()).total).toBe(before);
    kit.replay.clearFaults();
  }, 60_000);

  it("marks a vanished resource deleted after a complete scan", async () => {
    const before = (await search()).total;
    const gone = kit.replay.data.buckets.findIndex((b) => b.name === "acme-eu-backups");
    const [removed] = kit.replay.data.buckets.splice(gone, 1);
    try {
      const scan = await discover();
      expect(scan.status).toBe("succeeded");
      expect(scan.deleted).toBe(1);
      const after = await search();
      expect(after.total).toBe(before - 1);
      expect(after.items.map((i) => i.name)).not.toContain("acme-eu-backups");
      const { items } = (await kit.call("inventory.changes", {
        connectorId: kit.connectorId,
        kind: "deleted",
      })) as OperationOutput<"inventory.changes">;
      expect(items.map((c) => c.resourceName)).toEqual(["acme-eu-backups"]);
    } finally {
      kit.replay.data.buckets.splice(gone, 0, removed!);
    }
  }, 60_000);
});

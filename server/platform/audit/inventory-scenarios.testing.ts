// Audit scenarios for connectors and discovery: one successful call of each mutation, for
// audit.test.ts. Nothing here reaches a cloud: creating stores; discovering and pulling only
// queue a job.

import { startDigitalOceanReplay } from "../../connectors/digitalocean/replay.testing.ts";
import { resources } from "../../modules/inventory/inventory.schema.ts";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

/** Must never appear in the audit log (the credentials object is redacted whole). */
export const CONNECTOR_SECRET = "audited-secret-access-key-5d1e7a";

let created = 0;
const connectorInput = () => ({
  provider: "aws",
  name: `Audited AWS ${++created}`,
  credentials: {
    method: "access-keys",
    accessKeyId: "AKIAAUDITSCENARIO001",
    secretAccessKey: CONNECTOR_SECRET,
  },
  regions: ["eu-west-1"],
});

export function inventoryScenarios(kit: ScenarioKit): Scenarios {
  const connector = async () =>
    (await kit.as(kit.owner(), "connectors.create", connectorInput())) as { id: string };
  const resource = async () => {
    const now = new Date();
    const [row] = await kit
      .db()
      .insert(resources)
      .values({
        workspaceId: kit.workspaceId(),
        provider: "aws",
        account: "123456789012",
        region: "eu-west-1",
        scope: "ec2@eu-west-1",
        type: "compute.vm",
        nativeType: "AWS::EC2::Instance",
        nativeId: `i-audit${++created}`,
        name: "Audited instance",
        state: "running",
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .returning({ id: resources.id });
    return row!.id;
  };
  return {
    "connectors.create": () => kit.call(kit.owner(), "connectors.create", connectorInput()),
    "connectors.delete": async () =>
      kit.call(kit.owner(), "connectors.delete", { id: (await connector()).id }),
    "connectors.discover": async () =>
      kit.call(kit.owner(), "connectors.discover", { id: (await connector()).id }),
    // A resource Glass Pane knows but cannot reach (no connector): the action is refused
    // without a remote call, and the call is audited all the same.
    "resources.stop": async () =>
      kit.call(kit.owner(), "resources.stop", { ids: [await resource()] }),
    "resources.stopBilling": async () =>
      kit.call(kit.owner(), "resources.stopBilling", { ids: [await resource()] }),
    "resources.start": async () =>
      kit.call(kit.owner(), "resources.start", { ids: [await resource()] }),
    "resources.restart": async () =>
      kit.call(kit.owner(), "resources.restart", { ids: [await resource()] }),
    "resources.deallocate": async () =>
      kit.call(kit.owner(), "resources.deallocate", { ids: [await resource()] }),
    "resources.snapshot": async () =>
      kit.call(kit.owner(), "resources.snapshot", { ids: [await resource()] }),
    "resources.deleteVolume": async () =>
      kit.call(kit.owner(), "resources.deleteVolume", { ids: [await resource()] }),
    "resources.pause": async () =>
      kit.call(kit.owner(), "resources.pause", { ids: [await resource()] }),
    "resources.unpause": async () =>
      kit.call(kit.owner(), "resources.unpause", { ids: [await resource()] }),
    "resources.purgeCache": async () =>
      kit.call(kit.owner(), "resources.purgeCache", { ids: [await resource()] }),
    "connectors.pullMetrics": async () =>
      kit.call(kit.owner(), "connectors.pullMetrics", { id: (await connector()).id }),
    "connectors.pullCosts": async () =>
      kit.call(kit.owner(), "connectors.pullCosts", { id: (await connector()).id }),
    "connectors.setPulls": async () =>
      kit.call(kit.owner(), "connectors.setPulls", {
        id: (await connector()).id,
        metrics: true,
        costs: false,
      }),
    // Tags are written back to a provider: a DigitalOcean replay stands in for it.
    "resources.setTags": async () => {
      const replay = await startDigitalOceanReplay();
      try {
        const { id: connectorId } = (await kit.as(kit.owner(), "connectors.create", {
          provider: "digitalocean",
          name: `Audited DO ${++created}`,
          credentials: { method: "api-token", token: replay.token },
          endpoint: replay.url,
        })) as { id: string };
        const now = new Date();
        const [row] = await kit
          .db()
          .insert(resources)
          .values({
            workspaceId: kit.workspaceId(),
            connectorId,
            provider: "digitalocean",
            account: "audit",
            region: "nyc3",
            scope: "droplets@global",
            type: "compute.vm",
            nativeType: "droplet",
            nativeId: `do:droplet:${++created}`,
            name: "Audited droplet",
            state: "active",
            firstSeenAt: now,
            lastSeenAt: now,
          })
          .returning({ id: resources.id });
        return await kit.call(kit.owner(), "resources.setTags", {
          id: row!.id,
          set: { team: "audit" },
        });
      } finally {
        await replay.close();
      }
    },
    "compliance.tagPolicy.set": () =>
      kit.call(kit.owner(), "compliance.tagPolicy.set", { requiredTags: ["client"], types: [] }),
  };
}

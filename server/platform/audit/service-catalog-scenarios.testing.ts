// Audit scenarios for the service catalog (services.*): one successful call of each mutation.

import { resources } from "../../modules/inventory/inventory.schema.ts";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

let made = 0;

export function serviceCatalogScenarios(kit: ScenarioKit): Scenarios {
  const service = async () =>
    (await kit.as(kit.owner(), "services.create", { name: `Audited service ${++made}` })) as {
      id: string;
    };
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
        nativeId: `i-catalog${++made}`,
        name: "Catalogued instance",
        state: "running",
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .returning({ id: resources.id });
    return row!.id;
  };
  return {
    "services.create": () =>
      kit.call(kit.owner(), "services.create", {
        name: `Audited service ${++made}`,
        tier: "high",
        tagSelector: { service: "audited" },
      }),
    "services.update": async () =>
      kit.call(kit.owner(), "services.update", { id: (await service()).id, tier: "low" }),
    "services.delete": async () =>
      kit.call(kit.owner(), "services.delete", { id: (await service()).id }),
    "services.addResources": async () =>
      kit.call(kit.owner(), "services.addResources", {
        id: (await service()).id,
        resourceIds: [await resource()],
      }),
    "services.removeResources": async () => {
      const { id } = await service();
      const resourceId = await resource();
      await kit.as(kit.owner(), "services.addResources", { id, resourceIds: [resourceId] });
      return kit.call(kit.owner(), "services.removeResources", { id, resourceIds: [resourceId] });
    },
  };
}

// Audit scenarios for connectors and discovery: one successful call of each mutation, for
// audit.test.ts. Nothing here reaches a cloud: creating stores; discovering and pulling only
// queue a job.

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
  return {
    "connectors.create": () => kit.call(kit.owner(), "connectors.create", connectorInput()),
    "connectors.delete": async () =>
      kit.call(kit.owner(), "connectors.delete", { id: (await connector()).id }),
    "connectors.discover": async () =>
      kit.call(kit.owner(), "connectors.discover", { id: (await connector()).id }),
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
    "compliance.tagPolicy.set": () =>
      kit.call(kit.owner(), "compliance.tagPolicy.set", { requiredTags: ["client"], types: [] }),
  };
}

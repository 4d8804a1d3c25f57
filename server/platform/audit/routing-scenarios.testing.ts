// Audit scenarios for alert routing rules: one successful call of each mutation, for
// audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

export function routingScenarios(kit: ScenarioKit): Scenarios {
  const ownerId = () => (kit.owner().actor as { userId: string }).userId;
  const rule = async () =>
    (await kit.as(kit.owner(), "alerts.routing.create", {
      name: "Audited route",
      match: { service: "api" },
      assigneeUserId: ownerId(),
    })) as { id: string };
  return {
    "alerts.routing.create": () =>
      kit.call(kit.owner(), "alerts.routing.create", {
        name: "Critical to the owner",
        match: { severities: ["critical"] },
        assigneeUserId: ownerId(),
      }),
    "alerts.routing.update": async () =>
      kit.call(kit.owner(), "alerts.routing.update", {
        id: (await rule()).id,
        continueMatching: true,
      }),
    "alerts.routing.delete": async () =>
      kit.call(kit.owner(), "alerts.routing.delete", { id: (await rule()).id }),
  };
}

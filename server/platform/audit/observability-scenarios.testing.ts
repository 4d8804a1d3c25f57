// Audit scenarios for log ingest: one successful call of each mutation, for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

export function observabilityScenarios(kit: ScenarioKit): Scenarios {
  return {
    "ingest.keys.create": () =>
      kit.call(kit.owner(), "ingest.keys.create", {
        name: "Audited source",
        defaultService: "web",
      }),
    "ingest.keys.revoke": async () => {
      const key = (await kit.as(kit.owner(), "ingest.keys.create", {
        name: "Audited revoke",
        defaultService: "web",
      })) as { id: string };
      return kit.call(kit.owner(), "ingest.keys.revoke", { id: key.id });
    },
    "logs.minePatterns": () => kit.call(kit.owner(), "logs.minePatterns", {}),
    "observability.settings.set": () =>
      kit.call(kit.owner(), "observability.settings.set", { logRetentionDays: 7 }),
  };
}

// Audit scenarios for semantic search's one mutation, for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

export function searchScenarios(
  kit: ScenarioKit,
): Record<string, () => Promise<Record<string, unknown>>> {
  return {
    "search.reindex": () => kit.call(kit.owner(), "search.reindex", { kinds: ["doc"] }),
  };
}

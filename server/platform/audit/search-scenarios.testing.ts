// Audit scenarios for semantic search's mutations, for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

/** The embedding key the scenario sets: it must never reach the audit log. */
export const EMBEDDING_SECRET = "embedding-key-for-the-audit-0000";

export function searchScenarios(
  kit: ScenarioKit,
): Record<string, () => Promise<Record<string, unknown>>> {
  return {
    "search.reindex": () => kit.call(kit.owner(), "search.reindex", { kinds: ["doc"] }),
    "search.embeddings.set": () =>
      kit.call(kit.owner(), "search.embeddings.set", {
        provider: "ollama",
        model: "nomic-embed-text",
        baseUrl: "http://127.0.0.1:9/",
        apiKey: EMBEDDING_SECRET,
      }),
  };
}

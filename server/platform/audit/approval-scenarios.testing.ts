// Audit scenarios for approvals and MCP grants: one successful call of each mutation, for
// audit.test.ts. Requests are made by the owner's session (the same path MCP tokens take).

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

export function approvalScenarios(kit: ScenarioKit): Scenarios {
  let count = 0;
  const request = async () =>
    (await kit.as(kit.owner(), "approvals.request", {
      operation: "projects.create",
      input: { key: `APV${++count}`, name: `Approval scenario ${count}` },
      note: "audit scenario",
    })) as { id: string };

  return {
    "approvals.request": () =>
      kit.call(kit.owner(), "approvals.request", {
        operation: "projects.create",
        input: { key: "APVR", name: "Requested in the audit scenario" },
        source: "api",
      }),
    "approvals.approve": async () =>
      kit.call(kit.owner(), "approvals.approve", { id: (await request()).id }),
    "approvals.deny": async () =>
      kit.call(kit.owner(), "approvals.deny", { id: (await request()).id, reason: "audit" }),
    "mcp.tokens.grant": async () => {
      const token = (await kit.as(kit.owner(), "tokens.create", { name: "mcp grant" })) as {
        id: string;
      };
      return kit.call(kit.owner(), "mcp.tokens.grant", { tokenId: token.id, autoApprove: true });
    },
  };
}

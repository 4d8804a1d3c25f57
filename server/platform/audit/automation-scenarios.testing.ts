// Audit scenarios for automations: one successful call of each mutation, for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

const definition = (trigger: Record<string, unknown>) => ({
  name: "Audited automation",
  trigger,
  steps: [
    { kind: "operation", key: "find", operation: "projects.list", input: {} },
    {
      kind: "operation",
      key: "make",
      operation: "projects.create",
      input: { key: "AUTO", name: "From an automation" },
    },
  ],
});

export function automationScenarios(kit: ScenarioKit): Scenarios {
  const create = async (trigger: Record<string, unknown> = { kind: "manual" }) =>
    (await kit.as(kit.owner(), "automations.create", definition(trigger))) as { id: string };

  return {
    "automations.create": () =>
      kit.call(kit.owner(), "automations.create", definition({ kind: "webhook" })),
    "automations.update": async () =>
      kit.call(kit.owner(), "automations.update", {
        id: (await create()).id,
        enabled: false,
        trigger: { kind: "schedule", cron: "0 8 * * 1" },
      }),
    "automations.delete": async () =>
      kit.call(kit.owner(), "automations.delete", { id: (await create()).id }),
    "automations.preapprove": async () =>
      kit.call(kit.owner(), "automations.preapprove", {
        id: (await create()).id,
        stepKey: "make",
        preapproved: true,
      }),
    "automations.webhook.rotate": async () =>
      kit.call(kit.owner(), "automations.webhook.rotate", {
        id: (await create({ kind: "webhook" })).id,
      }),
    "automations.run": async () =>
      kit.call(kit.owner(), "automations.run", {
        id: (await create()).id,
        payload: { why: "audit" },
      }),
  };
}

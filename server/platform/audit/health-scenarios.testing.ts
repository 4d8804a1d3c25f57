// Audit scenarios for health checks, alerts and incidents: one successful call of each mutation,
// for audit.test.ts. Checks point at a closed local port: running them records a quick failure.

import { randomUUID } from "node:crypto";
import { attachAlert } from "../../modules/observability/alerts/incidents.service.ts";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

export function healthScenarios(kit: ScenarioKit): Scenarios {
  let count = 0;
  const check = async () =>
    (await kit.as(kit.owner(), "health.checks.create", {
      kind: "tcp",
      name: `Audited check ${++count}`,
      target: "127.0.0.1:1",
      isEnabled: false,
    })) as { id: string };
  const rule = async () =>
    (await kit.as(kit.owner(), "alerts.rules.create", {
      name: `Audited rule ${++count}`,
      kind: "health_check_failing",
    })) as { id: string };
  const incident = async () =>
    attachAlert(
      kit.db(),
      { id: randomUUID(), workspaceId: kit.workspaceId(), summary: "Audited outage", labels: {} },
      `audit:${++count}`,
      "warning",
      new Date(),
    );
  const silence = async () =>
    (await kit.as(kit.owner(), "alerts.silences.create", {
      matchers: [{ label: "check", value: "Audited" }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: "audited",
    })) as { id: string };

  return {
    "health.checks.create": () =>
      kit.call(kit.owner(), "health.checks.create", {
        kind: "http",
        name: "Audited site",
        target: "https://example.com/",
        isEnabled: false,
      }),
    "health.checks.update": async () =>
      kit.call(kit.owner(), "health.checks.update", { id: (await check()).id, name: "Renamed" }),
    "health.checks.delete": async () =>
      kit.call(kit.owner(), "health.checks.delete", { id: (await check()).id }),
    "health.checks.run": async () =>
      kit.call(kit.owner(), "health.checks.run", { id: (await check()).id }),
    "health.settings.update": () =>
      kit.call(kit.owner(), "health.settings.update", { allowPrivateTargets: true }),
    "health.statusPage.update": async () =>
      kit.call(kit.owner(), "health.statusPage.update", {
        isEnabled: true,
        slug: "audited-status",
        title: "Audited status",
        checkIds: [(await check()).id],
      }),
    "alerts.rules.create": () =>
      kit.call(kit.owner(), "alerts.rules.create", {
        name: "Audited create",
        kind: "cost_anomaly",
        params: { minSeverity: "high" },
      }),
    "alerts.rules.update": async () =>
      kit.call(kit.owner(), "alerts.rules.update", { id: (await rule()).id, forSeconds: 120 }),
    "alerts.rules.delete": async () =>
      kit.call(kit.owner(), "alerts.rules.delete", { id: (await rule()).id }),
    "alerts.silences.create": () =>
      kit.call(kit.owner(), "alerts.silences.create", {
        matchers: [{ label: "service", value: "shop", isEqual: true }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: "deploy window",
      }),
    "alerts.silences.expire": async () =>
      kit.call(kit.owner(), "alerts.silences.expire", { id: (await silence()).id }),
    "alerts.destinations.create": () =>
      kit.call(kit.owner(), "alerts.destinations.create", {
        name: "Audited hook",
        url: "https://hooks.example.com/alerts",
      }),
    "alerts.destinations.delete": async () => {
      const made = (await kit.as(kit.owner(), "alerts.destinations.create", {
        name: "To delete",
        url: "https://hooks.example.com/delete",
      })) as { id: string };
      return kit.call(kit.owner(), "alerts.destinations.delete", { id: made.id });
    },
    "incidents.acknowledge": async () =>
      kit.call(kit.owner(), "incidents.acknowledge", { id: (await incident()).id }),
    "incidents.resolve": async () =>
      kit.call(kit.owner(), "incidents.resolve", { id: (await incident()).id, note: "fixed" }),
    "incidents.comment": async () =>
      kit.call(kit.owner(), "incidents.comment", { id: (await incident()).id, body: "Looking" }),
  };
}

// Audit scenarios for dashboards and saved log searches: one successful call of each mutation,
// for audit.test.ts.

import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

const panel = {
  title: "Requests",
  query: { kind: "metric", metric: "http_requests_total", aggregation: "sum" },
  chart: "line",
  x: 0,
  y: 0,
  w: 6,
  h: 3,
};

export function dashboardScenarios(kit: ScenarioKit): Scenarios {
  let count = 0;
  const dashboard = async () =>
    (await kit.as(kit.owner(), "dashboards.create", { name: `Audited ${++count}` })) as {
      id: string;
    };
  const search = async () =>
    (await kit.as(kit.owner(), "logs.savedSearches.create", {
      name: `Audited search ${++count}`,
      query: { level: "error" },
    })) as { id: string };
  return {
    "dashboards.create": () =>
      kit.call(kit.owner(), "dashboards.create", { name: "Audited create", panels: [panel] }),
    "dashboards.update": async () =>
      kit.call(kit.owner(), "dashboards.update", { id: (await dashboard()).id, panels: [panel] }),
    "dashboards.delete": async () =>
      kit.call(kit.owner(), "dashboards.delete", { id: (await dashboard()).id }),
    "logs.savedSearches.create": () =>
      kit.call(kit.owner(), "logs.savedSearches.create", {
        name: "Audited saved search",
        query: { q: "timeout", service: "web" },
      }),
    "logs.savedSearches.delete": async () =>
      kit.call(kit.owner(), "logs.savedSearches.delete", { id: (await search()).id }),
  };
}

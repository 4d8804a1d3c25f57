// Audit scenarios for host connectors and Prometheus scrape targets: one successful call of each
// mutation, for audit.test.ts. Nothing here reaches a host: a scrape of an unused loopback port is
// recorded as a failed scrape (the operation itself succeeds).

import ssh2 from "ssh2";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

let created = 0;
const hostConnector = () => ({
  provider: "host",
  name: `Audited host ${++created}`,
  credentials: {
    method: "ssh-key",
    host: "192.0.2.10",
    port: 22,
    user: "glasspane",
    privateKey: ssh2.utils.generateKeyPairSync("ed25519").private,
  },
});

let targets = 0;
const targetInput = () => ({
  name: `Audited target ${++targets}`,
  url: `http://127.0.0.1:9/metrics?n=${targets}`,
  intervalSeconds: 120,
});

export function hostsScenarios(kit: ScenarioKit): Scenarios {
  const target = async () =>
    (await kit.as(kit.owner(), "scrape.targets.create", targetInput())) as { id: string };
  return {
    "hosts.resetHostKey": async () => {
      const connector = (await kit.as(kit.owner(), "connectors.create", hostConnector())) as {
        id: string;
      };
      return kit.call(kit.owner(), "hosts.resetHostKey", { connectorId: connector.id });
    },
    "scrape.targets.create": () => kit.call(kit.owner(), "scrape.targets.create", targetInput()),
    "scrape.targets.update": async () =>
      kit.call(kit.owner(), "scrape.targets.update", {
        id: (await target()).id,
        intervalSeconds: 300,
        isEnabled: false,
      }),
    "scrape.targets.delete": async () =>
      kit.call(kit.owner(), "scrape.targets.delete", { id: (await target()).id }),
    "scrape.targets.run": async () =>
      kit.call(kit.owner(), "scrape.targets.run", { id: (await target()).id }),
  };
}

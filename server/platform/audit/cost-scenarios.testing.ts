// Audit scenarios for the costs module's mutations (budgets, allocation, anomalies, imports) and
// notifications: one successful call each, for audit.test.ts.

import { costAnomalies } from "../../modules/costs/anomalies/anomalies.schema.ts";
import { focusFile } from "../../modules/costs/import/focus-file.testing.ts";
import type { Db } from "../db/database.ts";
import type { Caller } from "../operations/execute.ts";

export interface ScenarioKit {
  call(
    caller: Caller,
    name: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  as(caller: Caller, name: string, input: unknown): Promise<unknown>;
  owner(): Caller;
  db(): Db;
  workspaceId(): string;
}

const budget = {
  name: "Audited budget",
  period: "monthly",
  amount: "100",
  currency: "USD",
  thresholds: [{ percent: 80, basis: "actual" }],
};

const allocationRule = {
  name: "Audited rule",
  match: { tags: { client: ["acme"] } },
  targets: [{ kind: "client", key: "acme", percent: "100" }],
};

function costFile() {
  return focusFile([{ day: "2024-09-01", billed: "1.25" }]);
}

export function costScenarios(
  kit: ScenarioKit,
): Record<string, () => Promise<Record<string, unknown>>> {
  /** An open anomaly of the workspace, as detection would store it. */
  const insertAnomaly = async (key: string) => {
    const [anomaly] = await kit
      .db()
      .insert(costAnomalies)
      .values({
        workspaceId: kit.workspaceId(),
        day: "2024-09-10",
        dimension: "ServiceName",
        key,
        currency: "USD",
        actual: "90",
        expected: "10",
        lower: "8",
        upper: "12",
        score: 20,
        severity: "high",
        rootCause: [],
      })
      .returning({ id: costAnomalies.id });
    return anomaly!.id;
  };
  return {
    "costs.import": async () => {
      await kit.as({ ...kit.owner(), upload: costFile() }, "costs.import", {});
      return {};
    },
    "costs.imports.delete": async () => {
      const imported = (await kit.as(
        { ...kit.owner(), upload: costFile() },
        "costs.import",
        {},
      )) as {
        id: string;
      };
      return kit.call(kit.owner(), "costs.imports.delete", { id: imported.id });
    },
    "costs.allocation.rules.create": () =>
      kit.call(kit.owner(), "costs.allocation.rules.create", allocationRule),
    "costs.allocation.rules.update": async () => {
      const rule = (await kit.as(kit.owner(), "costs.allocation.rules.create", allocationRule)) as {
        id: string;
      };
      return kit.call(kit.owner(), "costs.allocation.rules.update", {
        id: rule.id,
        ...allocationRule,
      });
    },
    "budgets.create": () => kit.call(kit.owner(), "budgets.create", budget),
    "budgets.update": async () => {
      const created = (await kit.as(kit.owner(), "budgets.create", budget)) as { id: string };
      return kit.call(kit.owner(), "budgets.update", { id: created.id, amount: "200" });
    },
    "budgets.delete": async () => {
      const created = (await kit.as(kit.owner(), "budgets.create", budget)) as { id: string };
      return kit.call(kit.owner(), "budgets.delete", { id: created.id });
    },
    "notifications.markRead": () => kit.call(kit.owner(), "notifications.markRead", { all: true }),
    "costs.anomalies.detect": () => kit.call(kit.owner(), "costs.anomalies.detect", {}),
    "costs.anomalies.acknowledge": async () =>
      kit.call(kit.owner(), "costs.anomalies.acknowledge", {
        id: await insertAnomaly("Audited service"),
        note: "expected",
      }),
    "costs.anomalies.acknowledgeMany": async () =>
      kit.call(kit.owner(), "costs.anomalies.acknowledgeMany", {
        ids: [await insertAnomaly("Audited service A"), await insertAnomaly("Audited service B")],
        note: "one event",
      }),
    "costs.allocation.rules.delete": async () => {
      const rule = (await kit.as(kit.owner(), "costs.allocation.rules.create", allocationRule)) as {
        id: string;
      };
      return kit.call(kit.owner(), "costs.allocation.rules.delete", { id: rule.id });
    },
  };
}

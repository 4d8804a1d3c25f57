import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../../test/support/callers.ts";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { costAnomalies } from "../../costs/anomalies/anomalies.schema.ts";
import { evaluateWorkspace } from "./engine.ts";

/** Alert rules on cost anomalies: one alert per cost series while it has open anomalies. */

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "cost-alerts@example.com", "Cost alerts");
  owner = o.caller;
  workspaceId = o.workspaceId;
});
afterAll(async () => {
  await rt?.close();
});

const call = (name: Parameters<TestRuntime["as"]>[1], input: unknown = {}) =>
  rt.as(owner, name, input);
const evaluate = () => evaluateWorkspace(rt.database.db, rt.services, workspaceId);

describe("cost anomaly rules", () => {
  it("fire for an open anomaly and resolve once it is acknowledged", async () => {
    const [anomaly] = await rt.database.db
      .insert(costAnomalies)
      .values({
        workspaceId,
        day: new Date().toISOString().slice(0, 10),
        dimension: "ServiceName",
        key: "Amazon EC2",
        currency: "USD",
        actual: "912.40",
        expected: "310.00",
        lower: "250.00",
        upper: "370.00",
        score: 8.2,
        severity: "high",
        rootCause: [],
      })
      .returning();
    const rule = (await call("alerts.rules.create", {
      name: "Spend spike",
      kind: "cost_anomaly",
      params: { minSeverity: "medium" },
    })) as { id: string };
    expect((await evaluate()).fired).toBe(1);
    const [alert] = (
      (await call("alerts.list", { state: "firing" })) as OperationOutput<"alerts.list">
    ).filter((a) => a.ruleId === rule.id);
    expect(alert!.summary).toBe(
      `Amazon EC2 (ServiceName) cost 912.40 USD on ${anomaly!.day}, expected 310.00`,
    );
    // The next day's anomaly of the same series is the same alert, now saying how long.
    const today = anomaly!.day;
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const [earlier] = await rt.database.db
      .insert(costAnomalies)
      .values({ ...anomaly!, id: undefined, day: yesterday, actual: "850.00" })
      .returning();
    const again = await evaluate();
    expect(again.fired).toBe(0);
    const [lasting] = (
      (await call("alerts.list", { state: "firing" })) as OperationOutput<"alerts.list">
    ).filter((a) => a.ruleId === rule.id);
    expect(lasting!.id).toBe(alert!.id);
    expect(lasting!.summary).toBe(
      `Amazon EC2 (ServiceName) cost 912.40 USD on ${today}, expected 310.00; anomalous on 2 days since ${yesterday}`,
    );
    await call("costs.anomalies.acknowledge", { id: anomaly!.id });
    expect((await evaluate()).resolved).toBe(0); // yesterday's is still open
    await call("costs.anomalies.acknowledge", { id: earlier!.id });
    expect((await evaluate()).resolved).toBe(1);
    const bad = await refusal(() =>
      call("alerts.rules.create", {
        name: "Bad",
        kind: "cost_anomaly",
        params: { minSeverity: "huge" },
      }),
    );
    expect(bad.message).toMatch(/params\.minSeverity/);
  });
});

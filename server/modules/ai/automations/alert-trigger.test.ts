// The "alert fired" trigger end to end: samples cross a metric threshold, the alerts engine
// fires, and only the automations whose filters match start a run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { evaluateWorkspace } from "../../observability/alerts/engine.ts";
import { insertSamples } from "../../observability/metrics/metric-store.ts";
import { createAutomation, firstRunOf, settledRun } from "./automations.testkit.ts";

let rt: TestRuntime;
let owner: Person & { workspaceId: string };

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "alert-trigger@example.com", "Alert trigger");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const call = (name: Parameters<TestRuntime["as"]>[1], input: unknown = {}) =>
  rt.as(owner.caller, name, input);

describe("alert fired trigger", () => {
  it("starts a run of the matching automations when an alert fires, with the alert as payload", async () => {
    const critical = (await call("alerts.rules.create", {
      name: "Disk nearly full",
      kind: "metric_threshold",
      params: { metric: "disk_used_ratio", groupBy: ["host"], comparator: ">", threshold: 0.9 },
      severity: "critical",
    })) as { id: string };
    const quiet = (await call("alerts.rules.create", {
      name: "Disk fairly full",
      kind: "metric_threshold",
      params: { metric: "disk_used_ratio", comparator: ">", threshold: 0.5 },
      severity: "info",
    })) as { id: string };

    const onCritical = await createAutomation(rt, owner.caller, {
      name: "Page on disk",
      trigger: { kind: "alertFired", ruleId: critical.id },
      steps: [
        {
          kind: "notify",
          key: "tell",
          title: "{{trigger.ruleName}}: {{trigger.summary}}",
        },
      ],
    });
    const otherRule = await createAutomation(rt, owner.caller, {
      name: "Only the quiet rule, critical only",
      trigger: { kind: "alertFired", ruleId: quiet.id, minSeverity: "critical" },
      steps: [{ kind: "notify", key: "tell", title: "never" }],
    });

    // The samples come last: the worker evaluates rules on its own schedule, and a rule that
    // fired before its automation existed would never start a run.
    const now = Date.now();
    await insertSamples(
      rt.database.db,
      Array.from({ length: 10 }, (_, i) => ({
        workspaceId: owner.workspaceId,
        name: "disk_used_ratio",
        labels: { host: "db-1", service: "postgres" },
        time: new Date(now - i * 20_000),
        value: 0.97,
        resourceId: null,
      })),
    );
    // Evaluate now (the worker may also be evaluating: whichever fires first, one run per firing).
    await evaluateWorkspace(rt.database.db, rt.services, owner.workspaceId);
    const run = await firstRunOf(rt, owner.caller, onCritical.id);
    const done = await settledRun(rt, owner.caller, run.id, ["succeeded", "failed", "stopped"]);
    expect(done).toMatchObject({
      status: "succeeded",
      trigger: {
        kind: "alertFired",
        payload: {
          ruleId: critical.id,
          ruleName: "Disk nearly full",
          severity: "critical",
          // The group's labels (only group-by labels, as in PromQL) and the rule's.
          labels: { host: "db-1", metric: "disk_used_ratio", alertname: "Disk nearly full" },
        },
      },
    });
    expect(done.steps[0]!.input).toMatchObject({
      title:
        "Disk nearly full: avg(disk_used_ratio) {host=db-1} over 5 min is 0.97, threshold > 0.9",
    });
    // The info rule fired too, but its automation asks for critical ones only.
    const firing = (await call("alerts.list", { state: "firing" })) as { ruleId: string }[];
    expect(firing.map((a) => a.ruleId).sort()).toEqual([critical.id, quiet.id].sort());
    expect(await call("automations.runs.list", { automationId: otherRule.id })).toEqual([]);
    expect(await call("automations.runs.list", { automationId: onCritical.id })).toHaveLength(1);
  });

  it("refuses a trigger with an unknown severity, naming the field", async () => {
    await expect(
      createAutomation(rt, owner.caller, {
        name: "Bad",
        trigger: { kind: "alertFired", minSeverity: "loud" },
        steps: [{ kind: "notify", key: "tell", title: "x" }],
      }),
    ).rejects.toThrow(/minSeverity/);
  });
});

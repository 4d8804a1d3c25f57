import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { evaluateWorkspace } from "./engine.ts";

// Rules that stop being evaluated (turned off, deleted) and silences made while alerts fire.

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "ops@example.com", "Ops");
  owner = o.caller;
  workspaceId = o.workspaceId;
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

type Alert = OperationOutput<"alerts.list">[number];
type Incident = OperationOutput<"incidents.get">;
type Rule = OperationOutput<"alerts.rules.list">[number];

const call = (name: Parameters<TestRuntime["as"]>[1], input: unknown = {}) =>
  rt.as(owner, name, input);
const evaluate = () => evaluateWorkspace(rt.database.db, rt.services, workspaceId);
const alertsOf = async (ruleId: string) =>
  ((await call("alerts.list", { limit: 500 })) as Alert[]).filter((a) => a.ruleId === ruleId);
const incident = (id: string) => call("incidents.get", { id }) as Promise<Incident>;

/** A TCP check of a closed port (down once run) and a rule firing at once when it fails. */
async function failingRule(name: string) {
  const check = (await call("health.checks.create", {
    kind: "tcp",
    name,
    target: "127.0.0.1:1",
  })) as { id: string };
  await call("health.checks.run", { id: check.id });
  const rule = (await call("alerts.rules.create", {
    name: `${name} down`,
    kind: "health_check_failing",
    params: { checkIds: [check.id] },
  })) as { id: string };
  await evaluate();
  const [alert] = await alertsOf(rule.id);
  expect(alert?.state).toBe("firing");
  return { rule, alert: alert! };
}

describe("a rule that stops being evaluated", () => {
  it("resolves its firing alert and closes the incident when turned off, and fires again when turned on", async () => {
    const { rule, alert } = await failingRule("Queue");
    await call("alerts.rules.update", { id: rule.id, isEnabled: false });
    const [after] = await alertsOf(rule.id);
    expect(after).toMatchObject({ id: alert.id, state: "resolved" });
    const history = (await call("alerts.history", { id: alert.id })) as { note: string | null }[];
    expect(history.at(-1)?.note).toBe("The rule was turned off");
    const closed = await incident(alert.incidentId!);
    expect(closed.status).toBe("resolved");
    expect(closed.timeline.map((e) => e.body)).toContain(
      `Resolved: ${alert.summary} (the rule was turned off)`,
    );
    // Off, it is not evaluated: nothing new while the check is still down.
    await evaluate();
    expect((await alertsOf(rule.id)).filter((a) => a.state !== "resolved")).toEqual([]);
    await call("alerts.rules.update", { id: rule.id, isEnabled: true });
    await evaluate();
    expect((await alertsOf(rule.id)).map((a) => a.state).sort()).toEqual(["firing", "resolved"]);
  });

  it("resolves its alerts in their incident's timeline before it is deleted", async () => {
    const { rule, alert } = await failingRule("Cache");
    await call("alerts.rules.delete", { id: rule.id });
    expect(await alertsOf(rule.id)).toEqual([]);
    const closed = await incident(alert.incidentId!);
    expect(closed.status).toBe("resolved");
    expect(closed.timeline.map((e) => e.kind)).toEqual(["opened", "alert_resolved", "resolved"]);
    expect(closed.timeline[1]!.body).toBe(`Resolved: ${alert.summary} (the rule was deleted)`);
  });

  it("leaves a rule edited but still on alone", async () => {
    const { rule, alert } = await failingRule("Mail");
    await call("alerts.rules.update", { id: rule.id, severity: "critical" });
    const [after] = await alertsOf(rule.id);
    expect(after).toMatchObject({ id: alert.id, state: "firing" });
    await call("alerts.rules.delete", { id: rule.id });
  });
});

describe("a silence made while alerts fire", () => {
  it("marks the open alerts it matches silenced, and only those", async () => {
    const search = await failingRule("Search");
    const billing = await failingRule("Billing");
    expect(search.alert.isSilenced).toBe(false);
    await call("alerts.silences.create", {
      matchers: [
        { label: "alertname", value: "Search down" },
        { label: "check", value: "Search" },
      ],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: "reindexing",
    });
    expect((await alertsOf(search.rule.id))[0]).toMatchObject({ isSilenced: true });
    expect((await alertsOf(billing.rule.id))[0]).toMatchObject({ isSilenced: false });
    // A silence that starts later marks nothing yet.
    await call("alerts.silences.create", {
      matchers: [{ label: "check", value: "Billing" }],
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      comment: "next maintenance window",
    });
    expect((await alertsOf(billing.rule.id))[0]).toMatchObject({ isSilenced: false });
  });
});

describe("a deleted health check", () => {
  it("leaves the rules that named it, and turns off a rule left with no check", async () => {
    const { rule: only, alert } = await failingRule("Cron");
    const other = (await call("health.checks.create", {
      kind: "tcp",
      name: "Cron backup",
      target: "127.0.0.1:1",
    })) as { id: string };
    const cron = ((await call("health.checks.list")) as { id: string; name: string }[]).find(
      (c) => c.name === "Cron",
    )!;
    const both = (await call("alerts.rules.create", {
      name: "Either cron down",
      kind: "health_check_failing",
      params: { checkIds: [cron.id, other.id] },
    })) as { id: string };
    await call("health.checks.delete", { id: cron.id });
    const rules = (await call("alerts.rules.list")) as Rule[];
    expect(rules.find((r) => r.id === both.id)).toMatchObject({
      isEnabled: true,
      params: { checkIds: [other.id] },
    });
    // Left with no check it is off, still naming the deleted one rather than an empty list
    // (every check); its alert resolved, saying why.
    expect(rules.find((r) => r.id === only.id)).toMatchObject({
      isEnabled: false,
      params: { checkIds: [cron.id] },
    });
    expect((await alertsOf(only.id))[0]).toMatchObject({ id: alert.id, state: "resolved" });
    const history = (await call("alerts.history", { id: alert.id })) as { note: string | null }[];
    expect(history.at(-1)?.note).toBe("Its only health check was deleted");
    // It can still be edited while off, but not turned on watching a deleted check; turned on
    // with an explicit list (here: none, so every check) it runs again.
    await call("alerts.rules.update", { id: only.id, name: "Cron down (retired)" });
    await expect(call("alerts.rules.update", { id: only.id, isEnabled: true })).rejects.toThrow(
      /params\.checkIds: no health check .* \(deleted\?\): name the checks/,
    );
    const again = (await call("alerts.rules.update", {
      id: only.id,
      isEnabled: true,
      params: { checkIds: [other.id] },
    })) as Rule;
    expect(again).toMatchObject({ isEnabled: true, params: { checkIds: [other.id] } });
  });
});

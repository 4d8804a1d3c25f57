// How incidents follow silences and a resolve by hand while their alerts still fire.
import { describe, expect, it } from "vitest";
import type { OperationOutput } from "../../../adapters/client.ts";
import { setupAlertsTest } from "./alerts.testing.ts";

const kit = setupAlertsTest("incident-silence@example.com", "Incident silences");
const { call, evaluate } = kit;

type Check = OperationOutput<"health.checks.create">;
type Alerts = OperationOutput<"alerts.list">;
type Incidents = OperationOutput<"incidents.list">;

/** A rule over a TCP check that is down (nothing listens on port 1), firing at once. */
async function downRule(name: string) {
  const check = (await call("health.checks.create", {
    kind: "tcp",
    name,
    target: "127.0.0.1:1",
  })) as Check;
  await call("health.checks.run", { id: check.id });
  const rule = (await call("alerts.rules.create", {
    name: `${name} down`,
    kind: "health_check_failing",
    params: { checkIds: [check.id] },
    forSeconds: 0,
  })) as { id: string };
  const alert = async () =>
    ((await call("alerts.list", {})) as Alerts).find(
      (a) => a.ruleId === rule.id && a.state === "firing",
    )!;
  const incidents = async () =>
    ((await call("incidents.list", {})) as Incidents).filter((i) => i.title.includes(name));
  const firingNotices = async () =>
    (
      (await call("notifications.list", { limit: 200 })) as OperationOutput<"notifications.list">
    ).items.filter((n) => n.title === `Firing: ${name} is down`).length;
  return { rule, alert, incidents, firingNotices };
}

describe("an alert that fires silenced", () => {
  it("opens no incident; when its silence ends while it fires, it opens one and is announced", async () => {
    const { alert, incidents, firingNotices } = await downRule("Mailer");
    const silence = (await call("alerts.silences.create", {
      matchers: [{ label: "check", value: "Mailer" }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: "mail relay move",
    })) as { id: string };
    expect(await evaluate()).toMatchObject({ fired: 1 });
    expect(await alert()).toMatchObject({ isSilenced: true, incidentId: null });
    expect(await incidents()).toEqual([]);
    expect(await firingNotices()).toBe(0);

    await call("alerts.silences.expire", { id: silence.id });
    await evaluate(new Date(Date.now() + 60_000));
    const [incident] = await incidents();
    expect(incident).toMatchObject({ status: "open" });
    expect(await alert()).toMatchObject({ isSilenced: false, incidentId: incident!.id });
    expect(await firingNotices()).toBe(1);
  });
});

describe("resolving an incident by hand while its alert still fires", () => {
  it("lets the alert go, says so, and the alert opens a new incident at the next evaluation", async () => {
    const { alert, incidents, firingNotices } = await downRule("Billing API");
    await evaluate();
    const [first] = await incidents();
    expect((await alert()).incidentId).toBe(first!.id);

    const answer = await call("incidents.resolve", { id: first!.id, note: "Looked fine to me" });
    expect(answer).toEqual({ ok: true, stillFiring: 1 });
    expect((await alert()).incidentId).toBeNull();
    const resolved = (await call("incidents.get", {
      id: first!.id,
    })) as OperationOutput<"incidents.get">;
    expect(resolved.status).toBe("resolved");
    expect(resolved.timeline.at(-1)!.body).toBe(
      "Looked fine to me (1 alert still firing: a new incident opens if it keeps firing)",
    );

    await evaluate(new Date(Date.now() + 60_000));
    const now = await incidents();
    expect(now).toHaveLength(2);
    const second = now.find((i) => i.id !== first!.id)!;
    expect(second.status).toBe("open");
    expect((await alert()).incidentId).toBe(second.id);
    expect(await firingNotices()).toBe(2);
    // The resolved one stays resolved; the next evaluation changes nothing more.
    await evaluate(new Date(Date.now() + 120_000));
    expect(await incidents()).toHaveLength(2);
    expect(await firingNotices()).toBe(2);
  });
});

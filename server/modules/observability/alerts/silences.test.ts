// Silences: what they cover while in force (Alertmanager's semantics), and how they end.
import { describe, expect, it } from "vitest";
import type { OperationOutput } from "../../../adapters/client.ts";
import { setupAlertsTest } from "./alerts.testing.ts";

const kit = setupAlertsTest("silences@example.com", "Silences");
const { call, evaluate } = kit;

type Check = OperationOutput<"health.checks.create">;

describe("silences follow alerts that are already firing", () => {
  // Alertmanager's semantics: a silence covers whatever matches while it is in force, whenever
  // the alert fired, and lets it go when it ends.
  it("covers a firing alert once it starts, and announces it again when expired", async () => {
    const check = (await call("health.checks.create", {
      kind: "tcp",
      name: "Cache",
      target: "127.0.0.1:1",
    })) as Check;
    await call("health.checks.run", { id: check.id });
    const rule = (await call("alerts.rules.create", {
      name: "Cache down",
      kind: "health_check_failing",
      params: { checkIds: [check.id] },
      forSeconds: 0,
    })) as { id: string };
    const firingNotices = async () =>
      (
        (await call("notifications.list", { limit: 200 })) as OperationOutput<"notifications.list">
      ).items.filter((n) => n.title === "Firing: Cache is down").length;
    const alertOf = async () =>
      ((await call("alerts.list", {})) as OperationOutput<"alerts.list">).find(
        (a) => a.ruleId === rule.id && a.state === "firing",
      )!;
    const t0 = Date.now();
    expect(await evaluate(new Date(t0))).toMatchObject({ fired: 1 });
    expect(await firingNotices()).toBe(1);

    // Scheduled a minute ahead: not yet in force, then in force at the next evaluation.
    const silence = (await call("alerts.silences.create", {
      matchers: [{ label: "check", value: "Cache" }],
      startsAt: new Date(t0 + 60_000).toISOString(),
      endsAt: new Date(t0 + 3_600_000).toISOString(),
      comment: "cache maintenance",
    })) as { id: string };
    await evaluate(new Date(t0 + 30_000));
    expect((await alertOf()).isSilenced).toBe(false);
    await evaluate(new Date(t0 + 90_000));
    const silenced = await alertOf();
    expect(silenced.isSilenced).toBe(true);

    // Ended by hand while the cache is still down: let go, and people are told it still fires.
    await call("alerts.silences.expire", { id: silence.id });
    await evaluate(new Date(Date.now() + 120_000));
    expect((await alertOf()).isSilenced).toBe(false);
    expect(await firingNotices()).toBe(2);
    const notes = (
      (await call("alerts.history", { id: silenced.id })) as OperationOutput<"alerts.history">
    ).map((e) => e.note);
    expect(notes).toContain("Silenced: nobody is notified");
    expect(notes).toContain("Its silence ended: notified");
    await call("alerts.rules.delete", { id: rule.id });
  });
});

describe("a silence in force from its creation", () => {
  it("marks the firing alerts it covers at once, and their history says so", async () => {
    const check = (await call("health.checks.create", {
      kind: "tcp",
      name: "Queue",
      target: "127.0.0.1:1",
    })) as Check;
    await call("health.checks.run", { id: check.id });
    const rule = (await call("alerts.rules.create", {
      name: "Queue down",
      kind: "health_check_failing",
      params: { checkIds: [check.id] },
      forSeconds: 0,
    })) as { id: string };
    expect(await evaluate(new Date())).toMatchObject({ fired: 1 });
    await call("alerts.silences.create", {
      matchers: [{ label: "check", value: "Queue" }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: "queue upgrade",
    });
    const alert = ((await call("alerts.list", {})) as OperationOutput<"alerts.list">).find(
      (a) => a.ruleId === rule.id && a.state === "firing",
    )!;
    expect(alert.isSilenced).toBe(true);
    const notes = (
      (await call("alerts.history", { id: alert.id })) as OperationOutput<"alerts.history">
    ).map((e) => e.note);
    expect(notes.filter((n) => n === "Silenced: nobody is notified")).toHaveLength(1);
    await call("alerts.rules.delete", { id: rule.id });
  });
});

describe("expiring silences", () => {
  it("keeps an ended silence's end, ends a future one where it would begin, lists latest ending first", async () => {
    const hour = 3_600_000;
    const create = (comment: string, startsIn: number, endsIn: number) =>
      call("alerts.silences.create", {
        matchers: [{ label: "alertname", value: comment }],
        startsAt: new Date(Date.now() + startsIn).toISOString(),
        endsAt: new Date(Date.now() + endsIn).toISOString(),
        comment,
      }) as Promise<{ id: string; startsAt: Date | string }>;
    const now = await create("now", 0, hour);
    const later = await create("later", 2 * hour, 3 * hour);
    await call("alerts.silences.expire", { id: now.id });
    const list = async () =>
      (await call("alerts.silences.list", {})) as {
        id: string;
        endsAt: string;
        startsAt: string;
      }[];
    const ended = (await list()).find((x) => x.id === now.id)!.endsAt;
    await new Promise((r) => setTimeout(r, 20));
    await call("alerts.silences.expire", { id: now.id });
    expect((await list()).find((x) => x.id === now.id)!.endsAt).toEqual(ended);
    await call("alerts.silences.expire", { id: later.id });
    const future = (await list()).find((x) => x.id === later.id)!;
    expect(new Date(future.endsAt).getTime()).toBe(new Date(future.startsAt).getTime());
    const ends = (await list()).map((x) => new Date(x.endsAt).getTime());
    expect(ends).toEqual([...ends].sort((a, b) => b - a));
  });
});

describe("editing a silence", () => {
  it("ends the old one and starts the new one in its place", async () => {
    const old = (await call("alerts.silences.create", {
      matchers: [{ label: "service", value: "billing" }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: "billing migration",
    })) as { id: string };
    const edited = (await call("alerts.silences.create", {
      matchers: [
        { label: "service", value: "billing" },
        { label: "env", value: "prod" },
      ],
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      comment: "billing migration, prod only",
      replaces: old.id,
    })) as { id: string };
    const list = (await call("alerts.silences.list", {})) as { id: string; endsAt: string }[];
    const now = Date.now();
    expect(new Date(list.find((x) => x.id === old.id)!.endsAt).getTime()).toBeLessThanOrEqual(now);
    expect(new Date(list.find((x) => x.id === edited.id)!.endsAt).getTime()).toBeGreaterThan(now);
  });
});

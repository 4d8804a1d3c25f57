import { beforeAll, describe, expect, it } from "vitest";
import { createOwner } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { alertRules, alerts, incidents } from "./alerts.schema.ts";
import { setupAlertsTest } from "./alerts.testing.ts";

const kit = setupAlertsTest("ops@example.com", "Ops");
const { call } = kit;

const MINUTE = 60_000;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * MINUTE);

/** A bad day: many newer resolved alerts and incidents above an old one still open. */
describe("lists with more rows than a page fetches", () => {
  beforeAll(async () => {
    const db = kit.rt.database.db;
    const [rule] = await db
      .insert(alertRules)
      .values({
        workspaceId: kit.workspaceId,
        name: "Boom per service",
        kind: "log_count",
        params: {},
        severity: "warning",
      })
      .returning();
    const alert = (key: string, state: string, since: Date) => ({
      workspaceId: kit.workspaceId,
      ruleId: rule!.id,
      key,
      state,
      labels: { alertname: "Boom per service", service: key },
      summary: `boom in ${key}`,
      activeSince: since,
      firedAt: since,
      resolvedAt: state === "resolved" ? since : null,
    });
    await db
      .insert(alerts)
      .values([
        alert("old-firing", "firing", ago(600)),
        alert("old-pending", "pending", ago(590)),
        ...Array.from({ length: 250 }, (_, i) => alert(`svc-${i}`, "resolved", ago(i))),
      ]);
    const incident = (n: number, fields: Partial<typeof incidents.$inferInsert>) => ({
      workspaceId: kit.workspaceId,
      title: `Incident ${n}`,
      status: "resolved",
      groupKey: `service:svc-${n}`,
      severity: "warning",
      openedAt: ago(n),
      lastAlertAt: ago(n),
      ...fields,
    });
    await db.insert(incidents).values([
      // Open for ten hours, acknowledged after 10 minutes.
      incident(600, { status: "acknowledged", acknowledgedAt: ago(590) }),
      // 40 days ago: outside the month's figures, but still unresolved now.
      incident(40 * 24 * 60, { status: "open" }),
      // 250 newer ones, each resolved after 2 minutes.
      ...Array.from({ length: 250 }, (_, i) => incident(i + 2, { resolvedAt: ago(i) })),
    ]);
  });

  it("lists every open alert apart from the resolved history", async () => {
    const open = (await call("alerts.list", {
      state: "open",
      limit: 5000,
    })) as OperationOutput<"alerts.list">;
    expect(open.map((a) => a.key).sort()).toEqual(["old-firing", "old-pending"]);
    // The newest 200 of every state would not have it: what the Alerts page showed before.
    const newest = (await call("alerts.list", { limit: 200 })) as OperationOutput<"alerts.list">;
    expect(newest.some((a) => a.key === "old-firing")).toBe(false);
  });

  it("lists every unresolved incident, whenever it opened", async () => {
    const unresolved = (await call("incidents.list", {
      status: "unresolved",
      limit: 5000,
    })) as OperationOutput<"incidents.list">;
    expect(unresolved.map((i) => i.title)).toEqual(["Incident 600", `Incident ${40 * 24 * 60}`]);
  });

  it("computes the month's figures over all incidents, not a page of them", async () => {
    const figures = (await call("incidents.figures", {
      days: 30,
    })) as OperationOutput<"incidents.figures">;
    expect(figures.opened).toBe(251);
    expect(figures.unresolved).toBe(2);
    expect(figures.mttaSeconds).toBeCloseTo(600, 0);
    expect(figures.mttrSeconds).toBeCloseTo(120, 0);
  });

  it("has no figures to give for a period without incidents", async () => {
    const other = await createOwner(kit.rt, "other@example.com", "Other");
    expect(await kit.rt.as(other.caller, "incidents.figures", {})).toEqual({
      opened: 0,
      unresolved: 0,
      mttaSeconds: null,
      mttrSeconds: null,
    });
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alertRules, alerts, incidents } from "./alerts.schema.ts";
import { setupAlertsTest } from "./alerts.testing.ts";
import { alertResolved, attachAlert } from "./incidents.service.ts";

const kit = setupAlertsTest("retitle@example.com", "Retitle");

describe("an incident that outlives the alert that opened it", () => {
  it("is named after the alerts that keep it open", async () => {
    const db = kit.rt.database.db;
    const [rule] = await db
      .insert(alertRules)
      .values({
        workspaceId: kit.workspaceId,
        name: "CPU high per host",
        kind: "metric_threshold",
        params: {},
        severity: "warning",
      })
      .returning();
    const start = new Date();
    const fire = async (host: string, minutes: number) => {
      const at = new Date(start.getTime() + minutes * 60_000);
      const [alert] = await db
        .insert(alerts)
        .values({
          workspaceId: kit.workspaceId,
          ruleId: rule!.id,
          key: host,
          state: "firing",
          labels: { alertname: "CPU high per host", host, metric: "cpu" },
          summary: `cpu on ${host} is 97`,
          activeSince: at,
          firedAt: at,
        })
        .returning();
      return {
        alert: alert!,
        incident: await attachAlert(db, alert!, "metric:cpu", "warning", at),
      };
    };
    const titleOf = async (id: string) =>
      (await db.select().from(incidents).where(eq(incidents.id, id)))[0]!.title;

    const b = await fire("b", 0);
    expect(b.incident.title).toBe("CPU high per host · b");
    const a = await fire("a", 1);
    expect(a.incident.id).toBe(b.incident.id);
    expect(a.incident.title).toBe("CPU high per host · b, a");

    // Host b recovers; a still burns.
    const later = new Date(start.getTime() + 5 * 60_000);
    await db
      .update(alerts)
      .set({ state: "resolved", resolvedAt: later })
      .where(eq(alerts.id, b.alert.id));
    await alertResolved(db, { ...b.alert, incidentId: b.incident.id }, later);
    expect(await titleOf(b.incident.id)).toBe("CPU high per host · a");

    // The last one resolves the incident, which keeps the title it ended with.
    await db
      .update(alerts)
      .set({ state: "resolved", resolvedAt: later })
      .where(eq(alerts.id, a.alert.id));
    await alertResolved(db, { ...a.alert, incidentId: a.incident.id }, later);
    const [ended] = await db.select().from(incidents).where(eq(incidents.id, a.incident.id));
    expect(ended).toMatchObject({ status: "resolved", title: "CPU high per host · a" });
  });
});

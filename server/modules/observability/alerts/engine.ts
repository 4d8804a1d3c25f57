import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";
import { alertEvents, alertRules, alerts } from "./alerts.schema.ts";
import { evaluatorOf, type Signal } from "./evaluators.ts";
import { alertResolved, attachAlert } from "./incidents.service.ts";
import { type AlertNotice, sendNotice } from "./notify.ts";
import { matches } from "./silence-match.ts";
import { activeSilences } from "./silences.ts";

type Rule = typeof alertRules.$inferSelect;
type Alert = typeof alerts.$inferSelect;

export interface EvaluationSummary {
  rules: number;
  pending: number;
  fired: number;
  resolved: number;
  errors: string[];
}

const noticeOf = (event: AlertNotice["event"], rule: Rule, alert: Alert): AlertNotice => ({
  event,
  alert: {
    id: alert.id,
    rule: rule.name,
    severity: rule.severity,
    summary: alert.summary,
    labels: alert.labels,
    annotations: alert.annotations,
    activeSince: alert.activeSince.toISOString(),
    firedAt: alert.firedAt?.toISOString() ?? null,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    incidentId: alert.incidentId,
  },
});

/**
 * Evaluates every enabled rule of a workspace once: a condition that appears is pending, one
 * that has held for the rule's `for` fires (unless silenced, people are told and it joins an
 * incident; a firing one whose incident was resolved by hand opens a new one), and one that is
 * gone resolves. Each rule runs in its own transaction, so one
 * failing evaluator does not hold back the others.
 */
export async function evaluateWorkspace(
  db: Db,
  services: Services,
  workspaceId: string,
  now = new Date(),
): Promise<EvaluationSummary> {
  const rules = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.isEnabled, true)));
  const silences = await activeSilences(db, workspaceId, now);
  const summary: EvaluationSummary = {
    rules: rules.length,
    pending: 0,
    fired: 0,
    resolved: 0,
    errors: [],
  };
  let silencing = 0;
  for (const rule of rules) {
    const evaluator = evaluatorOf(rule.kind);
    if (!evaluator) {
      summary.errors.push(`${rule.name}: unknown kind ${rule.kind}`);
      continue;
    }
    try {
      const signals = await evaluator.evaluate(evaluator.params.parse(rule.params), {
        db,
        workspaceId,
        now,
      });
      await db.transaction(async (tx) => {
        const step = await applySignals(tx as Db, services, rule, signals, silences, now);
        silencing += step.silencing;
        summary.pending += step.pending;
        summary.fired += step.fired;
        summary.resolved += step.resolved;
      });
    } catch (error) {
      summary.errors.push(
        `${rule.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (summary.pending + summary.fired + summary.resolved + silencing > 0)
    services.events.publish(workspaceId, { type: "changed", operation: "alerts.evaluate" });
  return summary;
}

/**
 * Resolves every open alert of a rule that stops being evaluated (turned off or deleted), as an
 * evaluation that found nothing would: pending ones are cancelled, firing ones resolve with
 * their incident's timeline and people told. Left open, they would stay firing for good.
 */
export async function closeRuleAlerts(
  db: Db,
  services: Services,
  rule: Rule,
  reason: string,
  now = new Date(),
): Promise<number> {
  const { resolved } = await applySignals(db, services, rule, [], [], now, reason);
  if (resolved > 0)
    services.events.publish(rule.workspaceId, { type: "changed", operation: "alerts.evaluate" });
  return resolved;
}

async function applySignals(
  db: Db,
  services: Services,
  rule: Rule,
  signals: Signal[],
  silences: { matchers: { label: string; value: string; isEqual: boolean }[] }[],
  now: Date,
  /** Why the open alerts end, when it is not that their condition cleared. */
  reason?: string,
) {
  const counts = { pending: 0, fired: 0, resolved: 0, silencing: 0 };
  const silenced = (labels: Record<string, string>) =>
    silences.some((s) => matches(s.matchers, labels));
  const open = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.ruleId, rule.id), inArray(alerts.state, ["pending", "firing"])))
    .for("update");
  const openByKey = new Map(open.map((a) => [a.key, a]));
  const event = (alert: Alert, state: string, note?: string) =>
    db.insert(alertEvents).values({
      workspaceId: rule.workspaceId,
      alertId: alert.id,
      at: now,
      state,
      note: note ?? null,
    });

  for (const signal of signals) {
    const labels = {
      ...signal.labels,
      alertname: rule.name,
      severity: rule.severity,
      ruleKind: rule.kind,
    };
    const annotations = signal.annotations ?? {};
    let alert = openByKey.get(signal.key);
    if (!alert) {
      const [created] = await db
        .insert(alerts)
        .values({
          workspaceId: rule.workspaceId,
          ruleId: rule.id,
          key: signal.key,
          state: "pending",
          labels,
          annotations,
          summary: signal.summary.slice(0, 500),
          activeSince: now,
          isSilenced: silenced(labels),
        })
        .onConflictDoNothing()
        .returning();
      if (!created) continue; // another evaluation got there first
      alert = created;
      await event(alert, "pending", signal.summary);
      counts.pending++;
    }
    const summary = signal.summary.slice(0, 500);
    if (
      alert.summary !== summary ||
      !sameLabels(alert.labels, labels) ||
      !sameLabels(alert.annotations, annotations)
    ) {
      // Still open, now saying what holds now (the latest value, how long a cost series has
      // been anomalous), as Prometheus re-renders its annotations; quietly: no event, no notice.
      const [updated] = await db
        .update(alerts)
        .set({ summary, labels, annotations })
        .where(eq(alerts.id, alert.id))
        .returning();
      alert = updated!;
    }
    const heldMs = now.getTime() - alert.activeSince.getTime();
    if (alert.state === "pending" && heldMs >= rule.forSeconds * 1000) {
      const isSilenced = silenced(labels);
      const [fired] = await db
        .update(alerts)
        // Summary and labels are this evaluation's already (above).
        .set({ state: "firing", firedAt: now, isSilenced })
        .where(eq(alerts.id, alert.id))
        .returning();
      await event(fired!, "firing", isSilenced ? "Silenced: nobody was notified" : undefined);
      // A silenced alert opens no incident (nor joins one): nobody is paged for it, as
      // Alertmanager sends a silenced alert to no receiver. It gets one if its silence ends.
      if (!isSilenced) await attachAndAnnounce(fired!, signal.groupKey);
      counts.fired++;
    } else if (await followSilences(alert, labels, signal.groupKey)) counts.silencing++;
    else if (alert.state === "firing" && !alert.isSilenced && !alert.incidentId) {
      // Its incident was resolved by hand while it still fired (incidents.service.ts
      // resolveIncident let it go): still firing, it opens a new one and people are told again,
      // as PagerDuty opens a new incident for a trigger after a resolve.
      await event(alert, "firing", "Still firing after its incident was resolved: a new incident");
      await attachAndAnnounce(alert, signal.groupKey);
      counts.fired++;
    }
    openByKey.delete(signal.key);
  }

  // What no longer holds: pending clears quietly, firing resolves and is announced.
  for (const alert of openByKey.values()) {
    const [resolved] = await db
      .update(alerts)
      .set({ state: "resolved", resolvedAt: now })
      .where(eq(alerts.id, alert.id))
      .returning();
    if (alert.state === "pending") {
      await event(
        resolved!,
        "cancelled",
        reason ?? "The condition cleared before the rule's `for` elapsed",
      );
      continue;
    }
    await event(resolved!, "resolved", reason);
    await alertResolved(db, resolved!, now, reason?.toLowerCase());
    // Announced unless its firing was not (silenced) or a silence covers it now.
    if (!alert.isSilenced && !silenced(alert.labels))
      await sendNotice(db, services, rule, noticeOf("alert.resolved", rule, resolved!));
    counts.resolved++;
  }
  return counts;

  /** Puts a firing alert into its group's incident (or a new one), then announces it. */
  async function attachAndAnnounce(alert: Alert, groupKey: string) {
    const incident = await attachAlert(db, alert, groupKey, rule.severity, now);
    await announceFiring({ ...alert, incidentId: incident.id });
  }

  /** Tells people an alert fires, and starts what routes and automations follow a firing. */
  async function announceFiring(alert: Alert & { incidentId: string }) {
    await sendNotice(db, services, rule, noticeOf("alert.firing", rule, alert));
    // Inside this rule's transaction: an automation run starts only if the firing commits.
    await services.domainEvents.emit(db, rule.workspaceId, "alert.firing", {
      alertId: alert.id,
      ruleId: rule.id,
      ruleName: rule.name,
      ruleKind: rule.kind,
      severity: rule.severity,
      summary: alert.summary,
      labels: alert.labels,
      annotations: alert.annotations,
      incidentId: alert.incidentId,
      firedAt: now.toISOString(),
    });
  }

  /**
   * An open alert follows the silences in force now, as Alertmanager's do: a silence that has
   * started covers it (nothing more is announced of it), and one that has ended or been expired
   * lets it go; still firing, it is announced then, since its firing was not (or was muted). A
   * pending one was announced to no one: only the list shows it silenced or not. One that
   * fired silenced has no incident yet: it gets one when announced. Returns whether it changed.
   */
  async function followSilences(alert: Alert, labels: Record<string, string>, groupKey: string) {
    const isSilenced = silenced(labels);
    if (alert.isSilenced === isSilenced) return false;
    const [changed] = await db
      .update(alerts)
      .set({ isSilenced })
      .where(eq(alerts.id, alert.id))
      .returning();
    if (alert.state !== "firing") return true;
    await event(
      changed!,
      "firing",
      isSilenced ? "Silenced: nobody is notified" : "Its silence ended: notified",
    );
    if (isSilenced) return true;
    if (changed!.incidentId) await announceFiring({ ...changed!, incidentId: changed!.incidentId });
    else await attachAndAnnounce(changed!, groupKey);
    return true;
  }
}

/**
 * A deleted health check leaves the rules that named it: its id is taken out of their
 * `checkIds`. A rule that named only deleted checks is turned off (its alerts resolve) and keeps
 * naming them: an empty list would watch every check, so turning it on again is refused until
 * someone says which checks it watches. Returns the rules turned off.
 */
export async function forgetHealthCheck(
  db: Db,
  services: Services,
  workspaceId: string,
  checkId: string,
): Promise<string[]> {
  const rules = await db
    .select()
    .from(alertRules)
    .where(
      and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.kind, "health_check_failing")),
    );
  const turnedOff: string[] = [];
  for (const rule of rules) {
    const ids = (rule.params as { checkIds?: string[] }).checkIds ?? [];
    if (!ids.includes(checkId)) continue;
    const rest = ids.filter((id) => id !== checkId);
    const [row] = await db
      .update(alertRules)
      .set(
        rest.length === 0
          ? { isEnabled: false, updatedAt: new Date() }
          : { params: { ...(rule.params as object), checkIds: rest }, updatedAt: new Date() },
      )
      .where(eq(alertRules.id, rule.id))
      .returning();
    if (rest.length === 0 && rule.isEnabled) {
      await closeRuleAlerts(db, services, row!, "Its only health check was deleted");
      turnedOff.push(rule.id);
    }
  }
  return turnedOff;
}

/** Whether two label sets hold the same pairs (jsonb hands keys back in its own order). */
function sameLabels(stored: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(labels);
  return Object.keys(stored).length === keys.length && keys.every((k) => stored[k] === labels[k]);
}

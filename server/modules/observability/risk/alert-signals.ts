// Failure-risk factors from alerting: alerts pending or firing now (metric anomalies among
// them) and incidents open or resolved within the last week.
import { and, eq, gte, inArray, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { alertRules, alerts, incidents } from "../alerts/alerts.schema.ts";
import { type EntityKind, overHorizon, type RiskBoard, readableUtc } from "./risk-model.ts";

/** 7-day priors of a firing alert by severity (see risk-model.ts); a pending one counts half. */
const FIRING_BY_SEVERITY: Record<string, number> = { critical: 0.7, warning: 0.4, info: 0.15 };
const PENDING_SHARE = 0.5;
/** An open incident: the service is already in trouble, half the time it gets worse. */
const OPEN_INCIDENT = 0.5;
/** An incident resolved within the week: about one in six comes back within another. */
const RECENT_INCIDENT = 0.15;
const WEEK_MS = 7 * 86_400_000;

/**
 * Who an alert is about: its service label, else its resource, else its check. health_check_failing
 * alerts are left out: the check's own runs already say it is down, counting the alert too would
 * count one failure twice.
 */
function subjectOf(
  labels: Record<string, string>,
): { kind: EntityKind; id: string; name: string } | null {
  if (labels.service) return { kind: "service", id: labels.service, name: labels.service };
  const resourceId = labels.resourceId ?? labels.resource_id;
  if (resourceId) return { kind: "resource", id: resourceId, name: resourceId };
  if (labels.checkId)
    return { kind: "check", id: labels.checkId, name: labels.check ?? labels.checkId };
  return null;
}

/** Adds pending and firing alerts to the entity their labels name. */
export async function addAlertSignals(
  board: RiskBoard,
  db: Db,
  workspaceId: string,
  horizonDays: number,
) {
  const rows = await db
    .select({
      alert: alerts,
      kind: alertRules.kind,
      severity: alertRules.severity,
      rule: alertRules.name,
    })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        inArray(alerts.state, ["pending", "firing"]),
        ne(alertRules.kind, "health_check_failing"),
      ),
    );
  for (const { alert, kind, severity, rule } of rows) {
    const subject = subjectOf(alert.labels);
    if (!subject) continue;
    const isAnomaly = kind === "metric_anomaly";
    const p7 =
      (FIRING_BY_SEVERITY[severity] ?? FIRING_BY_SEVERITY.warning!) *
      (alert.state === "firing" ? 1 : PENDING_SHARE);
    board.add(subject.kind, subject.id, subject.name, {
      signal: isAnomaly ? "metric_anomaly" : "alert_open",
      weight: overHorizon(p7, horizonDays),
      summary: `${alert.state === "firing" ? "Firing" : "Pending"} ${severity} alert "${rule}": ${alert.summary}`,
      evidence: {
        rule,
        kind,
        severity,
        state: alert.state,
        ...(isAnomaly
          ? {
              value: alert.annotations.value ?? null,
              expected: alert.annotations.expected ?? null,
              anomalyScore: alert.annotations.score ?? null,
            }
          : {}),
      },
      at: alert.firedAt ?? alert.activeSince,
      link: { kind: "alert", id: alert.id },
    });
  }
}

/** The entity an incident's group key names: "service:<name>" or "check:<id>". */
function incidentSubject(groupKey: string): { kind: EntityKind; id: string } | null {
  const [prefix, ...rest] = groupKey.split(":");
  const id = rest.join(":");
  if (!id) return null;
  if (prefix === "service") return { kind: "service", id };
  if (prefix === "check") return { kind: "check", id };
  if (prefix === "resource") return { kind: "resource", id };
  return null;
}

/**
 * Incidents every alert of which is a health_check_failing one: while open they are the check
 * being down, which its own runs already count (as for those alerts above).
 */
async function healthCheckOnlyIncidents(db: Db, incidentIds: string[]): Promise<Set<string>> {
  if (incidentIds.length === 0) return new Set();
  const rows = await db
    .select({
      incidentId: alerts.incidentId,
      isHealthCheckOnly: sql<boolean>`bool_and(${alertRules.kind} = 'health_check_failing')`,
    })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(inArray(alerts.incidentId, incidentIds))
    .groupBy(alerts.incidentId);
  return new Set(rows.filter((r) => r.isHealthCheckOnly).map((r) => r.incidentId!));
}

/**
 * Adds open incidents and incidents resolved within the last week. An open incident made only of
 * health_check_failing alerts is left out: the check's runs count that failure already. Once
 * resolved it counts like any other (its week reaches further back than the runs' day).
 */
export async function addIncidentSignals(
  board: RiskBoard,
  db: Db,
  workspaceId: string,
  now: Date,
  horizonDays: number,
) {
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.workspaceId, workspaceId),
        or(
          ne(incidents.status, "resolved"),
          gte(incidents.resolvedAt, new Date(now.getTime() - WEEK_MS)),
        ),
      ),
    );
  const openIds = rows.filter((i) => i.status !== "resolved").map((i) => i.id);
  const countedByChecks = await healthCheckOnlyIncidents(db, openIds);
  for (const incident of rows) {
    const subject = incidentSubject(incident.groupKey);
    if (!subject || countedByChecks.has(incident.id)) continue;
    const isOpen = incident.status !== "resolved";
    board.add(subject.kind, subject.id, subject.id, {
      signal: "incident",
      weight: overHorizon(isOpen ? OPEN_INCIDENT : RECENT_INCIDENT, horizonDays),
      summary: isOpen
        ? `Incident "${incident.title}" is ${incident.status}`
        : `Incident "${incident.title}" was resolved ${readableUtc(incident.resolvedAt!)}`,
      evidence: {
        status: incident.status,
        severity: incident.severity,
        openedAt: incident.openedAt.toISOString(),
        resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      },
      at: incident.resolvedAt ?? incident.lastAlertAt,
      link: { kind: "incident", id: incident.id },
    });
  }
}

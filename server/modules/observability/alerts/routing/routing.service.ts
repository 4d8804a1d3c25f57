import { and, asc, eq, inArray } from "drizzle-orm";
import { users } from "../../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../../platform/db/database.ts";
import type { DomainEventMap } from "../../../../platform/events/domain-events.ts";
import type { Services } from "../../../../platform/services.ts";
import { resourceOf } from "../../../inventory/resource.service.ts";
import { alertDestinations, alertRules } from "../alerts.schema.ts";
import { assignIncident } from "../incidents.service.ts";
import { sendNotice } from "../notify.ts";
import { alertRoutingRules, type RoutingMatch } from "./routing.schema.ts";

export type RoutingRule = typeof alertRoutingRules.$inferSelect;

/** What a rule is matched against: the alert's labels and severity, and its resource if known. */
export interface RoutingSubject {
  labels: Record<string, string>;
  severity: string;
  resource: { provider: string; tags: Record<string, string> } | null;
}

/** Whether every condition of a rule holds for the alert (an empty match matches everything). */
export function matchesRoute(match: RoutingMatch, subject: RoutingSubject): boolean {
  for (const [label, value] of Object.entries(match.labels ?? {}))
    if (subject.labels[label] !== value) return false;
  if (match.service !== undefined && subject.labels.service !== match.service) return false;
  if (match.severities?.length && !match.severities.includes(subject.severity)) return false;
  if (match.provider !== undefined && subject.resource?.provider !== match.provider) return false;
  if (match.tag) {
    const value = subject.resource?.tags[match.tag.key];
    if (value === undefined) return false;
    if (match.tag.value !== undefined && value !== match.tag.value) return false;
  }
  return true;
}

/**
 * The rules that apply, in position order: the first match wins, and a matching rule with
 * `continueMatching` lets the ones after it match too (Alertmanager's `continue`).
 */
export function selectRoutes(rules: RoutingRule[], subject: RoutingSubject): RoutingRule[] {
  const chosen: RoutingRule[] = [];
  for (const rule of rules) {
    if (!rule.isEnabled || !matchesRoute(rule.match, subject)) continue;
    chosen.push(rule);
    if (!rule.continueMatching) break;
  }
  return chosen;
}

export function listRoutingRules(db: Db, workspaceId: string) {
  return db
    .select()
    .from(alertRoutingRules)
    .where(eq(alertRoutingRules.workspaceId, workspaceId))
    .orderBy(asc(alertRoutingRules.position), asc(alertRoutingRules.createdAt));
}

/** The alert's resource, when a label names one that inventory knows. */
async function resourceOfLabels(db: Db, workspaceId: string, labels: Record<string, string>) {
  const id = labels.resourceId ?? labels.resource_id;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await resourceOf(db, workspaceId, id).catch(() => undefined);
  return row ? { provider: row.provider, tags: row.tags } : null;
}

/**
 * Routes a firing alert's incident: the first matching rule with a person assigns the incident
 * to them (unless someone already has it) and notifies them in the app; every matching rule's
 * destinations get the signed notice (those the alert rule already notifies are not sent twice).
 */
export async function routeFiring(
  db: Db,
  services: Pick<Services, "notifications" | "jobs">,
  workspaceId: string,
  event: DomainEventMap["alert.firing"],
) {
  const rules = await listRoutingRules(db, workspaceId);
  if (rules.length === 0) return { ruleIds: [], assigneeUserId: null, destinationIds: [] };
  const subject: RoutingSubject = {
    labels: event.labels,
    severity: event.severity,
    resource: await resourceOfLabels(db, workspaceId, event.labels),
  };
  const chosen = selectRoutes(rules, subject);
  const assignee = chosen.find((rule) => rule.assigneeUserId)?.assigneeUserId ?? null;
  const now = new Date(event.firedAt);
  if (assignee) {
    const [person] = await db
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, assignee));
    const rule = chosen.find((r) => r.assigneeUserId === assignee)!;
    const incident = { id: event.incidentId, workspaceId };
    await assignIncident(
      db,
      incident,
      assignee,
      `Routed to ${person?.name ?? "a person"} by rule "${rule.name}"`,
      now,
    );
    await services.notifications.notify(db, {
      workspaceId,
      userIds: [assignee],
      kind: "incident.assigned",
      title: `Assigned to you: ${event.summary}`,
      body: `${event.ruleName} (${event.severity}), routed by "${rule.name}"`,
      link: `/health/incidents/${event.incidentId}`,
      data: { incidentId: event.incidentId, alertId: event.alertId },
    });
  }
  const [alertRule] = await db
    .select({ destinationIds: alertRules.destinationIds })
    .from(alertRules)
    .where(and(eq(alertRules.id, event.ruleId), eq(alertRules.workspaceId, workspaceId)));
  const already = new Set(alertRule?.destinationIds ?? []);
  const destinationIds = [...new Set(chosen.flatMap((r) => r.destinationIds))].filter(
    (id) => !already.has(id),
  );
  if (destinationIds.length)
    await sendNotice(
      db,
      services as Services,
      { workspaceId, notifyInApp: false, destinationIds },
      {
        event: "alert.firing",
        alert: {
          id: event.alertId,
          rule: event.ruleName,
          severity: event.severity,
          summary: event.summary,
          labels: event.labels,
          annotations: event.annotations,
          activeSince: event.firedAt,
          firedAt: event.firedAt,
          resolvedAt: null,
          incidentId: event.incidentId,
        },
      },
    );
  return { ruleIds: chosen.map((r) => r.id), assigneeUserId: assignee, destinationIds };
}

/** Checks that people and destinations named by a rule belong to the workspace. */
export async function unknownDestinations(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const found = await db
    .select({ id: alertDestinations.id })
    .from(alertDestinations)
    .where(and(eq(alertDestinations.workspaceId, workspaceId), inArray(alertDestinations.id, ids)));
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

import { type AnyColumn, and, desc, eq, gte, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, notFound } from "../../../platform/errors.ts";
import { alerts, incidentEvents, incidents } from "./alerts.schema.ts";
import { incidentTitleOf, incidentTitleOfAll } from "./incident-title.ts";

/** A firing alert joins an open incident with its group key touched this recently. */
export const GROUPING_WINDOW_MS = 30 * 60_000;
const RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

export type Incident = typeof incidents.$inferSelect;

async function addEvent(
  db: Db,
  incident: Pick<Incident, "id" | "workspaceId">,
  event: { at: Date; kind: string; body: string; actorUserId?: string | null; alertId?: string },
) {
  await db.insert(incidentEvents).values({
    workspaceId: incident.workspaceId,
    incidentId: incident.id,
    at: event.at,
    kind: event.kind,
    body: event.body,
    actorUserId: event.actorUserId ?? null,
    alertId: event.alertId ?? null,
  });
}

/** Puts a firing alert into the open incident of its group, or opens one. */
export async function attachAlert(
  db: Db,
  alert: { id: string; workspaceId: string; summary: string; labels: Record<string, string> },
  groupKey: string,
  severity: string,
  now: Date,
): Promise<Incident> {
  const [open] = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.workspaceId, alert.workspaceId),
        eq(incidents.groupKey, groupKey),
        ne(incidents.status, "resolved"),
        gte(incidents.lastAlertAt, new Date(now.getTime() - GROUPING_WINDOW_MS)),
      ),
    )
    .orderBy(desc(incidents.openedAt))
    .limit(1);
  let incident: Incident;
  if (open) {
    const worse = (RANK[severity] ?? 0) > (RANK[open.severity] ?? 0);
    [incident] = (await db
      .update(incidents)
      .set({ lastAlertAt: now, ...(worse ? { severity } : {}) })
      .where(eq(incidents.id, open.id))
      .returning()) as [Incident];
    await addEvent(db, incident, {
      at: now,
      kind: "alert_joined",
      body: alert.summary,
      alertId: alert.id,
    });
  } else {
    [incident] = (await db
      .insert(incidents)
      .values({
        workspaceId: alert.workspaceId,
        title: incidentTitleOf(alert),
        status: "open",
        groupKey,
        severity,
        openedAt: now,
        lastAlertAt: now,
      })
      .returning()) as [Incident];
    await addEvent(db, incident, {
      at: now,
      kind: "opened",
      body: alert.summary,
      alertId: alert.id,
    });
  }
  await db.update(alerts).set({ incidentId: incident.id }).where(eq(alerts.id, alert.id));
  if (open) incident = await retitle(db, incident);
  return incident;
}

/**
 * Names an incident after the alerts that keep it open now, oldest first: one that outlives the
 * alert that opened it is not titled after something that recovered. A resolved incident keeps
 * the title it ended with.
 */
async function retitle(db: Db, incident: Incident): Promise<Incident> {
  const open = await db
    .select({ labels: alerts.labels, summary: alerts.summary })
    .from(alerts)
    .where(and(eq(alerts.incidentId, incident.id), inArray(alerts.state, ["pending", "firing"])))
    .orderBy(alerts.activeSince, alerts.id);
  const title = open.length > 0 ? incidentTitleOfAll(open) : incident.title;
  if (title === incident.title) return incident;
  await db.update(incidents).set({ title }).where(eq(incidents.id, incident.id));
  return { ...incident, title };
}

/** Puts a person on an incident (a routing rule or someone by hand) and notes it on the timeline. */
export async function assignIncident(
  db: Db,
  incident: Pick<Incident, "id" | "workspaceId">,
  assigneeUserId: string,
  note: string,
  now: Date,
) {
  await db.update(incidents).set({ assigneeUserId }).where(eq(incidents.id, incident.id));
  await addEvent(db, incident, { at: now, kind: "assigned", body: note });
}

/** Notes a resolved alert; the incident resolves itself when none of its alerts still fire. */
export async function alertResolved(
  db: Db,
  alert: { id: string; workspaceId: string; summary: string; incidentId: string | null },
  now: Date,
  /** Why it ended, when not because its condition cleared ("The rule was turned off"). */
  reason?: string,
) {
  if (!alert.incidentId) return;
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, alert.incidentId));
  if (!incident || incident.status === "resolved") return;
  await addEvent(db, incident, {
    at: now,
    kind: "alert_resolved",
    body: reason ? `Resolved: ${alert.summary} (${reason})` : `Resolved: ${alert.summary}`,
    alertId: alert.id,
  });
  const stillFiring = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.incidentId, incident.id), inArray(alerts.state, ["pending", "firing"])));
  if (stillFiring.length === 0) {
    await db
      .update(incidents)
      .set({ status: "resolved", resolvedAt: now })
      .where(eq(incidents.id, incident.id));
    // A millisecond later, so the timeline reads in the order things happened.
    const after = new Date(now.getTime() + 1);
    await addEvent(db, incident, { at: after, kind: "resolved", body: "All its alerts resolved" });
  } else await retitle(db, incident);
}

export async function getIncident(db: Db, workspaceId: string, id: string): Promise<Incident> {
  const [row] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.workspaceId, workspaceId), eq(incidents.id, id)));
  if (!row) throw notFound("Incident");
  return row;
}

/** Someone is on it: acknowledged incidents stay open until resolved. */
export async function acknowledgeIncident(
  db: Db,
  workspaceId: string,
  id: string,
  userId: string | null,
  now = new Date(),
) {
  const incident = await getIncident(db, workspaceId, id);
  if (incident.status !== "open") throw conflict(`The incident is already ${incident.status}`);
  await db
    .update(incidents)
    .set({ status: "acknowledged", acknowledgedAt: now, acknowledgedBy: userId })
    .where(eq(incidents.id, id));
  await addEvent(db, incident, {
    at: now,
    kind: "acknowledged",
    body: "Acknowledged",
    actorUserId: userId,
  });
}

/**
 * Closes an incident by hand. Its alerts keep their own state; those still firing (or pending)
 * are let go of it, so a resolved incident holds no open alert: one still firing at the next
 * evaluation opens a new incident and is announced again (engine.ts), as PagerDuty and Grafana
 * OnCall open a new incident for an alert that triggers after a resolve. Returns how many
 * alerts were still open, for the caller to say so.
 */
export async function resolveIncident(
  db: Db,
  workspaceId: string,
  id: string,
  userId: string | null,
  note: string | undefined,
  now = new Date(),
): Promise<{ stillFiring: number }> {
  const incident = await getIncident(db, workspaceId, id);
  if (incident.status === "resolved") throw conflict("The incident is already resolved");
  await db
    .update(incidents)
    .set({ status: "resolved", resolvedAt: now })
    .where(eq(incidents.id, id));
  const open = await db
    .update(alerts)
    .set({ incidentId: null })
    .where(and(eq(alerts.incidentId, id), inArray(alerts.state, ["pending", "firing"])))
    .returning({ state: alerts.state });
  const stillFiring = open.filter((a) => a.state === "firing").length;
  const body = note ?? "Resolved";
  await addEvent(db, incident, {
    at: now,
    kind: "resolved",
    body:
      stillFiring > 0
        ? `${body} (${plural(stillFiring, "alert")} still firing: a new incident opens if ${stillFiring === 1 ? "it keeps" : "they keep"} firing)`
        : body,
    actorUserId: userId,
  });
  return { stillFiring };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export async function commentOnIncident(
  db: Db,
  workspaceId: string,
  id: string,
  userId: string | null,
  body: string,
  now = new Date(),
) {
  const incident = await getIncident(db, workspaceId, id);
  await addEvent(db, incident, { at: now, kind: "comment", body, actorUserId: userId });
}

/** Incidents, newest first; status "unresolved" is open and acknowledged together. */
export function listIncidents(
  db: Db,
  workspaceId: string,
  filter: { status?: string; limit: number },
) {
  const status =
    filter.status === "unresolved"
      ? ne(incidents.status, "resolved")
      : filter.status
        ? eq(incidents.status, filter.status)
        : undefined;
  return db
    .select()
    .from(incidents)
    .where(and(eq(incidents.workspaceId, workspaceId), status))
    .orderBy(desc(incidents.openedAt))
    .limit(filter.limit);
}

/**
 * The figures of incidents opened since a time, over all of them (a page's list is capped):
 * how many, and the mean seconds to acknowledge and to resolve of those that were. Unresolved
 * counts every incident still open, whenever it opened.
 */
export async function incidentFigures(db: Db, workspaceId: string, since: Date) {
  const seconds = (to: AnyColumn) =>
    sql<
      number | null
    >`avg(extract(epoch from (${to} - ${incidents.openedAt}))) filter (where ${incidents.openedAt} >= ${since})`.mapWith(
      (v) => (v === null ? null : Number(v)),
    );
  const [row] = await db
    .select({
      opened: sql<number>`count(*) filter (where ${incidents.openedAt} >= ${since})`.mapWith(
        Number,
      ),
      unresolved: sql<number>`count(*) filter (where ${incidents.status} <> 'resolved')`.mapWith(
        Number,
      ),
      mttaSeconds: seconds(incidents.acknowledgedAt),
      mttrSeconds: seconds(incidents.resolvedAt),
    })
    .from(incidents)
    .where(eq(incidents.workspaceId, workspaceId));
  return row!;
}

export function timelineOf(db: Db, workspaceId: string, incidentId: string) {
  return db
    .select()
    .from(incidentEvents)
    .where(
      and(eq(incidentEvents.workspaceId, workspaceId), eq(incidentEvents.incidentId, incidentId)),
    )
    .orderBy(incidentEvents.at, incidentEvents.id);
}

/** Unresolved incidents with an alert about one of these checks (the public status page's). */
export async function openIncidentsForChecks(db: Db, workspaceId: string, checkIds: string[]) {
  if (checkIds.length === 0) return [];
  const checkId = sql<string>`${alerts.labels}->>'checkId'`;
  return db
    .select({
      id: incidents.id,
      title: incidents.title,
      status: incidents.status,
      openedAt: incidents.openedAt,
      /** Which of the given checks its alerts are about (other alerts of it may name others). */
      checkIds: sql<string[]>`array_agg(DISTINCT ${checkId})`,
    })
    .from(incidents)
    .innerJoin(alerts, eq(alerts.incidentId, incidents.id))
    .where(
      and(
        eq(incidents.workspaceId, workspaceId),
        ne(incidents.status, "resolved"),
        inArray(checkId, checkIds),
      ),
    )
    .groupBy(incidents.id, incidents.title, incidents.status, incidents.openedAt)
    .orderBy(desc(incidents.openedAt));
}

import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { alertEvents, alertRules, alerts } from "./alerts/alerts.schema.ts";
import { groupOf } from "./alerts/evaluators/telemetry-params.ts";
import {
  acknowledgeIncident,
  alertResolved,
  attachAlert,
  commentOnIncident,
} from "./alerts/incidents.service.ts";
import { checkedFields, type Rule } from "./alerts/rules.service.ts";
import { downtimeOf, INTERVAL_MS } from "./demo-checks.ts";
import { DEMO_INCIDENT } from "./demo-logs.ts";
import { DEMO_METRICS } from "./demo-metrics.ts";
import type { Check } from "./uptime/checks.service.ts";

/**
 * Alert rules and the storefront incident (DEMO_INCIDENT): the latency alert and the site
 * check's alert, fired and resolved under one incident with its timeline. Two more rules fire
 * on their own once the server evaluates them.
 */

async function createRule(
  db: Db,
  workspaceId: string,
  fields: { name: string; kind: string; params: unknown; forSeconds: number; severity: string },
): Promise<Rule> {
  const checked = await checkedFields(db, workspaceId, {
    ...fields,
    isEnabled: true,
    notifyInApp: true,
    destinationIds: [],
  });
  const [rule] = await db
    .insert(alertRules)
    .values({ workspaceId, ...checked })
    .returning();
  return rule!;
}

/**
 * One alert that went pending, fired and resolved, written as the engine writes it: its row,
 * its events and its place in an incident (joined at firing, noted at resolving).
 */
async function alertThatFired(
  db: Db,
  rule: Rule,
  signal: { key: string; summary: string; labels: Record<string, string>; groupKey: string },
  times: { pending: number; fired: number; resolved: number },
) {
  const [alert] = await db
    .insert(alerts)
    .values({
      workspaceId: rule.workspaceId,
      ruleId: rule.id,
      key: signal.key,
      state: "firing",
      labels: {
        ...signal.labels,
        alertname: rule.name,
        severity: rule.severity,
        ruleKind: rule.kind,
      },
      summary: signal.summary,
      activeSince: new Date(times.pending),
      firedAt: new Date(times.fired),
    })
    .returning();
  const event = (state: string, at: number, note: string | null = null) =>
    db
      .insert(alertEvents)
      .values({ workspaceId: rule.workspaceId, alertId: alert!.id, at: new Date(at), state, note });
  await event("pending", times.pending, signal.summary);
  await event("firing", times.fired);
  const incident = await attachAlert(
    db,
    alert!,
    signal.groupKey,
    rule.severity,
    new Date(times.fired),
  );
  return {
    incidentId: incident.id,
    resolve: async () => {
      const [resolved] = await db
        .update(alerts)
        .set({ state: "resolved", resolvedAt: new Date(times.resolved), incidentId: incident.id })
        .where(eq(alerts.id, alert!.id))
        .returning();
      await event("resolved", times.resolved);
      await alertResolved(db, resolved!, new Date(times.resolved));
    },
  };
}

/** The demo's rules and the storefront incident; `storefront` is the storefront's check. */
export async function seedDemoAlerts(
  db: Db,
  ctx: { workspaceId: string; ownerUserId: string },
  storefront: Check,
  now: number,
) {
  const { workspaceId } = ctx;
  const siteDown = await createRule(db, workspaceId, {
    name: "Site down",
    kind: "health_check_failing",
    params: { checkIds: [] },
    forSeconds: 0,
    severity: "critical",
  });
  const slow = await createRule(db, workspaceId, {
    name: "Storefront slow",
    kind: "metric_threshold",
    params: {
      metric: DEMO_METRICS.latency,
      matchers: [{ label: "service", op: "=", value: "storefront" }],
      groupBy: ["service", "host"],
      aggregation: "avg",
      windowMinutes: 5,
      comparator: ">",
      threshold: 500,
    },
    forSeconds: 300,
    severity: "warning",
  });
  // These two fire on their own once the server evaluates them: the cost demo's runaway Lambda
  // (ten days ago) is an open anomaly, and the logs' last hour has a new pattern.
  await createRule(db, workspaceId, {
    name: "Cost anomaly",
    kind: "cost_anomaly",
    params: { minSeverity: "medium", lookbackDays: 14 },
    forSeconds: 0,
    severity: "warning",
  });
  await createRule(db, workspaceId, {
    name: "New warning or error pattern",
    kind: "new_log_pattern",
    params: { minLevel: "warn", windowMinutes: 24 * 60 },
    forSeconds: 0,
    severity: "info",
  });

  // The storefront incident: latency first, then the site check, one incident for the service.
  const start = now - DEMO_INCIDENT.hoursAgo * 3_600_000;
  const minute = 60_000;
  const group = groupOf(["service", "host"], { service: "storefront", host: DEMO_INCIDENT.host });
  const latency = await alertThatFired(
    db,
    slow,
    {
      key: group.key,
      summary: `avg(${DEMO_METRICS.latency})${group.suffix} over 5 min is 1043, threshold > 500`,
      labels: { ...group.labels, metric: DEMO_METRICS.latency, value: "1043" },
      groupKey: "service:storefront",
    },
    { pending: start + 5 * minute, fired: start + 10 * minute, resolved: start + 45 * minute },
  );
  // The site alert fires at the first failed run and resolves at the first good one.
  const [outage] = downtimeOf(storefront.name, now);
  const firstDown = Math.ceil(outage!.from / INTERVAL_MS) * INTERVAL_MS;
  const firstUp = Math.ceil(outage!.to / INTERVAL_MS) * INTERVAL_MS;
  const down = await alertThatFired(
    db,
    siteDown,
    {
      key: storefront.id,
      summary: `${storefront.name} is down`,
      labels: {
        checkId: storefront.id,
        check: storefront.name,
        kind: "http",
        service: "storefront",
      },
      groupKey: "service:storefront",
    },
    { pending: firstDown, fired: firstDown, resolved: firstUp },
  );
  await acknowledgeIncident(
    db,
    workspaceId,
    latency.incidentId,
    ctx.ownerUserId,
    new Date(start + 25 * minute),
  );
  await commentOnIncident(
    db,
    workspaceId,
    latency.incidentId,
    ctx.ownerUserId,
    "acme-web-2 is waiting on acme-db connections (pool exhausted). Raised the pool to 60 and restarted the web process.",
    new Date(start + 28 * minute),
  );
  await down.resolve();
  await latency.resolve();
}

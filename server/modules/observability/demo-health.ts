import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { seededRandom } from "../costs/analysis/seeded-random.ts";
import { alertEvents, alertRules, alerts } from "./alerts/alerts.schema.ts";
import { groupOf } from "./alerts/evaluators/telemetry-params.ts";
import {
  acknowledgeIncident,
  alertResolved,
  attachAlert,
  commentOnIncident,
} from "./alerts/incidents.service.ts";
import { checkedFields, type Rule } from "./alerts/rules.service.ts";
import { DEMO_INCIDENT } from "./demo-logs.ts";
import { DEMO_METRICS } from "./demo-metrics.ts";
import { type Check, createCheck } from "./uptime/checks.service.ts";
import {
  healthChecks,
  healthDaily,
  healthResults,
  healthSettings,
} from "./uptime/uptime.schema.ts";

/**
 * Health checks with a week of runs, alert rules, the storefront incident's alerts and its
 * timeline, and a public status page. The checks watch invented hosts under `.example` (RFC 2606:
 * never a real site) and are paused, so the scheduler never probes them: the demo sends nothing
 * to the internet. Their history is what a week of runs would have stored.
 */

const INTERVAL_MS = 10 * 60_000;
const HISTORY_DAYS = 7;
const DAY_MS = 86_400_000;

const CHECKS = [
  {
    name: "Acme storefront",
    kind: "http",
    target: "https://shop.acme.example/health",
    service: "storefront",
    latencyMs: 180,
  },
  {
    name: "Globex API",
    kind: "http",
    target: "https://api.globex.example/v1/health",
    service: "globex-api",
    latencyMs: 70,
  },
  {
    name: "Initech portal",
    kind: "http",
    target: "https://portal.initech.example/login",
    service: "initech-portal",
    latencyMs: 420,
  },
  {
    name: "agency-pg",
    kind: "tcp",
    target: "agency-pg.db.example:25060",
    service: null,
    latencyMs: 12,
  },
] as const;

interface Window {
  from: number;
  to: number;
}

/** When each check was down: the storefront in the incident, the portal once, briefly. */
function downtimeOf(name: string, now: number): Window[] {
  const incident = now - DEMO_INCIDENT.hoursAgo * 3_600_000;
  if (name === "Acme storefront")
    return [{ from: incident + 12 * 60_000, to: incident + 30 * 60_000 }];
  if (name === "Initech portal")
    return [{ from: now - 4 * DAY_MS, to: now - 4 * DAY_MS + 10 * 60_000 }];
  return [];
}

/** A week of runs of one check, stored as the runner stores them: results and daily roll-ups. */
async function seedRuns(db: Db, check: Check, latencyMs: number, down: Window[], now: number) {
  const random = seededRandom(latencyMs);
  const results: (typeof healthResults.$inferInsert)[] = [];
  const days = new Map<string, typeof healthDaily.$inferInsert>();
  const first = Math.ceil((now - HISTORY_DAYS * DAY_MS) / INTERVAL_MS) * INTERVAL_MS;
  for (let at = first; at <= now; at += INTERVAL_MS) {
    const isUp = !down.some((w) => at >= w.from && at < w.to);
    const latency = Math.round(latencyMs * (0.7 + random() * 0.6));
    const isHttp = check.kind === "http";
    results.push({
      checkId: check.id,
      workspaceId: check.workspaceId,
      at: new Date(at),
      isUp,
      latencyMs: isUp ? latency : null,
      statusCode: isHttp ? (isUp ? 200 : 504) : null,
      error: isUp ? null : isHttp ? "HTTP 504 Gateway Timeout" : "connection timed out",
      certificateDays: isHttp ? 61 - Math.floor((now - at) / DAY_MS) : null,
    });
    const day = new Date(at).toISOString().slice(0, 10);
    const d = days.get(day) ?? {
      checkId: check.id,
      workspaceId: check.workspaceId,
      day,
      upCount: 0,
      totalCount: 0,
      latencySumMs: 0,
      latencyCount: 0,
    };
    d.totalCount++;
    if (isUp) {
      d.upCount++;
      d.latencySumMs += latency;
      d.latencyCount++;
    }
    days.set(day, d);
  }
  for (let i = 0; i < results.length; i += 1000)
    await db.insert(healthResults).values(results.slice(i, i + 1000));
  await db.insert(healthDaily).values([...days.values()]);
  const last = results[results.length - 1]!;
  const lastChange = down.reduce((t, w) => Math.max(t, w.to), first);
  await db
    .update(healthChecks)
    .set({
      status: "up",
      statusSince: new Date(Math.ceil(lastChange / INTERVAL_MS) * INTERVAL_MS),
      lastCheckedAt: last.at,
      lastLatencyMs: last.latencyMs,
      lastError: null,
    })
    .where(eq(healthChecks.id, check.id));
}

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

/** Checks, rules, the incident and the status page of the demo workspace. */
export async function seedDemoHealth(
  db: Db,
  ctx: { workspaceId: string; ownerUserId: string },
  now: number,
) {
  const { workspaceId } = ctx;
  const checks: Check[] = [];
  for (const c of CHECKS) {
    const check = await createCheck(
      db,
      workspaceId,
      {
        name: c.name,
        kind: c.kind,
        target: c.target,
        settings: {},
        service: c.service,
        intervalSeconds: INTERVAL_MS / 1000,
        timeoutMs: 10_000,
        retries: 1,
        isEnabled: false,
      },
      ctx.ownerUserId,
      new Date(now),
    );
    await seedRuns(db, check, c.latencyMs, downtimeOf(c.name, now), now);
    checks.push(check);
  }

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
  const storefront = checks[0]!;
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

  await db.insert(healthSettings).values({
    workspaceId,
    statusPageEnabled: true,
    statusPageSlug: `demo-${workspaceId.slice(0, 8)}`,
    statusPageTitle: "Demo Agency status",
    statusPageCheckIds: checks.slice(0, 3).map((c) => c.id),
  });
}

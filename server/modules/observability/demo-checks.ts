import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { seededRandom } from "../costs/analysis/seeded-random.ts";
import { DEMO_INCIDENT } from "./demo-logs.ts";
import { type Check, createCheck } from "./uptime/checks.service.ts";
import {
  healthChecks,
  healthDaily,
  healthResults,
  healthSettings,
} from "./uptime/uptime.schema.ts";

/**
 * Health checks with a week of runs and a public status page. The checks watch invented hosts
 * under `.example` (RFC 2606: never a real site) and are paused, so the scheduler never probes
 * them: the demo sends nothing to the internet. Their history is what a week of runs would have
 * stored.
 */

export const INTERVAL_MS = 10 * 60_000;
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
export function downtimeOf(name: string, now: number): Window[] {
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

/** The demo's checks with their history, and the status page showing three of them. */
export async function seedDemoChecks(
  db: Db,
  ctx: { workspaceId: string; ownerUserId: string },
  now: number,
): Promise<Check[]> {
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

  await db.insert(healthSettings).values({
    workspaceId,
    statusPageEnabled: true,
    statusPageSlug: `demo-${workspaceId.slice(0, 8)}`,
    statusPageTitle: "Demo Agency status",
    statusPageCheckIds: checks.slice(0, 3).map((c) => c.id),
  });
  return checks;
}

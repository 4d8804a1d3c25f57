import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { healthDaily, healthResults } from "./uptime.schema.ts";

const DAY_MS = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const ratio = (up: number, total: number) => (total === 0 ? null : up / total);

/**
 * Uptime as the share of runs that were up: the last 24 hours from the results themselves; 7, 30
 * and 90 days from the daily roll-ups (whole UTC days, today included), which outlive results.
 */
export async function uptimeOf(db: Db, workspaceId: string, checkId: string, now: Date) {
  const [recent] = await db
    .select({
      up: sql<number>`count(*) filter (where ${healthResults.isUp})::int`,
      total: sql<number>`count(*)::int`,
      p50: sql<
        number | null
      >`percentile_cont(0.5) within group (order by ${healthResults.latencyMs}) filter (where ${healthResults.isUp})`,
      p95: sql<
        number | null
      >`percentile_cont(0.95) within group (order by ${healthResults.latencyMs}) filter (where ${healthResults.isUp})`,
      p99: sql<
        number | null
      >`percentile_cont(0.99) within group (order by ${healthResults.latencyMs}) filter (where ${healthResults.isUp})`,
    })
    .from(healthResults)
    .where(
      and(
        eq(healthResults.workspaceId, workspaceId),
        eq(healthResults.checkId, checkId),
        gte(healthResults.at, new Date(now.getTime() - DAY_MS)),
      ),
    );
  const days = await dailyOf(db, workspaceId, [checkId], now, 90);
  const since = (n: number) => {
    const first = dayOf(new Date(now.getTime() - (n - 1) * DAY_MS));
    const inRange = days.filter((d) => d.day >= first);
    return ratio(
      inRange.reduce((s, d) => s + d.upCount, 0),
      inRange.reduce((s, d) => s + d.totalCount, 0),
    );
  };
  const round = (v: number | null | undefined) => (v == null ? null : Math.round(Number(v)));
  return {
    uptime: {
      day: ratio(recent?.up ?? 0, recent?.total ?? 0),
      week: since(7),
      month: since(30),
      quarter: since(90),
    },
    latency: { p50: round(recent?.p50), p95: round(recent?.p95), p99: round(recent?.p99) },
  };
}

/** Daily roll-ups of some checks over the last `days` days, oldest first. */
export function dailyOf(db: Db, workspaceId: string, checkIds: string[], now: Date, days: number) {
  if (checkIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      checkId: healthDaily.checkId,
      day: healthDaily.day,
      upCount: healthDaily.upCount,
      totalCount: healthDaily.totalCount,
      latencySumMs: healthDaily.latencySumMs,
      latencyCount: healthDaily.latencyCount,
    })
    .from(healthDaily)
    .where(
      and(
        eq(healthDaily.workspaceId, workspaceId),
        inArray(healthDaily.checkId, checkIds),
        gte(healthDaily.day, dayOf(new Date(now.getTime() - (days - 1) * DAY_MS))),
      ),
    )
    .orderBy(asc(healthDaily.day));
}

/** Results of one check between two times, newest first. */
export function resultsOf(
  db: Db,
  workspaceId: string,
  checkId: string,
  range: { from: Date; to: Date; limit: number },
) {
  return db
    .select({
      at: healthResults.at,
      isUp: healthResults.isUp,
      latencyMs: healthResults.latencyMs,
      statusCode: healthResults.statusCode,
      error: healthResults.error,
      certificateDays: healthResults.certificateDays,
    })
    .from(healthResults)
    .where(
      and(
        eq(healthResults.workspaceId, workspaceId),
        eq(healthResults.checkId, checkId),
        gte(healthResults.at, range.from),
        lt(healthResults.at, range.to),
      ),
    )
    .orderBy(desc(healthResults.at))
    .limit(range.limit);
}

/** The last `n` results of each check, oldest first: the list's sparklines. */
export async function recentOf(db: Db, workspaceId: string, checkIds: string[], n: number) {
  if (checkIds.length === 0)
    return new Map<string, { isUp: boolean; latencyMs: number | null }[]>();
  const rows = (await db.execute(sql`
    SELECT check_id, is_up, latency_ms FROM (
      SELECT check_id, is_up, latency_ms, at,
             row_number() OVER (PARTITION BY check_id ORDER BY at DESC) AS rn
      FROM health_results
      WHERE workspace_id = ${workspaceId} AND at > now() - interval '2 days'
        AND check_id IN (${sql.join(
          checkIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
    ) r WHERE rn <= ${n} ORDER BY at
  `)) as unknown as { rows: { check_id: string; is_up: boolean; latency_ms: number | null }[] };
  const out = new Map<string, { isUp: boolean; latencyMs: number | null }[]>();
  for (const row of rows.rows) {
    const list = out.get(row.check_id) ?? [];
    list.push({ isUp: row.is_up, latencyMs: row.latency_ms });
    out.set(row.check_id, list);
  }
  return out;
}

/** Status changes of one check (up → down and back) in the last `days` days, newest first. */
export async function statusChangesOf(db: Db, workspaceId: string, checkId: string, days: number) {
  const rows = (await db.execute(sql`
    SELECT at, is_up, error FROM (
      SELECT at, is_up, error, lag(is_up) OVER (ORDER BY at) AS before
      FROM health_results
      WHERE workspace_id = ${workspaceId} AND check_id = ${checkId}
        AND at > now() - make_interval(days => ${days})
    ) r WHERE before IS DISTINCT FROM is_up ORDER BY at DESC LIMIT 200
  `)) as unknown as { rows: { at: string | Date; is_up: boolean; error: string | null }[] };
  return rows.rows.map((r) => ({
    at: new Date(r.at),
    status: r.is_up ? ("up" as const) : ("down" as const),
    error: r.error,
  }));
}

/** Removes results older than `keepDays` (roll-ups stay). */
export async function pruneResults(db: Db, before: Date) {
  const removed = await db
    .delete(healthResults)
    .where(lt(healthResults.at, before))
    .returning({ at: healthResults.at });
  return removed.length;
}

// Failure-risk factors from health checks: down now, failed runs, flapping and latency rising
// against the check's own history (health_results keeps 35 days of runs).
import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { listChecks } from "../uptime/checks.service.ts";
import { overHorizon, type RiskBoard, type RiskFactor } from "./risk-model.ts";

const HOUR = 3_600_000;
/** Failed runs and flaps are counted over the last day. */
const RECENT_RUNS_MS = 24 * HOUR;
/** Latency "now" is the median of the last 6 hours of successful runs… */
const LATENCY_RECENT_MS = 6 * HOUR;
/** …compared with the median of the 7 days before them. */
const LATENCY_BASELINE_MS = 7 * 24 * HOUR;
/** Fewer successful runs than this in either window say nothing about latency. */
const MIN_LATENCY_RUNS = 3;
/** A median this many times its baseline counts as rising (below: ordinary variation). */
const LATENCY_RISING_RATIO = 1.5;
/** Up/down changes in a day from which a check counts as flapping. */
const FLAPPING_FLIPS = 3;

/** 7-day priors (see risk-model.ts). */
const P = {
  /** A check that is down has failed: near certain, not scaled by the horizon. */
  down: 0.95,
  /** Any failed run in a day: a 10% chance of an outage within a week… */
  failuresBase: 0.1,
  /** …plus up to 50% more as the share of failed runs goes to 100%. */
  failuresPerShare: 0.5,
  /** Flapping: an unstable service fails outright about a third of the time within a week. */
  flapping: 0.35,
  /** Each doubling of the latency median adds 20%, up to 50%: saturation precedes failure. */
  latencyPerDoubling: 0.2,
  latencyMax: 0.5,
} as const;

export interface CheckRunStats {
  runs: number;
  failed: number;
  flips: number;
  lastFailedAt: Date | null;
  recentP50: number | null;
  recentN: number;
  baselineP50: number | null;
  baselineN: number;
}

interface CheckState {
  id: string;
  name: string;
  status: string;
  statusSince: Date | null;
  lastError: string | null;
}

/** The factors one check's state and recent runs give, for a horizon in days. */
export function checkFactors(
  check: CheckState,
  s: CheckRunStats,
  horizonDays: number,
): RiskFactor[] {
  const link = { kind: "check", id: check.id } as const;
  const factors: RiskFactor[] = [];
  if (check.status === "down")
    factors.push({
      signal: "check_down",
      weight: P.down,
      summary: `${check.name} is down${check.lastError ? `: ${check.lastError}` : ""}`,
      evidence: { since: check.statusSince?.toISOString() ?? null },
      at: check.statusSince,
      link,
    });
  if (s.failed > 0 && s.runs > 0) {
    const share = s.failed / s.runs;
    factors.push({
      signal: "check_failures",
      weight: overHorizon(P.failuresBase + P.failuresPerShare * share, horizonDays),
      summary: `${s.failed} of ${s.runs} runs of ${check.name} failed in the last 24 hours`,
      evidence: {
        failed: s.failed,
        runs: s.runs,
        lastFailedAt: s.lastFailedAt?.toISOString() ?? null,
      },
      at: s.lastFailedAt,
      link,
    });
  }
  if (s.flips >= FLAPPING_FLIPS)
    factors.push({
      signal: "check_flapping",
      weight: overHorizon(P.flapping, horizonDays),
      summary: `${check.name} changed between up and down ${s.flips} times in 24 hours`,
      evidence: { flips: s.flips },
      at: s.lastFailedAt,
      link,
    });
  if (
    s.recentP50 !== null &&
    s.baselineP50 !== null &&
    s.baselineP50 > 0 &&
    s.recentN >= MIN_LATENCY_RUNS &&
    s.baselineN >= MIN_LATENCY_RUNS
  ) {
    const ratio = s.recentP50 / s.baselineP50;
    if (ratio >= LATENCY_RISING_RATIO)
      factors.push({
        signal: "latency_rising",
        weight: overHorizon(
          Math.min(P.latencyMax, P.latencyPerDoubling * Math.log2(ratio)),
          horizonDays,
        ),
        summary: `${check.name} answers in ${Math.round(s.recentP50)} ms (median, 6 h), ${ratio.toFixed(1)}× its 7-day median of ${Math.round(s.baselineP50)} ms`,
        evidence: {
          recentMedianMs: Math.round(s.recentP50),
          baselineMedianMs: Math.round(s.baselineP50),
          ratio: Math.round(ratio * 100) / 100,
        },
        at: null,
        link,
      });
  }
  return factors;
}

interface StatsRow {
  check_id: string;
  runs: string | number;
  failed: string | number;
  flips: string | number;
  last_failed_at: string | Date | null;
  recent_p50: string | number | null;
  recent_n: string | number;
  baseline_p50: string | number | null;
  baseline_n: string | number;
}

const numOrNull = (v: string | number | null) => (v === null ? null : Number(v));

/** Per check: runs, failures and flips in a day; latency medians now and before. */
async function runStats(db: Db, workspaceId: string, now: Date) {
  const t = now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const dayAgo = iso(t - RECENT_RUNS_MS);
  const recentFrom = iso(t - LATENCY_RECENT_MS);
  const baselineFrom = iso(t - LATENCY_RECENT_MS - LATENCY_BASELINE_MS);
  const result = (await db.execute(sql`
    WITH r AS (
      SELECT check_id, at, is_up, latency_ms,
             lag(is_up) OVER (PARTITION BY check_id ORDER BY at) AS prev
      FROM health_results
      WHERE workspace_id = ${workspaceId} AND at >= ${baselineFrom}::timestamptz AND at <= ${now.toISOString()}::timestamptz
    )
    SELECT check_id,
      count(*) FILTER (WHERE at >= ${dayAgo}::timestamptz) AS runs,
      count(*) FILTER (WHERE at >= ${dayAgo}::timestamptz AND NOT is_up) AS failed,
      count(*) FILTER (WHERE at >= ${dayAgo}::timestamptz AND prev IS NOT NULL AND prev <> is_up) AS flips,
      max(at) FILTER (WHERE at >= ${dayAgo}::timestamptz AND NOT is_up) AS last_failed_at,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE is_up AND at >= ${recentFrom}::timestamptz) AS recent_p50,
      count(latency_ms) FILTER (WHERE is_up AND at >= ${recentFrom}::timestamptz) AS recent_n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE is_up AND at < ${recentFrom}::timestamptz) AS baseline_p50,
      count(latency_ms) FILTER (WHERE is_up AND at < ${recentFrom}::timestamptz) AS baseline_n
    FROM r GROUP BY check_id`)) as unknown as { rows: StatsRow[] };
  return new Map(
    result.rows.map((r): [string, CheckRunStats] => [
      r.check_id,
      {
        runs: Number(r.runs),
        failed: Number(r.failed),
        flips: Number(r.flips),
        lastFailedAt: r.last_failed_at === null ? null : new Date(r.last_failed_at),
        recentP50: numOrNull(r.recent_p50),
        recentN: Number(r.recent_n),
        baselineP50: numOrNull(r.baseline_p50),
        baselineN: Number(r.baseline_n),
      },
    ]),
  );
}

const NO_RUNS: CheckRunStats = {
  runs: 0,
  failed: 0,
  flips: 0,
  lastFailedAt: null,
  recentP50: null,
  recentN: 0,
  baselineP50: null,
  baselineN: 0,
};

/** Adds every enabled check's factors: to its service, or to the check itself when it has none. */
export async function addCheckSignals(
  board: RiskBoard,
  db: Db,
  workspaceId: string,
  now: Date,
  horizonDays: number,
) {
  const checks = (await listChecks(db, workspaceId)).filter((c) => c.isEnabled);
  const stats = await runStats(db, workspaceId, now);
  for (const check of checks)
    for (const factor of checkFactors(check, stats.get(check.id) ?? NO_RUNS, horizonDays)) {
      if (check.service) board.add("service", check.service, check.service, factor);
      else board.add("check", check.id, check.name, factor);
    }
}

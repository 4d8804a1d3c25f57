import type { Db } from "../../../platform/db/database.ts";
import { scoreSeries } from "../anomaly/anomaly-engine.ts";
import { type MetricQuery, queryMetric } from "./metric-query.ts";

/** Points read per series in all, history included (the metric query's own bound). */
const MAX_POINTS = 2000;
/** History the engine learns from before the period, at most: two days hold a daily cycle twice. */
const HISTORY_MS = 2 * 86_400_000;

export interface JudgedPoint {
  time: Date;
  value: number;
  /** What the engine forecast for this point from the points before it. */
  expected: number;
  /** The band of usual values: outside it the score passes 0.5. */
  lower: number;
  upper: number;
  /** 0 (ordinary) .. 1 (certainly anomalous); 0 while the engine is still learning. */
  score: number;
  isWarmingUp: boolean;
}

/**
 * A metric over a period as metrics.query charts it, each series judged point by point by the
 * shared anomaly engine (the one alert rules and costs use): what it expected, the band of usual
 * values and how anomalous each point is. The engine first learns from up to two days before
 * the period (as many steps as the metric query's bound leaves), so the period's first points
 * are judged against a history, not a cold start.
 */
export async function metricAnomalies(db: Db, workspaceId: string, q: MetricQuery) {
  const stepMs = q.step * 1000;
  const rangeMs = q.to.getTime() - q.from.getTime();
  const historyMs = Math.max(0, Math.min(HISTORY_MS, MAX_POINTS * stepMs - rangeMs - stepMs));
  const historyFrom = new Date(q.from.getTime() - Math.floor(historyMs / stepMs) * stepMs);
  const result = await queryMetric(db, workspaceId, { ...q, from: historyFrom });
  const series = result.series.map((s) => {
    const verdicts = scoreSeries(
      s.points.map((p) => ({ timestamp: p.time.getTime(), value: p.value })),
    );
    const points: JudgedPoint[] = verdicts
      .filter((v) => v.timestamp >= q.from.getTime())
      .map((v) => ({
        time: new Date(v.timestamp),
        value: v.value,
        expected: v.expected,
        lower: v.lower,
        upper: v.upper,
        score: v.score,
        isWarmingUp: v.isWarmingUp,
      }));
    return { labels: s.labels, points, anomalies: points.filter((p) => p.score > 0.5).length };
  });
  return { step: result.step, source: result.source, historyFrom, series };
}

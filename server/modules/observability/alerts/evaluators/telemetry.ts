import type { AlertEvaluator } from "../evaluators.ts";
import { logCountEvaluator } from "./log-count.ts";
import { metricAbsentEvaluator } from "./metric-absent.ts";
import { metricAnomalyEvaluator } from "./metric-anomaly.ts";
import { metricThresholdEvaluator } from "./metric-threshold.ts";

/** Rules on stored telemetry: metric thresholds, absence, anomalies and log counts. */
export const TELEMETRY_EVALUATORS = [
  metricThresholdEvaluator,
  metricAbsentEvaluator,
  metricAnomalyEvaluator,
  logCountEvaluator,
] as unknown as readonly AlertEvaluator[];

export const TELEMETRY_KINDS = [
  "metric_threshold",
  "metric_absent",
  "metric_anomaly",
  "log_count",
] as const;

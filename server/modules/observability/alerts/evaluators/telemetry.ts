import type { AlertEvaluator } from "../evaluators.ts";
import { logCountEvaluator } from "./log-count.ts";
import { metricAbsentEvaluator } from "./metric-absent.ts";
import { metricAnomalyEvaluator } from "./metric-anomaly.ts";
import { metricForecastEvaluator } from "./metric-forecast.ts";
import { metricThresholdEvaluator } from "./metric-threshold.ts";

/** Rules on stored telemetry: metric thresholds, absence, anomalies, forecasts and log counts. */
export const TELEMETRY_EVALUATORS = [
  metricThresholdEvaluator,
  metricAbsentEvaluator,
  metricAnomalyEvaluator,
  metricForecastEvaluator,
  logCountEvaluator,
] as unknown as readonly AlertEvaluator[];

export const TELEMETRY_KINDS = [
  "metric_threshold",
  "metric_absent",
  "metric_anomaly",
  "metric_forecast",
  "log_count",
] as const;

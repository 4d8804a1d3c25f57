import type { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { costAnomalyEvaluator } from "./evaluators/cost-anomaly.ts";
import { healthCheckEvaluator } from "./evaluators/health-check.ts";
import { newLogPatternEvaluator } from "./evaluators/new-log-pattern.ts";
import { TELEMETRY_EVALUATORS, TELEMETRY_KINDS } from "./evaluators/telemetry.ts";

/** A condition that holds now for one key (a check, an anomaly…). */
export interface Signal {
  /** Stable identity of what breaches: the same key on the next evaluation is the same alert. */
  key: string;
  summary: string;
  /** What the alert is about (its identity): matched by silences and routes; shown with it. */
  labels: Record<string, string>;
  /**
   * What was measured this time (a value, a count, an expected value, a score): shown and sent
   * with the alert, never matched, so a silence made from an alert still covers it when the value moves.
   */
  annotations?: Record<string, string>;
  /** Alerts with the same group key close in time share an incident. */
  groupKey: string;
}

export interface EvaluationContext {
  db: Db;
  workspaceId: string;
  now: Date;
}

/**
 * One kind of rule. `evaluate` returns every key whose condition holds now; a key it no longer
 * returns is resolved. New kinds (metric threshold, absence of data, log count, new log pattern)
 * plug in here when the telemetry they read is stored.
 */
export interface AlertEvaluator<P extends z.ZodType = z.ZodType> {
  kind: string;
  title: string;
  params: P;
  /**
   * Refuses parameters naming rows the workspace does not have; a rule turned off may keep
   * naming them (`ruleEnabled` false), so it can be edited before it is turned on again.
   */
  validate?(params: z.output<P>, ctx: EvaluationContext & { ruleEnabled: boolean }): Promise<void>;
  evaluate(params: z.output<P>, ctx: EvaluationContext): Promise<Signal[]>;
}

export const EVALUATORS: readonly AlertEvaluator[] = [
  healthCheckEvaluator as unknown as AlertEvaluator,
  costAnomalyEvaluator as unknown as AlertEvaluator,
  ...TELEMETRY_EVALUATORS,
  newLogPatternEvaluator as unknown as AlertEvaluator,
];

export const RULE_KINDS = [
  "health_check_failing",
  "cost_anomaly",
  ...TELEMETRY_KINDS,
  "new_log_pattern",
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export function evaluatorOf(kind: string): AlertEvaluator | undefined {
  return EVALUATORS.find((e) => e.kind === kind);
}

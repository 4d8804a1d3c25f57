import type { OperationOutput } from "../../lib/api.ts";

export type Automation = OperationOutput<"automations.get">;
export type Trigger = Automation["trigger"];
export type Step = Automation["steps"][number];
export type RunStatus = OperationOutput<"automations.runs.get">["status"];

/** A trigger in a few words, for lists. */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case "manual":
      return "Run by hand";
    case "schedule":
      return `Schedule ${trigger.cron} (${trigger.timezone})`;
    case "webhook":
      return "Signed webhook";
    case "costAnomaly":
      return `Cost anomaly (${trigger.minSeverity} or worse)`;
    case "budgetThreshold":
      return `Budget threshold${trigger.minPercent ? ` ≥ ${trigger.minPercent}%` : ""}`;
    case "alertFired":
      return `Alert fired (${trigger.minSeverity} or worse${trigger.ruleId ? ", one rule" : ""})`;
    case "newLogPattern":
      return `New log pattern${trigger.service ? ` in ${trigger.service}` : ""}${trigger.minLevel ? ` (${trigger.minLevel} or worse)` : ""}`;
  }
}

export const TRIGGER_LABELS: Record<Trigger["kind"], string> = {
  manual: "By hand only",
  schedule: "Schedule (cron)",
  webhook: "Webhook (signed)",
  costAnomaly: "Cost anomaly detected",
  budgetThreshold: "Budget threshold crossed",
  alertFired: "Alert fired",
  newLogPattern: "New log pattern",
};

export const STEP_LABELS: Record<Step["kind"], string> = {
  operation: "Run an operation",
  agent: "Ask the agent",
  condition: "Condition",
  notify: "Notify in the app",
};

export const STATUS_VARIANT = {
  queued: "secondary",
  running: "secondary",
  waiting: "warning",
  succeeded: "success",
  failed: "destructive",
  stopped: "outline",
  pending: "secondary",
  skipped: "outline",
  denied: "outline",
} as const;

export const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString() : "—";

/** Seconds between two timestamps, for step timing. */
export function duration(from: string | null, to: string | null): string {
  if (!from || !to) return "—";
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

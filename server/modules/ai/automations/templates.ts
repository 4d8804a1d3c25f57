// Playbook templates: starting points the editor fills in. A template whose operations the
// registry does not have is listed with what is missing, never with made-up operation names.

import type { Step, Trigger } from "./automations.zod.ts";

export interface PlaybookTemplate {
  id: string;
  name: string;
  description: string;
  trigger: Trigger;
  steps: Step[];
  /** Fields the person must fill before saving (e.g. which project gets the task). */
  placeholders: string[];
  /** Operations it runs; all must exist for the template to be offered. */
  operations: string[];
  /** Why it cannot be offered yet: the capabilities Glass Pane does not have. */
  gap: string | null;
}

const TEMPLATES: PlaybookTemplate[] = [
  {
    id: "weekly-spend-summary",
    name: "Weekly spend summary",
    description:
      "Every Monday at 08:00, the agent summarises last week's spend and cost anomalies and the summary arrives as an in-app notification.",
    trigger: { kind: "schedule", cron: "0 8 * * 1", timezone: "UTC" },
    steps: [
      {
        kind: "agent",
        key: "summary",
        prompt:
          "Summarise last week's cloud spend ({{dates.lastWeekStart}} to {{dates.lastWeekEnd}}): the total against the week before, the services that grew most, and the cost anomalies of the week with their status. Mention open incidents if Glass Pane has any. At most 200 words.",
      },
      {
        kind: "notify",
        key: "deliver",
        title: "Spend summary for the week of {{dates.lastWeekStart}}",
        body: "{{steps.summary.output.text}}",
        recipients: "runAs",
      },
    ],
    placeholders: [],
    operations: ["agent.threads.send"],
    gap: null,
  },
  {
    id: "anomaly-to-task",
    name: "Open a task for a cost anomaly",
    description:
      "When a high-severity cost anomaly is found, look it up and make it a task in a project (after approval), then tell the admins.",
    trigger: { kind: "costAnomaly", minSeverity: "high" },
    steps: [
      {
        kind: "operation",
        key: "anomaly",
        operation: "costs.anomalies.get",
        input: { id: "{{trigger.lead.id}}" },
      },
      {
        kind: "operation",
        key: "task",
        operation: "tasks.createFromAnomaly",
        input: { anomalyId: "{{trigger.lead.id}}", projectId: "" },
      },
      {
        kind: "notify",
        key: "tell",
        title: "Task opened for the anomaly on {{trigger.lead.day}}",
        body: "{{trigger.lead.dimension}} {{trigger.lead.key}}: {{trigger.lead.actual}} instead of about {{trigger.lead.expected}} {{trigger.lead.currency}}.",
        recipients: "admins",
      },
    ],
    placeholders: ["steps.1.input.projectId"],
    operations: ["costs.anomalies.get", "tasks.createFromAnomaly"],
    gap: null,
  },
  {
    id: "budget-breakdown",
    name: "Budget threshold breakdown",
    description:
      "When a budget crosses a threshold, break the period's spend down by service and send it to the admins.",
    trigger: { kind: "budgetThreshold" },
    steps: [
      {
        kind: "operation",
        key: "breakdown",
        operation: "costs.summary",
        input: {
          from: "{{trigger.periodStart}}",
          to: "{{dates.tomorrow}}",
          groupBy: "ServiceName",
          limit: 5,
        },
      },
      {
        kind: "notify",
        key: "tell",
        title: "Budget “{{trigger.budgetName}}” reached {{trigger.percent}}%",
        body: "{{trigger.currency}} {{trigger.spend}} of {{trigger.amount}} spent. Top services: {{steps.breakdown.output.groups}}",
        recipients: "admins",
      },
    ],
    placeholders: [],
    operations: ["costs.summary"],
    gap: null,
  },
  {
    id: "stop-idle-instance",
    name: "Stop idle instances",
    description:
      "Every morning, find running VMs whose CPU stayed under 5% for a week and stop their compute billing after approval (or pre-approval): Azure VMs are deallocated, since a powered-off one is still billed; others are stopped. Then tell the admins.",
    trigger: { kind: "schedule", cron: "0 7 * * *", timezone: "UTC" },
    steps: [
      {
        kind: "operation",
        key: "find",
        operation: "inventory.idleInstances",
        input: { days: 7, maxCpuPercent: 5, peakPercent: 20 },
      },
      { kind: "condition", key: "any", expression: "steps.find.output.total > 0" },
      {
        kind: "operation",
        key: "stop",
        operation: "resources.stopBilling",
        input: { ids: "{{steps.find.output.ids}}" },
      },
      {
        kind: "notify",
        key: "tell",
        title: "Stopped {{steps.stop.output.succeeded}} idle instance(s)",
        body: "{{steps.stop.output.results}}",
        recipients: "admins",
      },
    ],
    placeholders: [],
    operations: ["inventory.idleInstances", "resources.stopBilling"],
    gap: null,
  },
  {
    id: "snapshot-then-delete-volume",
    name: "Snapshot, then delete unattached volumes",
    description:
      "Every Monday, snapshot each volume attached to nothing for 14 days, then delete the ones whose snapshot succeeded; each step waits for approval.",
    trigger: { kind: "schedule", cron: "0 7 * * 1", timezone: "UTC" },
    steps: [
      {
        kind: "operation",
        key: "find",
        operation: "inventory.unattachedVolumes",
        input: { minDays: 14 },
      },
      { kind: "condition", key: "any", expression: "steps.find.output.total > 0" },
      {
        kind: "operation",
        key: "snapshot",
        operation: "resources.snapshot",
        input: { ids: "{{steps.find.output.ids}}" },
      },
      {
        kind: "operation",
        key: "delete",
        operation: "resources.deleteVolume",
        // Deletion refuses any volume whose snapshot did not succeed.
        input: { ids: "{{steps.find.output.ids}}" },
      },
      {
        kind: "notify",
        key: "tell",
        title: "Unattached volumes: {{steps.delete.output.succeeded}} deleted after a snapshot",
        body: "{{steps.delete.output.results}}",
        recipients: "admins",
      },
    ],
    placeholders: [],
    operations: ["inventory.unattachedVolumes", "resources.snapshot", "resources.deleteVolume"],
    gap: null,
  },
];

/** The templates, each marked with whether the registry has what it runs. */
export function playbookTemplates(hasOperation: (name: string) => boolean) {
  return TEMPLATES.map((template) => {
    const missing = template.operations.filter((name) => !hasOperation(name));
    const gap =
      template.gap ?? (missing.length ? `Missing operations: ${missing.join(", ")}` : null);
    return { ...template, available: gap === null, gap };
  });
}

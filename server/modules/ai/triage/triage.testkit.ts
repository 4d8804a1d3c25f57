import type { TestRuntime } from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { evaluateWorkspace } from "../../observability/alerts/engine.ts";
import { insertSamples } from "../../observability/metrics/metric-store.ts";

/** Makes a metric rule fire now for one service (and resource), and returns its incident. */
export async function fireAlert(
  rt: TestRuntime,
  caller: Caller,
  workspaceId: string,
  opts: { rule: string; service: string; resourceId?: string; severity?: string },
) {
  const metric = `errors_${opts.service.replace(/\W/g, "_")}`;
  const now = new Date();
  const labels: Record<string, string> = { service: opts.service };
  if (opts.resourceId) labels.resourceId = opts.resourceId;
  await insertSamples(
    rt.database.db,
    Array.from({ length: 5 }, (_, i) => ({
      workspaceId,
      name: metric,
      labels,
      time: new Date(now.getTime() - i * 20_000),
      value: 50,
      resourceId: null,
    })),
  );
  await rt.as(caller, "alerts.rules.create", {
    name: opts.rule,
    kind: "metric_threshold",
    params: {
      metric,
      groupBy: opts.resourceId ? ["service", "resourceId"] : ["service"],
      comparator: ">",
      threshold: 10,
    },
    severity: opts.severity ?? "critical",
  });
  await evaluateWorkspace(rt.database.db, rt.services, workspaceId, now);
  const incidents = (await rt.as(caller, "incidents.list", {})) as {
    id: string;
    groupKey: string;
    status: string;
    assigneeUserId: string | null;
  }[];
  const incident = incidents.find((i) => i.groupKey === `service:${opts.service}`);
  if (!incident) throw new Error(`no incident for ${opts.service}`);
  return incident;
}

export interface TriageView {
  modelConfigured: boolean;
  note: {
    status: string;
    summary: string | null;
    likelyCause: string | null;
    nextSteps: string[];
    relatedChanges: { kind: string; resource: string; detail: string }[];
    runbook: { id: string; title: string } | null;
    model: string | null;
    inputTokens: number;
    outputTokens: number;
    error: string | null;
  } | null;
}

/** Waits for the triage job to finish (the job worker runs in the test runtime). */
export async function settledTriage(rt: TestRuntime, caller: Caller, incidentId: string) {
  for (let i = 0; i < 200; i++) {
    const view = (await rt.as(caller, "incidents.triage", { id: incidentId })) as TriageView;
    if (view.note && view.note.status !== "pending") return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the triage note was not written in time");
}

import type { TestRuntime } from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { Caller } from "../../../platform/operations/execute.ts";

export interface RunView {
  id: string;
  status: string;
  error: string | null;
  detailsHidden: boolean;
  trigger: Record<string, unknown>;
  steps: {
    key: string;
    status: string;
    input: unknown;
    output: unknown;
    error: string | null;
    approvalId: string | null;
  }[];
}

export interface AutomationView {
  id: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  preapprovals: { stepKey: string; isCurrent: boolean }[];
}

export const createAutomation = (rt: TestRuntime, caller: Caller, input: Record<string, unknown>) =>
  rt.as(caller, "automations.create", input) as Promise<AutomationView>;

export const runDetail = (rt: TestRuntime, caller: Caller, id: string) =>
  rt.as(caller, "automations.runs.get", { id }) as Promise<RunView>;

/** Waits until the run is in one of the states (the jobs worker must be started). */
export function settledRun(
  rt: TestRuntime,
  caller: Caller,
  id: string,
  statuses = ["waiting", "succeeded", "failed", "stopped"],
) {
  return waitFor(
    async () => {
      const run = await runDetail(rt, caller, id);
      return statuses.includes(run.status) && run;
    },
    { timeoutMs: 30_000, what: `run ${id} to be ${statuses.join(" or ")}` },
  );
}

/** The newest run of an automation, once there is one. */
export function firstRunOf(rt: TestRuntime, caller: Caller, automationId: string) {
  return waitFor(
    async () => {
      const runs = (await rt.as(caller, "automations.runs.list", { automationId })) as {
        id: string;
      }[];
      return runs[0];
    },
    { timeoutMs: 60_000, what: `a run of ${automationId}` },
  );
}

/** Starts a run by hand and waits for it to stop or pause. */
export async function runNow(
  rt: TestRuntime,
  caller: Caller,
  id: string,
  payload: Record<string, unknown> = {},
) {
  const run = (await rt.as(caller, "automations.run", { id, payload })) as { id: string };
  return settledRun(rt, caller, run.id);
}

// A change the agent proposes during an automation's agent step waits in the approvals inbox,
// like every other request; the decision there resumes (or stops) the run. Scripted model.
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { auditLog } from "../../../platform/audit/audit.schema.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { tasks } from "../../projects/projects.schema.ts";
import { makeProject } from "../../projects/time/time.testkit.ts";
import { answer, configureModel, scriptedModels, type ThreadView } from "../agent/agent.testkit.ts";
import { createAutomation, runNow, settledRun } from "./automations.testkit.ts";

const scripted = scriptedModels();
let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let projectId: string;

beforeAll(async () => {
  rt = await createTestRuntime({}, { chatModels: scripted.factory });
  const o = await createOwner(rt, "agent-step-approvals@example.com", "Agent step approvals");
  owner = o.caller;
  workspaceId = o.workspaceId;
  projectId = (await makeProject(rt, owner, { key: "ASA" })).id;
  await configureModel(rt, owner);
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

interface Approval {
  id: string;
  source: string;
  sourceRef: string | null;
  operation: string;
  input: Record<string, unknown>;
  requesterLabel: string;
  note: string | null;
  status: string;
}

const tasksNamed = (title: string) =>
  rt.database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.title, title)));

const auditOf = (action: string) =>
  rt.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), like(auditLog.action, action)));

async function proposingRun(name: string, title: string) {
  scripted.model.respondWithTools([{ name: "tasks_create", args: { projectId, title } }]);
  const automation = await createAutomation(rt, owner, {
    name,
    trigger: { kind: "manual" },
    steps: [{ kind: "agent", key: "triage", prompt: "File a task for the outage" }],
  });
  const run = await runNow(rt, owner, automation.id);
  const inbox = (await rt.as(owner, "approvals.list", { status: "pending" })) as Approval[];
  return { automation, run, approval: inbox.find((a) => a.sourceRef === run.id)! };
}

describe("a change proposed by an automation's agent step", () => {
  it("waits in the approvals inbox with the exact operation, input and the run that asked", async () => {
    const title = "Investigate the outage";
    const { run, approval } = await proposingRun("Outage triage", title);
    expect(run.status).toBe("waiting");
    expect(run.steps[0]).toMatchObject({ key: "triage", status: "waiting" });
    expect(run.steps[0]!.approvalId).toBe(approval.id);
    expect(approval).toMatchObject({
      source: "automation",
      sourceRef: run.id,
      operation: "tasks.create",
      input: { projectId, title },
      status: "pending",
    });
    expect(approval.requesterLabel).toContain("Automation “Outage triage”");
    expect(approval.note).toContain(
      `step “triage” of the automation “Outage triage” (run ${run.id})`,
    );
    expect(await tasksNamed(title)).toHaveLength(0);

    // The chat cannot decide it a second time: the inbox is the one place.
    const thread = (run.steps[0]!.output as { threadId: string }).threadId;
    const refused = await rt
      .as(owner, "agent.threads.decide", { threadId: thread, decision: "approve" })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(/approvals inbox/);

    // Approving in the inbox runs it once, then the agent finishes its answer and the run goes on.
    scripted.model.respond(answer("Filed the task for the outage."));
    await rt.as(owner, "approvals.approve", { id: approval.id });
    const done = await settledRun(rt, owner, run.id, ["succeeded", "failed", "stopped"]);
    expect(done.status).toBe("succeeded");
    expect(done.steps[0]).toMatchObject({ status: "succeeded", approvalId: approval.id });
    expect(done.steps[0]!.output).toMatchObject({
      threadId: thread,
      text: "Filed the task for the outage.",
    });
    expect(await tasksNamed(title)).toHaveLength(1);

    const view = (await rt.as(owner, "agent.threads.get", { threadId: thread })) as ThreadView;
    expect(view.status).toBe("idle");
    const result = view.messages.find((m) => m.role === "tool");
    expect(result).toMatchObject({ isError: false });
    expect(result!.text).toContain(title);

    const decided = (await auditOf("approvals.approve")).filter((e) => e.targetId === approval.id);
    expect(decided).toHaveLength(1);
    const created = (await auditOf("tasks.create")).filter((e) =>
      e.actorLabel.includes("Automation “Outage triage”"),
    );
    expect(created).toHaveLength(1);
    expect(created[0]!.actorLabel).toContain("approved by agent-step-approvals@example.com");
  });

  it("stops the run when denied in the inbox, changing nothing, and closes the thread", async () => {
    const title = "Delete production";
    const { run, approval } = await proposingRun("Risky triage", title);
    expect(run.status).toBe("waiting");

    const callsBefore = scripted.model.calls.length;
    await rt.as(owner, "approvals.deny", { id: approval.id, reason: "not now" });
    const done = await settledRun(rt, owner, run.id, ["succeeded", "failed", "stopped"]);
    expect(done.status).toBe("stopped");
    expect(done.steps[0]).toMatchObject({ status: "denied" });
    expect(done.steps[0]!.error).toMatch(/tasks\.create: Denied: not now; nothing was changed/);
    expect(await tasksNamed(title)).toHaveLength(0);

    const thread = (done.steps[0]!.output as { threadId: string }).threadId;
    const view = (await rt.as(owner, "agent.threads.get", { threadId: thread })) as ThreadView;
    expect(view).toMatchObject({ status: "idle", pendingApproval: null });
    expect(view.messages.at(-1)).toMatchObject({ role: "tool", isError: true });
    expect(view.messages.at(-1)!.text).toMatch(
      /^Denied by agent-step-approvals@example\.com \(not now\): tasks\.create was not run/,
    );
    // The denial ended the agent's step: the model was not asked again.
    expect(scripted.model.calls.length).toBe(callsBefore);
    expect((await auditOf("approvals.deny")).map((e) => e.targetId)).toContain(approval.id);
  });
});

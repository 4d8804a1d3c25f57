import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../../test/support/callers.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { auditLog } from "../../../platform/audit/audit.schema.ts";
import { schedules } from "../../../platform/jobs/jobs.schema.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { projects } from "../../projects/projects.schema.ts";
import { FIRE_JOB, scheduleKeyOf } from "./automations.service.ts";
import {
  createAutomation,
  firstRunOf,
  runDetail,
  runNow,
  settledRun,
} from "./automations.testkit.ts";

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let member: Person;
let viewer: Person;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "automations@example.com", "Automations");
  member = await addMember(rt, owner.workspaceId, "auto-member@example.com", "member");
  viewer = await addMember(rt, owner.workspaceId, "auto-viewer@example.com", "viewer");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const projectsKeyed = (key: string) =>
  rt.database.db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, owner.workspaceId), eq(projects.key, key)));

/** A read, a mutation templated from the read, and a notification. */
const readThenCreate = (key: string) => [
  { kind: "operation", key: "find", operation: "projects.list", input: {} },
  {
    kind: "operation",
    key: "make",
    operation: "projects.create",
    input: { key, name: "Made after {{len(steps.find.output)}} projects" },
  },
  {
    kind: "notify",
    key: "tell",
    title: "Project {{steps.make.output.key}} made",
    body: "By {{automation.name}}",
  },
];

async function notificationsOf(caller: Caller) {
  const { items } = (await rt.as(caller, "notifications.list", { limit: 100 })) as {
    items: { kind: string; title: string; body: string }[];
  };
  return items;
}

describe("a scheduled automation with a mutating step", () => {
  it("is scheduled by its cron, pauses at the approvals inbox, and completes once approved", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "Nightly project",
      trigger: { kind: "schedule", cron: "0 3 * * *", timezone: "Europe/Paris" },
      steps: readThenCreate("NIGHT"),
    });
    const [schedule] = await rt.database.db
      .select()
      .from(schedules)
      .where(eq(schedules.key, scheduleKeyOf(automation.id)));
    expect(schedule).toMatchObject({
      cron: "0 3 * * *",
      timezone: "Europe/Paris",
      jobName: FIRE_JOB,
    });

    // What the scheduler enqueues when the cron comes due.
    await rt.services.jobs.enqueue(rt.database.db, FIRE_JOB, schedule!.payload, {
      workspaceId: owner.workspaceId,
    });
    const started = await firstRunOf(rt, owner.caller, automation.id);
    const waiting = await settledRun(rt, owner.caller, started.id);
    expect(waiting.status).toBe("waiting");
    expect(waiting.trigger).toMatchObject({ kind: "schedule" });
    expect(waiting.steps.map((s) => [s.key, s.status])).toEqual([
      ["find", "succeeded"],
      ["make", "waiting"],
    ]);
    expect(await projectsKeyed("NIGHT")).toHaveLength(0);

    const inbox = (await rt.as(owner.caller, "approvals.list", { status: "pending" })) as {
      id: string;
      source: string;
      sourceRef: string;
      operation: string;
      input: Record<string, unknown>;
    }[];
    const request = inbox.find((a) => a.sourceRef === started.id)!;
    expect(request).toMatchObject({
      id: waiting.steps[1]!.approvalId,
      source: "automation",
      operation: "projects.create",
      input: { key: "NIGHT", name: "Made after 0 projects" },
    });

    await rt.as(owner.caller, "approvals.approve", { id: request.id });
    const done = await settledRun(rt, owner.caller, started.id, ["succeeded", "failed", "stopped"]);
    expect(done.status).toBe("succeeded");
    expect(done.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(done.steps[1]!.output).toMatchObject({ key: "NIGHT" });
    expect(await projectsKeyed("NIGHT")).toHaveLength(1);
    expect(await notificationsOf(owner.caller)).toContainEqual(
      expect.objectContaining({ kind: "automation.notify", title: "Project NIGHT made" }),
    );
    // The run and the mutation are in the audit log, the mutation labelled with its origin.
    const audited = await rt.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, owner.workspaceId), like(auditLog.action, "%")));
    expect(
      audited.find((a) => a.action === "projects.create" && a.actorLabel.includes("Nightly")),
    ).toBeTruthy();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(["automations.run.started", "automations.run.succeeded"]),
    );
  });

  it("stops without changing anything when the request is denied", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "Denied",
      trigger: { kind: "manual" },
      steps: readThenCreate("DENY"),
    });
    const waiting = await runNow(rt, owner.caller, automation.id);
    await rt.as(owner.caller, "approvals.deny", {
      id: waiting.steps[1]!.approvalId,
      reason: "not today",
    });
    const stopped = await settledRun(rt, owner.caller, waiting.id, ["stopped", "failed"]);
    expect(stopped.status).toBe("stopped");
    expect(stopped.steps[1]).toMatchObject({ status: "denied" });
    expect(stopped.error).toMatch(/not today/);
    expect(stopped.steps).toHaveLength(2);
    expect(await projectsKeyed("DENY")).toHaveLength(0);
  });
});

describe("pre-approval", () => {
  it("is an admin's: a member cannot give it, and a token cannot define automations", async () => {
    const automation = await createAutomation(rt, member.caller, {
      name: "Member's",
      trigger: { kind: "manual" },
      steps: readThenCreate("MEMB"),
    });
    const error = await refusal(
      rt.as(member.caller, "automations.preapprove", {
        id: automation.id,
        stepKey: "make",
        preapproved: true,
      }),
    );
    expect(error.code).toBe("forbidden");
    const token = (await rt.as(owner.caller, "tokens.create", { name: "automation maker" })) as {
      token: string;
      id: string;
    };
    const tokenCaller: Caller = {
      actor: {
        type: "token",
        tokenId: token.id,
        userId: owner.userId,
        workspaceId: owner.workspaceId,
        label: "token",
      },
    };
    const byToken = await refusal(
      createAutomation(rt, tokenCaller, {
        name: "Token's",
        trigger: { kind: "manual" },
        steps: readThenCreate("TOKN"),
      }),
    );
    expect(byToken.message).toMatch(/person signed in/);
  });

  it("lets that exact step run at once, recorded as auto-approved; an edit voids it", async () => {
    const automation = await createAutomation(rt, member.caller, {
      name: "Pre-approved",
      trigger: { kind: "manual" },
      steps: readThenCreate("PRE1"),
    });
    const refusedRead = await refusal(
      rt.as(owner.caller, "automations.preapprove", {
        id: automation.id,
        stepKey: "find",
        preapproved: true,
      }),
    );
    expect(refusedRead.details.field).toBe("stepKey");
    await rt.as(owner.caller, "automations.preapprove", {
      id: automation.id,
      stepKey: "make",
      preapproved: true,
    });
    const run = await runNow(rt, member.caller, automation.id);
    expect(run.status).toBe("succeeded");
    expect(await projectsKeyed("PRE1")).toHaveLength(1);
    const executed = (await rt.as(owner.caller, "approvals.list", { status: "executed" })) as {
      sourceRef: string;
      autoApproved: boolean;
      note: string;
    }[];
    expect(executed.find((a) => a.sourceRef === run.id)).toMatchObject({ autoApproved: true });
    expect(executed.find((a) => a.sourceRef === run.id)?.note).toMatch(
      /pre-approved by automations@example.com/,
    );

    // Someone else starting it by hand chooses the trigger payload: no pre-approval applies.
    const byOther = await runNow(rt, owner.caller, automation.id);
    expect(byOther.status).toBe("waiting");

    // Changing an earlier step could change what the approved step acts on: it asks again.
    const edited = (await rt.as(member.caller, "automations.update", {
      id: automation.id,
      steps: readThenCreate("PRE2"),
    })) as { preapprovals: { stepKey: string; isCurrent: boolean }[] };
    expect(edited.preapprovals).toEqual([
      expect.objectContaining({ stepKey: "make", isCurrent: false }),
    ]);
    const again = await runNow(rt, member.caller, automation.id);
    expect(again.status).toBe("waiting");
    expect(await projectsKeyed("PRE2")).toHaveLength(0);
  });
});

describe("runs", () => {
  it("act with the person's current role: demoted to viewer, the mutation is refused", async () => {
    const person = await addMember(rt, owner.workspaceId, "demoted@example.com", "member");
    const automation = await createAutomation(rt, person.caller, {
      name: "Demoted",
      trigger: { kind: "manual" },
      steps: readThenCreate("DEMO"),
    });
    await rt.as(owner.caller, "members.updateRole", { userId: person.userId, role: "viewer" });
    const run = await runNow(rt, owner.caller, automation.id);
    expect(run.status).toBe("failed");
    expect(run.steps[1]).toMatchObject({ status: "failed" });
    expect(run.steps[1]!.error).toMatch(/viewer/);
    expect(await projectsKeyed("DEMO")).toHaveLength(0);
  });

  it("skip guarded steps and end at a false condition", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "Conditional",
      trigger: { kind: "manual" },
      steps: [
        { kind: "operation", key: "find", operation: "projects.list", input: {} },
        {
          kind: "notify",
          key: "big",
          title: "Many projects",
          when: "len(steps.find.output) > 100",
        },
        { kind: "condition", key: "urgent", expression: "trigger.severity == 'high'" },
        { kind: "notify", key: "page", title: "Urgent: {{trigger.severity}}" },
      ],
    });
    const calm = await runNow(rt, owner.caller, automation.id, { severity: "low" });
    expect(calm.status).toBe("succeeded");
    expect(calm.steps.map((s) => [s.key, s.status])).toEqual([
      ["find", "succeeded"],
      ["big", "skipped"],
      ["urgent", "succeeded"],
      ["page", "skipped"],
    ]);
    const urgent = await runNow(rt, owner.caller, automation.id, { severity: "high" });
    expect(urgent.steps.map((s) => s.status)).toEqual([
      "succeeded",
      "skipped",
      "succeeded",
      "succeeded",
    ]);
    expect(urgent.steps[3]!.input).toMatchObject({ title: "Urgent: high" });
  });

  it("show inputs and outputs to admins and the run's person, not to other roles", async () => {
    const automation = await createAutomation(rt, member.caller, {
      name: "Private reads",
      trigger: { kind: "manual" },
      steps: [{ kind: "operation", key: "find", operation: "projects.list", input: {} }],
    });
    const run = await runNow(rt, member.caller, automation.id);
    expect((await runDetail(rt, member.caller, run.id)).steps[0]!.output).toBeInstanceOf(Array);
    expect((await runDetail(rt, owner.caller, run.id)).detailsHidden).toBe(false);
    const seenByViewer = await runDetail(rt, viewer.caller, run.id);
    expect(seenByViewer).toMatchObject({ detailsHidden: true, status: "succeeded" });
    expect(seenByViewer.steps[0]).toMatchObject({ input: null, output: null });
  });
});

describe("definitions", () => {
  it("refuse operations tools may not call, bad expressions, bad cron and duplicate keys", async () => {
    const define = (trigger: unknown, steps: unknown[]) =>
      refusal(createAutomation(rt, owner.caller, { name: "Bad", trigger, steps }));
    const manual = { kind: "manual" };
    expect(
      (await define(manual, [{ kind: "operation", key: "a", operation: "tokens.create" }])).details
        .field,
    ).toBe("steps.0.operation");
    expect(
      (
        await define(manual, [
          { kind: "operation", key: "a", operation: "automations.run", input: {} },
        ])
      ).details.field,
    ).toBe("steps.0.operation");
    expect(
      (await define(manual, [{ kind: "condition", key: "a", expression: "a >" }])).details.field,
    ).toBe("steps.0.expression");
    expect(
      (await define(manual, [{ kind: "notify", key: "a", title: "{{ a ( }}" }])).details.field,
    ).toBe("steps.0.title");
    expect(
      (
        await define({ kind: "schedule", cron: "61 * * * *" }, [
          { kind: "notify", key: "a", title: "x" },
        ])
      ).details.field,
    ).toBe("trigger.cron");
    const twice = await define(manual, [
      { kind: "notify", key: "a", title: "x" },
      { kind: "notify", key: "a", title: "y" },
    ]);
    expect(twice.details.field).toBe("steps.1.key");
  });

  it("delete denies the requests their waiting runs left in the inbox", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "To delete",
      trigger: { kind: "manual" },
      steps: readThenCreate("GONE"),
    });
    const waiting = await runNow(rt, owner.caller, automation.id);
    const approvalId = waiting.steps[1]!.approvalId!;
    await rt.as(owner.caller, "automations.delete", { id: automation.id });
    const approval = (await rt.as(owner.caller, "approvals.get", { id: approvalId })) as {
      status: string;
      reason: string;
    };
    expect(approval).toMatchObject({ status: "denied", reason: "The automation was deleted" });
    expect(
      (await refusal(rt.as(owner.caller, "automations.get", { id: automation.id }))).code,
    ).toBe("not_found");
  });
});

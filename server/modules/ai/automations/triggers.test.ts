// Triggers as they really fire: a signed HTTP webhook, a cost anomaly found by the detection
// job, a budget threshold crossed by the evaluation job — each starting runs of the playbook
// templates.
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../../../../test/support/http.ts";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import { signWebhook } from "../../../platform/http/outbound.ts";
import { jobs } from "../../../platform/jobs/jobs.schema.ts";
import {
  dayFromToday,
  focusBill,
  type TestResource,
} from "../../costs/anomalies/cost-file.testkit.ts";
import { makeProject } from "../../projects/time/time.testkit.ts";
import { createAutomation, firstRunOf, runDetail, settledRun } from "./automations.testkit.ts";

const SPIKE_DAY = dayFromToday(-3);
const RESOURCES: TestResource[] = [
  { service: "Amazon EC2", id: "i-web-1", name: "web-1", region: "eu-west-1", daily: 30 },
  {
    service: "AWS Lambda",
    id: "arn:lambda:fn-etl",
    name: "fn-etl",
    region: "us-east-1",
    daily: 2,
    spikes: { [SPIKE_DAY]: 15 },
  },
];

let rt: TestRuntime;
let app: FastifyInstance;
let owner: Person & { workspaceId: string };

type Template = {
  id: string;
  trigger: unknown;
  steps: Record<string, unknown>[];
  available: boolean;
  gap: string | null;
};

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await buildTestApp(rt);
  owner = await createOwner(rt, "triggers@example.com", "Triggers");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rt?.close();
});

const templates = async () =>
  (await rt.as(owner.caller, "automations.templates", {})) as Template[];

describe("webhook trigger", () => {
  const post = (
    id: string,
    body: string,
    secret: string,
    timestamp = Math.floor(Date.now() / 1000),
  ) =>
    app.inject({
      method: "POST",
      url: `/hooks/automations/${id}`,
      headers: {
        "content-type": "application/json",
        "x-glasspane-timestamp": String(timestamp),
        "x-glasspane-signature": `v1=${signWebhook(secret, timestamp, body)}`,
      },
      payload: body,
    });

  it("starts a run for a correctly signed body, once, and refuses anything else alike", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "Deploy hook",
      trigger: { kind: "webhook" },
      steps: [
        { kind: "condition", key: "prod", expression: "trigger.body.env == 'prod'" },
        { kind: "notify", key: "tell", title: "Deployed {{trigger.body.version}}" },
      ],
    });
    expect(automation.webhookUrl).toBe(`/hooks/automations/${automation.id}`);
    const secret = automation.webhookSecret!;
    expect(secret).toMatch(/^gpw_/);
    // Shown once: reading the automation again does not return it.
    expect(
      JSON.stringify(await rt.as(owner.caller, "automations.get", { id: automation.id })),
    ).not.toContain(secret);

    const body = JSON.stringify({ env: "prod", version: "1.4.2" });
    const sentAt = Math.floor(Date.now() / 1000);
    const accepted = await post(automation.id, body, secret, sentAt);
    expect(accepted.statusCode).toBe(202);
    const { runId } = accepted.json() as { runId: string };
    const run = await settledRun(rt, owner.caller, runId);
    expect(run).toMatchObject({
      status: "succeeded",
      trigger: { kind: "webhook", payload: { body: { env: "prod" } } },
    });
    expect(run.steps[1]!.input).toMatchObject({ title: "Deployed 1.4.2" });

    const replay = await post(automation.id, body, secret, sentAt);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ runId: null, duplicate: true });

    const forged = await post(automation.id, body, "gpw_not-the-secret");
    const unknown = await post("00000000-0000-4000-8000-000000000000", body, secret);
    expect(forged.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(forged.json()).toEqual(unknown.json());
    const stale = await post(automation.id, body, secret, Math.floor(Date.now() / 1000) - 600);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toMatch(/5 minutes/);

    const rotated = (await rt.as(owner.caller, "automations.webhook.rotate", {
      id: automation.id,
    })) as {
      webhookSecret: string;
    };
    expect((await post(automation.id, JSON.stringify({ env: "dev" }), secret)).statusCode).toBe(
      401,
    );
    expect(
      (await post(automation.id, JSON.stringify({ env: "dev" }), rotated.webhookSecret)).statusCode,
    ).toBe(202);
  });
});

describe("cost and budget triggers", () => {
  it("lists every playbook as runnable once the registry has its operations", async () => {
    const all = await templates();
    expect(all.filter((t) => t.available).map((t) => t.id)).toEqual([
      "weekly-spend-summary",
      "anomaly-to-task",
      "budget-breakdown",
      "stop-idle-instance",
      "snapshot-then-delete-volume",
    ]);
    expect(all.every((t) => t.gap === null)).toBe(true);
  });

  it("a detected anomaly runs the anomaly-to-task playbook, and a crossed budget the breakdown", async () => {
    const project = await makeProject(rt, owner.caller, { key: "OPS" });
    const all = await templates();
    const toTask = all.find((t) => t.id === "anomaly-to-task")!;
    const steps = structuredClone(toTask.steps);
    (steps[1]!.input as Record<string, unknown>).projectId = project.id;
    const anomalyAutomation = await createAutomation(rt, owner.caller, {
      name: "Anomaly to task",
      trigger: toTask.trigger,
      steps,
    });
    const breakdown = all.find((t) => t.id === "budget-breakdown")!;
    const budgetAutomation = await createAutomation(rt, owner.caller, {
      name: "Budget breakdown",
      trigger: breakdown.trigger,
      steps: breakdown.steps,
    });

    await rt.as(
      { ...owner.caller, upload: focusBill(RESOURCES, { days: 60 }) },
      "costs.import",
      {},
    );
    await rt.as(owner.caller, "costs.anomalies.detect", {});
    const anomalyRun = await firstRunOf(rt, owner.caller, anomalyAutomation.id);
    const waiting = await settledRun(rt, owner.caller, anomalyRun.id);
    expect(waiting.status).toBe("waiting");
    expect(waiting.trigger).toMatchObject({
      kind: "costAnomaly",
      payload: { lead: { day: SPIKE_DAY, severity: "high" } },
    });
    expect(waiting.steps[0]!.output).toMatchObject({ day: SPIKE_DAY });
    await rt.as(owner.caller, "approvals.approve", { id: waiting.steps[1]!.approvalId });
    const done = await settledRun(rt, owner.caller, anomalyRun.id, [
      "succeeded",
      "failed",
      "stopped",
    ]);
    expect(done.status).toBe("succeeded");
    expect(done.steps[1]!.output).toMatchObject({ projectId: project.id });

    await rt.as(owner.caller, "budgets.create", {
      name: "Tiny",
      period: "monthly",
      amount: "1",
      currency: "USD",
      thresholds: [{ percent: 50, basis: "actual" }],
    });
    await rt.services.jobs.enqueue(rt.database.db, "costs.evaluateBudgets", {
      workspaceId: owner.workspaceId,
    });
    const budgetRun = await firstRunOf(rt, owner.caller, budgetAutomation.id);
    const budgetDone = await settledRun(rt, owner.caller, budgetRun.id);
    expect(budgetDone).toMatchObject({
      status: "succeeded",
      trigger: { kind: "budgetThreshold", payload: { budgetName: "Tiny", percent: 50 } },
    });
    const groups = (budgetDone.steps[0]!.output as { groups: { key: string }[] }).groups;
    expect(groups.map((g) => g.key)).toContain("Amazon EC2");
    const notes = (await rt.as(owner.caller, "notifications.list", { limit: 100 })) as {
      items: { kind: string; title: string }[];
    };
    expect(notes.items).toContainEqual(
      expect.objectContaining({ kind: "automation.notify", title: "Budget “Tiny” reached 50%" }),
    );
    // Runs of a trigger are one per event: evaluating again fires nothing new.
    const again = await rt.services.jobs.enqueue(rt.database.db, "costs.evaluateBudgets", {
      workspaceId: owner.workspaceId,
    });
    await waitFor(
      async () => {
        const [job] = await rt.database.db.select().from(jobs).where(eq(jobs.id, again.id));
        return job?.status === "succeeded";
      },
      { what: "the second budget evaluation" },
    );
    const runs = (await rt.as(owner.caller, "automations.runs.list", {
      automationId: budgetAutomation.id,
    })) as unknown[];
    expect(runs).toHaveLength(1);
    expect(await runDetail(rt, owner.caller, budgetRun.id)).toMatchObject({ status: "succeeded" });
  });
});

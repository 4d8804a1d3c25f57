// Agent prompt steps through the real agent service, against a local server speaking the
// OpenAI chat-completions streaming format (no LLM is reachable here).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { schedules } from "../../../platform/jobs/jobs.schema.ts";
import { startOpenAiCompatibleServer } from "../agent/openai-compatible.testing.ts";
import { FIRE_JOB, scheduleKeyOf } from "./automations.service.ts";
import { createAutomation, firstRunOf, runNow, settledRun } from "./automations.testkit.ts";
import { datesAround } from "./run-engine.ts";

let rt: TestRuntime;
let owner: Person & { workspaceId: string };

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "agent-steps@example.com", "Agent steps");
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

type Template = { id: string; trigger: unknown; steps: unknown[] };

describe("agent prompt steps", () => {
  it("fail with the configuration hint when no model is configured", async () => {
    const automation = await createAutomation(rt, owner.caller, {
      name: "No model",
      trigger: { kind: "manual" },
      steps: [{ kind: "agent", key: "ask", prompt: "How much did we spend?" }],
    });
    const run = await runNow(rt, owner.caller, automation.id);
    expect(run.status).toBe("failed");
    expect(run.steps[0]).toMatchObject({ status: "failed" });
    expect(run.steps[0]!.error).toMatch(/No AI model is configured.*Settings → AI/);
  });

  it("run the weekly spend summary on its schedule and deliver it as a notification", async () => {
    const summary = "Last week you spent USD 210.00, 5% more than the week before.";
    const server = await startOpenAiCompatibleServer([
      { toolCall: { name: "costs_summary", args: { from: "2026-11-16", to: "2026-11-23" } } },
      { text: summary, usage: [300, 20] },
    ]);
    try {
      await rt.as(owner.caller, "ai.settings.set", {
        provider: "openai-compatible",
        model: "local-model",
        baseUrl: server.baseUrl,
      });
      const templates = (await rt.as(owner.caller, "automations.templates", {})) as Template[];
      const weekly = templates.find((t) => t.id === "weekly-spend-summary")!;
      const automation = await createAutomation(rt, owner.caller, {
        name: "Monday summary",
        trigger: weekly.trigger,
        steps: weekly.steps,
      });
      const [schedule] = await rt.database.db
        .select()
        .from(schedules)
        .where(eq(schedules.key, scheduleKeyOf(automation.id)));
      expect(schedule).toMatchObject({ cron: "0 8 * * 1", jobName: FIRE_JOB });
      // Monday 08:00 UTC: what the scheduler would enqueue.
      expect(schedule!.nextRunAt.getUTCDay()).toBe(1);
      expect(schedule!.nextRunAt.getUTCHours()).toBe(8);

      await rt.services.jobs.enqueue(rt.database.db, FIRE_JOB, schedule!.payload, {
        workspaceId: owner.workspaceId,
      });
      const started = await firstRunOf(rt, owner.caller, automation.id);
      const run = await settledRun(rt, owner.caller, started.id);
      expect(run.status).toBe("succeeded");
      const answer = run.steps[0]!.output as { text: string; threadId: string };
      expect(answer.text).toBe(summary);

      // The prompt reached the model with last week's dates filled in, and the tools with it.
      const first = server.requests[0]!.body as {
        messages: { role: string; content: string }[];
        tools: { function: { name: string } }[];
      };
      const asked = first.messages.find((m) => m.role === "user")!.content;
      const dates = datesAround(new Date());
      expect(asked).toContain(`(${dates.lastWeekStart} to ${dates.lastWeekEnd})`);
      expect(asked).toContain("running unattended");
      expect(first.tools.map((t) => t.function.name)).toContain("costs_summary");
      // The read the model asked for ran through the registry, and its result went back.
      const second = server.requests[1]!.body as { messages: { role: string; content: string }[] };
      expect(second.messages.find((m) => m.role === "tool")?.content).toContain('"total"');

      const notes = (await rt.as(owner.caller, "notifications.list", { limit: 20 })) as {
        items: { kind: string; title: string; body: string }[];
      };
      expect(notes.items).toContainEqual(
        expect.objectContaining({
          kind: "automation.notify",
          title: `Spend summary for the week of ${dates.lastWeekStart}`,
          body: summary,
        }),
      );
      // The conversation is the person's own thread, readable in the chat afterwards.
      const thread = (await rt.as(owner.caller, "agent.threads.get", {
        threadId: answer.threadId,
      })) as { messages: { role: string; text: string }[] };
      expect(thread.messages.at(-1)).toMatchObject({ role: "assistant", text: summary });
    } finally {
      await server.close();
    }
  });
});

describe("datesAround", () => {
  it("gives last week as Monday to Sunday, whatever the weekday", () => {
    // Wednesday 2026-11-25 and Monday 2026-11-23 and Sunday 2026-11-29 are in the same week.
    for (const day of ["2026-11-23T00:00:00Z", "2026-11-25T12:00:00Z", "2026-11-29T23:59:00Z"]) {
      expect(datesAround(new Date(day))).toMatchObject({
        lastWeekStart: "2026-11-16",
        lastWeekEnd: "2026-11-22",
        monthStart: "2026-11-01",
      });
    }
  });
});

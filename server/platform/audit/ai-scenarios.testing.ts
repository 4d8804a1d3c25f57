// Audit scenarios for the AI workbench: model settings and agent threads (with a scripted model,
// since no LLM is reachable in tests), for audit.test.ts.

import { answer, scriptedModels } from "../../modules/ai/agent/agent.testkit.ts";
import type { Runtime } from "../../runtime.ts";
import type { ScenarioKit } from "./cost-scenarios.testing.ts";

type Scenarios = Record<string, () => Promise<Record<string, unknown>>>;

/** The models the audit test's runtime uses: scenarios queue what the model says. */
export const aiScenarioModels = scriptedModels();

export function aiScenarios(kit: ScenarioKit & { runtime: () => Runtime }): Scenarios {
  let configured: Promise<unknown> | undefined;
  const configure = () => {
    configured ??= kit.as(kit.owner(), "ai.settings.set", {
      provider: "ollama",
      model: "scripted",
    });
    return configured;
  };
  const settle = (threadId: string) => kit.runtime().services.agent.settle(threadId);
  /** A thread paused on a proposed project, waiting for a decision. */
  const pausedThread = async () => {
    await configure();
    aiScenarioModels.model.respondWithTools([
      { name: "projects_create", args: { name: "Proposed", key: "PROP" } },
    ]);
    const { threadId } = (await kit.as(kit.owner(), "agent.threads.send", {
      message: "Create a project",
    })) as { threadId: string };
    await settle(threadId);
    return threadId;
  };

  return {
    "ai.settings.set": () =>
      kit.call(kit.owner(), "ai.settings.set", {
        provider: "openai",
        model: "gpt-4o-mini",
        apiKey: "sk-audited-key-0123456789",
      }),
    "agent.threads.send": async () => {
      await configure();
      aiScenarioModels.model.respond(answer("Hello."));
      const input = { message: "Hello agent" };
      const { threadId } = (await kit.as(kit.owner(), "agent.threads.send", input)) as {
        threadId: string;
      };
      await settle(threadId);
      return input;
    },
    "agent.threads.decide": async () => {
      const threadId = await pausedThread();
      aiScenarioModels.model.respond(answer("Not created."));
      const input = { threadId, decision: "deny" };
      await kit.as(kit.owner(), "agent.threads.decide", input);
      await settle(threadId);
      return input;
    },
    "agent.threads.delete": async () => {
      await configure();
      aiScenarioModels.model.respond(answer("Bye."));
      const { threadId } = (await kit.as(kit.owner(), "agent.threads.send", {
        message: "To delete",
      })) as { threadId: string };
      await settle(threadId);
      return kit.call(kit.owner(), "agent.threads.delete", { threadId });
    },
  };
}

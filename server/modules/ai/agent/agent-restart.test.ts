import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createOwner, sessionCaller } from "../../../../test/support/runtime.ts";
import { freshDatabaseSource } from "../../../../test/support/test-database.ts";
import { loadConfig } from "../../../platform/config.ts";
import type { WorkspaceEvent } from "../../../platform/events/events.ts";
import { createLogger } from "../../../platform/logger.ts";
import { createRuntime, type Runtime } from "../../../runtime.ts";
import { tasks } from "../../projects/projects.schema.ts";
import { makeProject } from "../../projects/time/time.testkit.ts";
import { answer, scriptedModels, type ThreadView } from "./agent.testkit.ts";
import { startOpenAiCompatibleServer } from "./openai-compatible.testing.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "gp-agent-restart-"));
const source = await freshDatabaseSource();
const config = loadConfig({
  GLASSPANE_DATA_DIR: dataDir,
  DATABASE_URL: source.databaseUrl,
  GLASSPANE_SECRET_KEY: "test-secret-key-that-is-long-enough-0123456789",
});
afterAll(async () => {
  await source.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A runtime on the data dir (PGlite on disk) or the database (PostgreSQL) that outlives it. */
async function open(first: boolean, chatModels?: ReturnType<typeof scriptedModels>["factory"]) {
  const rt = await createRuntime(config, createLogger("silent"), {
    loadDataDir: first ? source.loadDataDir : undefined,
    chatModels,
  });
  return Object.assign(rt, {
    as: (caller: Parameters<Runtime["call"]>[2], name: string, input: unknown) =>
      rt.call(name as never, input, caller),
  });
}

describe("threads across a restart", () => {
  it("resumes a paused approval after the server restarts, and runs the approved change", async () => {
    const before = scriptedModels();
    let rt = await open(true, before.factory);
    const owner = await createOwner(rt, "restart@example.com", "Restarts");
    const project = await makeProject(rt as never, owner.caller, { key: "RST" });
    await rt.as(owner.caller, "ai.settings.set", { provider: "ollama", model: "scripted" });
    before.model.respondWithTools([
      { name: "tasks_create", args: { projectId: project.id, title: "After restart" } },
    ]);
    const { threadId } = (await rt.as(owner.caller, "agent.threads.send", {
      message: "Create it",
    })) as { threadId: string };
    await rt.services.agent.settle(threadId);
    const paused = (await rt.as(owner.caller, "agent.threads.get", { threadId })) as ThreadView;
    expect(paused.status).toBe("waiting");
    await rt.close();

    const after = scriptedModels();
    after.model.respond(answer("Created after the restart."));
    rt = await open(false, after.factory);
    try {
      // Sessions live in the database too; a fresh one stands for the same person.
      const caller = await sessionCaller(rt, owner.userId, owner.workspaceId);
      const reloaded = (await rt.as(caller, "agent.threads.get", { threadId })) as ThreadView;
      expect(reloaded.pendingApproval).toMatchObject({
        operation: "tasks.create",
        input: { title: "After restart" },
      });
      await rt.as(caller, "agent.threads.decide", { threadId, decision: "approve" });
      await rt.services.agent.settle(threadId);
      const done = (await rt.as(caller, "agent.threads.get", { threadId })) as ThreadView;
      expect(done.status).toBe("idle");
      expect(done.messages.at(-1)?.text).toBe("Created after the restart.");
      const rows = await rt.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.workspaceId, owner.workspaceId), eq(tasks.title, "After restart")));
      expect(rows).toHaveLength(1);
    } finally {
      await rt.close();
    }
  });

  it("talks to an OpenAI-compatible server over streaming SSE, tool call deltas included", async () => {
    const rt = await open(false);
    const turns = [
      { text: "OK", usage: [5, 1] as [number, number] },
      { toolCall: { name: "tasks_list", args: {} }, usage: [120, 30] as [number, number] },
      { text: "You have one task: Streamed task.", usage: [200, 12] as [number, number] },
    ];
    const fresh = await startOpenAiCompatibleServer(turns);
    try {
      const owner = await createOwner(rt, "sse@example.com", "Streams");
      const project = await makeProject(rt as never, owner.caller, { key: "SSE" });
      await rt.as(owner.caller, "tasks.create", { projectId: project.id, title: "Streamed task" });
      await rt.as(owner.caller, "ai.settings.set", {
        provider: "openai-compatible",
        model: "local-qwen",
        baseUrl: fresh.baseUrl,
        apiKey: "local-key-123456789",
        inputPricePerMillion: "1",
        outputPricePerMillion: "2",
      });
      const probe = (await rt.as(owner.caller, "ai.settings.test", {})) as {
        ok: boolean;
        message: string;
      };
      expect(probe).toMatchObject({ ok: true, message: "OK" });
      const events: WorkspaceEvent[] = [];
      const stop = rt.services.events.subscribe(owner.workspaceId, (event) => {
        if (event.type === "agent") events.push(event);
      });
      const { threadId } = (await rt.as(owner.caller, "agent.threads.send", {
        message: "What tasks do I have?",
        context: { page: "/projects" },
      })) as { threadId: string };
      await rt.services.agent.settle(threadId);
      await new Promise((resolve) => setTimeout(resolve, 50));
      stop();
      const thread = (await rt.as(owner.caller, "agent.threads.get", { threadId })) as ThreadView;
      expect(thread.lastError).toBeNull();
      expect(thread.status).toBe("idle");
      expect(thread.messages.at(-1)?.text).toBe("You have one task: Streamed task.");
      // The real client sent our tools, streamed, and sent the key it was given.
      const [, firstRequest, secondRequest] = fresh.requests;
      expect(firstRequest?.body.stream).toBe(true);
      expect(firstRequest?.authorization).toBe("Bearer local-key-123456789");
      const toolNames = (firstRequest!.body.tools as { function: { name: string } }[]).map(
        (t) => t.function.name,
      );
      expect(toolNames).toContain("tasks_list");
      expect(toolNames).not.toContain("tokens_create");
      const toolMessage = (
        secondRequest!.body.messages as { role: string; content: string }[]
      ).find((m) => m.role === "tool");
      expect(toolMessage?.content).toContain("Streamed task");
      expect(toolMessage?.content).toMatch(/^<tool_output/);
      // Streamed to the person: tokens as they came, the tool call and its result.
      const kinds = events.map((e) => e.event);
      expect(kinds).toContain("toolCall");
      expect(kinds).toContain("toolResult");
      expect(
        events
          .filter((e) => e.event === "token")
          .map((e) => e.text)
          .join(""),
      ).toContain("You have one task");
      expect(events.every((e) => e.audienceUserId === owner.userId)).toBe(true);
      const usage = (await rt.as(owner.caller, "ai.usage", {})) as {
        workspace: { inputTokens: number; outputTokens: number; cost: string };
      };
      // The settings test counts too: 325 input and 43 output tokens in all.
      expect(usage.workspace).toMatchObject({ inputTokens: 325, outputTokens: 43 });
      // 325 × 1 / 1M + 43 × 2 / 1M
      expect(usage.workspace.cost).toBe("0.000411");
    } finally {
      await fresh.close();
      await rt.close();
    }
  });
});

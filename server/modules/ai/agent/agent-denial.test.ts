// A denial over the real wire: the OpenAI client against a local server speaking the
// chat-completions format. The server counts requests, so a model call after a denial shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { makeProject } from "../../projects/time/time.testkit.ts";
import { ask, decide } from "./agent.testkit.ts";
import { startOpenAiCompatibleServer } from "./openai-compatible.testing.ts";

let rt: TestRuntime;
let owner: Caller;
let projectId: string;
let server: Awaited<ReturnType<typeof startOpenAiCompatibleServer>>;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "denier@example.com", "Denials")).caller;
  projectId = (await makeProject(rt, owner, { key: "DNY" })).id;
  server = await startOpenAiCompatibleServer([
    { toolCall: { name: "tasks_create", args: { projectId, title: "Unwanted" } } },
    { text: "Right, I left it alone." },
  ]);
  await rt.as(owner, "ai.settings.set", {
    provider: "openai-compatible",
    model: "local-qwen",
    baseUrl: server.baseUrl,
  });
});
afterAll(async () => {
  await server?.close();
  await rt?.close();
});

describe("a denied change over an OpenAI-compatible server", () => {
  it("costs no model request; the next turn sends the denial with the person's name", async () => {
    const paused = await ask(rt, owner, "Create a task called Unwanted");
    expect(paused.status).toBe("waiting");
    expect(server.requests).toHaveLength(1);

    const denied = await decide(rt, owner, paused.id, "deny");
    expect(denied).toMatchObject({ status: "idle", lastError: null, pendingApproval: null });
    expect(server.requests).toHaveLength(1);

    const next = await ask(rt, owner, "Fine, what now?", paused.id);
    expect(next.messages.at(-1)?.text).toBe("Right, I left it alone.");
    expect(server.requests).toHaveLength(2);
    const sent = server.requests[1]!.body.messages as {
      role: string;
      content: string;
      tool_call_id?: string;
    }[];
    // The tool result answers the call, then the person's new message follows it.
    expect(sent.map((m) => m.role).slice(-4)).toEqual(["user", "assistant", "tool", "user"]);
    const denial = sent.find((m) => m.role === "tool");
    expect(denial?.content).toMatch(/^Denied by denier@example\.com: tasks\.create was not run/);
    expect(sent.at(-1)).toMatchObject({ role: "user", content: "Fine, what now?" });
  });
});

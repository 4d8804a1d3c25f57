// Question boxes: a sentence becomes the validated query of the logs, inventory or cost page.
// The model is scripted (no LLM is reachable here); everything after its answer is real.
import { AIMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { insertLogLines } from "../../observability/logs/log-store.ts";
import { configureModel } from "../agent/agent.testkit.ts";
import { startOpenAiCompatibleServer } from "../agent/openai-compatible.testing.ts";
import { scriptedOrReal, toolAnswer } from "./assist.testkit.ts";

const scripted = scriptedOrReal();
let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
const NOW = "2026-11-26T13:30:00.000Z";

beforeAll(async () => {
  rt = await createTestRuntime({}, { chatModels: scripted.factory });
  const o = await createOwner(rt, "nl-owner@example.com", "Questions");
  owner = o.caller;
  workspaceId = o.workspaceId;
});
afterAll(async () => {
  await rt?.close();
});

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

const translate = (target: string, question: string) =>
  rt.as(owner, "ai.translateQuery", { target, question, now: NOW }) as Promise<{
    query: Record<string, unknown>;
    explanation: string;
    operation: string;
    unsupported: string[];
  }>;

describe("without a model", () => {
  it("says how to configure one and runs nothing", async () => {
    const error = await refusal(() => translate("logs", "errors from the api service"));
    expect(error.message).toMatch(/No AI model is configured.*Settings → AI/);
  });
});

describe("with a scripted model", () => {
  beforeAll(async () => {
    await configureModel(rt, owner, { inputPricePerMillion: "2", outputPricePerMillion: "10" });
    await insertLogLines(rt.database.db, [
      {
        workspaceId,
        time: new Date("2026-11-26T13:10:00Z"),
        service: "api",
        level: "error",
        message: "upstream timed out",
        attributes: {},
        resourceId: null,
        keyId: null,
      },
    ]);
  });

  it("turns a log question into logs.search input with the period resolved on the server", async () => {
    scripted.model.respond(
      toolAnswer(
        "set_query",
        { service: "api", level: "error", period: { kind: "last", amount: 1, unit: "hour" } },
        [300, 40],
      ),
    );
    const out = await translate("logs", "errors from the api service in the last hour");
    expect(out.operation).toBe("logs.search");
    expect(out.query).toEqual({
      service: "api",
      level: "error",
      from: "2026-11-26T12:30:00.000Z",
      to: NOW,
    });
    expect(out.explanation).toContain("service = api");
    // The workspace's services reach the model as fenced data.
    const prompt = JSON.stringify(scripted.model.calls.at(-1)?.messages);
    expect(prompt).toContain('<tool_output trust=\\"untrusted-data\\">');
    expect(prompt).toContain("api");
    // The query runs as is on the page's operation.
    const found = (await rt.as(owner, "logs.search", out.query)) as { total: number };
    expect(found.total).toBe(1);
    // Tokens and cost are accounted like the agent's.
    const usage = (await rt.as(owner, "ai.usage", { month: "2026-11" })) as unknown;
    expect(JSON.stringify(usage)).toMatch(/"inputTokens":300/);
  });

  it("turns an inventory question into inventory.search input (untagged EC2 in eu-west-1)", async () => {
    scripted.model.respond(
      toolAnswer("set_query", {
        provider: "aws",
        type: "compute.vm",
        region: "eu-west-1",
        untagged: true,
      }),
    );
    const out = await translate("inventory", "untagged EC2 in eu-west-1");
    expect(out.query).toEqual({
      provider: "aws",
      type: "compute.vm",
      region: "eu-west-1",
      untagged: true,
    });
    const found = (await rt.as(owner, "inventory.search", out.query)) as { total: number };
    expect(found.total).toBe(0);
  });

  it("turns a cost question into costs.summary input over last week's whole days", async () => {
    scripted.model.respond(
      toolAnswer("set_query", {
        period: { kind: "preset", preset: "last-week" },
        groupBy: "ServiceName",
      }),
    );
    const out = await translate("costs", "what grew most last week");
    // 2026-11-26 is a Thursday: last week is Monday 16th to Monday 23rd.
    expect(out.query).toEqual({ from: "2026-11-16", to: "2026-11-23", groupBy: "ServiceName" });
    await rt.as(owner, "costs.summary", out.query);
  });

  it("refuses an answer with a field the page does not have, naming it", async () => {
    scripted.model.respond(
      toolAnswer("set_query", {
        hostname: "web-1",
        period: { kind: "last", amount: 1, unit: "hour" },
      }),
    );
    const error = await refusal(() => translate("logs", "logs of host web-1"));
    expect(error.code).toBe("invalid_input");
    expect(error.details.field).toBe("question");
    expect(error.message).toMatch(/not a valid logs query.*hostname.*Nothing was run/);
  });

  it("refuses a value the page operation would reject (an unknown cost dimension)", async () => {
    scripted.model.respond(
      toolAnswer("set_query", {
        period: { kind: "preset", preset: "this-month" },
        groupBy: "Colour",
      }),
    );
    const error = await refusal(() => translate("costs", "cost by colour"));
    expect(error.message).toMatch(/groupBy: must be a FOCUS dimension/);
  });

  it("refuses an invented log level and a text answer without a query", async () => {
    scripted.model.respond(
      toolAnswer("set_query", {
        level: "critical",
        period: { kind: "last", amount: 2, unit: "day" },
      }),
    );
    expect((await refusal(() => translate("logs", "critical logs"))).message).toMatch(/level/);
    scripted.model.respond(new AIMessage({ content: "I think you want the api logs." }));
    expect((await refusal(() => translate("logs", "api logs"))).message).toMatch(
      /did not call set_query; it said: "I think you want/,
    );
  });

  it("refuses when the monthly AI budget is spent", async () => {
    await configureModel(rt, owner, { inputPricePerMillion: "2", monthlyBudget: "0.0001" });
    const error = await refusal(() =>
      rt.as(owner, "ai.translateQuery", { target: "logs", question: "errors today" }),
    );
    expect(error.message).toMatch(/monthly AI budget/);
    await configureModel(rt, owner);
  });
});

describe("over the OpenAI-compatible wire format", () => {
  it("forces the set_query tool and validates its answer", async () => {
    const server = await startOpenAiCompatibleServer([
      {
        toolCall: {
          name: "set_query",
          args: { q: "timeout", period: { kind: "preset", preset: "today" } },
        },
        usage: [120, 18],
      },
    ]);
    try {
      await rt.as(owner, "ai.settings.set", {
        provider: "openai-compatible",
        model: "local-qwen",
        baseUrl: server.baseUrl,
      });
      const out = await translate("logs", "timeouts today");
      expect(out.query).toEqual({ q: "timeout", from: "2026-11-26T00:00:00.000Z", to: NOW });
      const body = server.requests[0]?.body as {
        tools: { function: { name: string } }[];
        tool_choice: unknown;
      };
      expect(body.tools.map((t) => t.function.name)).toEqual(["set_query"]);
      expect(JSON.stringify(body.tool_choice)).toContain("set_query");
    } finally {
      await server.close();
      await configureModel(rt, owner);
    }
  });
});

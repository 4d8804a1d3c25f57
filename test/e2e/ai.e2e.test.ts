// The AI workbench in the browser against the real server and a local OpenAI-compatible model
// server (chat-completions streaming over SSE): without a model the page explains how to set one
// up; after configuring it in Settings → AI, a question from the costs page carries that page as
// context, the agent reads through a tool, and a change it proposes waits for approval.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  type ScriptedTurn,
  startOpenAiCompatibleServer,
} from "../../server/modules/ai/agent/openai-compatible.testing.ts";
import { startMcpPeer } from "../support/mcp-peer.ts";
import {
  type BrowserApp,
  closeApp,
  navigate,
  openApp,
  setUpOwner,
  stepsOf,
  switchWorkspace,
} from "./support/browser.ts";
import { RESULTS_DIR, type RunningServer } from "./support/server.ts";

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

const OWNER = {
  email: "ada@example.com",
  name: "Ada Agent",
  password: "glass pane agent e2e 42",
  workspace: "Agent Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("ai", () => page);
/** The model's answer to each question, and its closing words once the tool has answered. */
const SCRIPT: { question: RegExp; call: ScriptedTurn; answer: ScriptedTurn }[] = [
  {
    question: /How many projects/,
    call: { toolCall: { name: "projects_list", args: {} }, usage: [900, 20] },
    answer: {
      text: "I listed the workspace's **projects** with `projects.list`; nothing was changed.",
      usage: [1400, 40],
    },
  },
  {
    question: /Create a project called Agent pilot/,
    call: {
      toolCall: { name: "projects_create", args: { name: "Agent pilot", key: "PILOT" } },
      usage: [1500, 30],
    },
    answer: { text: "Created the project **Agent pilot** (PILOT).", usage: [1600, 15] },
  },
  {
    question: /ticket about login/,
    call: {
      toolCall: { name: "ext_desk_find_tickets", args: { text: "login" } },
      usage: [700, 10],
    },
    answer: { text: "Ticket 7, **login is slow**, is the one about login.", usage: [800, 12] },
  },
];

interface WireMessage {
  role: string;
  content?: unknown;
}

/**
 * Answers from the conversation rather than from a fixed order, so a step retried after a slow
 * moment gets the same answers again: a question gets its tool call, a tool's result its closing.
 */
function respond(body: Record<string, unknown>): ScriptedTurn | undefined {
  const messages = (body.messages ?? []) as WireMessage[];
  const lastQuestion = messages.findLast((m) => m.role === "user");
  const entry = SCRIPT.find((e) => e.question.test(JSON.stringify(lastQuestion?.content ?? "")));
  if (!entry) return undefined;
  return messages.at(-1)?.role === "tool" ? entry.answer : entry.call;
}

const model = await startOpenAiCompatibleServer([], {
  respond,
  // The demo workspace's alert rules fire within a minute, and each firing asks the configured
  // model for a triage note: answered aside, so it is not counted as the conversation's.
  aside: (body) =>
    JSON.stringify(body.messages ?? []).includes("You triage an incident")
      ? { text: "No triage in this test." }
      : undefined,
});
const peer = await startMcpPeer();

beforeAll(async () => {
  app = await openApp({ width: 1360, height: 900 });
  ({ server, page } = app);
});

afterAll(async () => {
  await closeApp(app);
  await model.close();
  await peer.close();
});

describe("the AI workbench in the browser", () => {
  step("without a model the page explains how to configure one", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await page.goto(`${server.url}/ai`);
    await page.getByText("No AI model is configured yet").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "ai-not-configured.png") });
    await page.getByRole("link", { name: "Configure a model" }).click();
    await page.waitForURL(/\/settings\/ai$/);
  });

  step("the owner configures a local OpenAI-compatible server", async () => {
    await page.getByLabel("Model", { exact: true }).fill("local-qwen");
    await page.getByLabel("Base URL").fill(model.baseUrl);
    await page.getByLabel("Input price / 1M tokens").fill("0.50");
    await page.getByLabel("Output price / 1M tokens").fill("1.50");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("AI settings saved").waitFor();
  });

  step("a question from the costs page streams an answer after a tool call", async () => {
    await navigate(page, ["Main", "Costs"]);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForTimeout(500);
    await navigate(page, ["Main", "AI workbench"]);
    await page.getByTestId("context-chip").waitFor();
    expect(await page.getByTestId("context-chip").textContent()).toContain("/costs");
    await page.getByLabel("Your question", { exact: true }).fill("How many projects do we have?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("nothing was changed").waitFor();
    await page.getByTestId("tool-call").filter({ hasText: "projects.list" }).waitFor();
    const sent = model.requests[0]?.body.messages as { role: string; content: string }[];
    expect(sent[0]?.content).toContain("page /costs");
  });

  step("a change the agent proposes waits for approval, then runs", async () => {
    await page
      .getByLabel("Your question", { exact: true })
      .fill("Create a project called Agent pilot");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const card = page.getByTestId("approval-card");
    await card.waitFor();
    expect(await card.textContent()).toContain("projects.create");
    expect(await card.textContent()).toContain('"key": "PILOT"');
    await page.screenshot({ path: path.join(SCREENSHOTS, "ai-chat.png") });
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Created the project").waitFor();
    await card.waitFor({ state: "detached" });
    await page.screenshot({ path: path.join(RESULTS_DIR, "ai-chat-approved.png"), fullPage: true });
    await navigate(page, ["Main", "Projects"]);
    await page.getByText("Agent pilot").first().waitFor();
  });

  step("the cost explorer shows the month's AI spend beside cloud costs", async () => {
    await navigate(page, ["Main", "Costs"]);
    const line = page.getByTestId("ai-spend");
    await line.waitFor();
    // 4 calls: 5,400 input tokens at 0.50 and 105 output tokens at 1.50 per million = 0.0028575;
    // and the demo's triage notes answered aside (no tokens), as many as were asked for so far.
    const text = (await line.textContent()) ?? "";
    const calls = Number(text.match(/(\d+) model calls/)?.[1]);
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(4 + model.asideRequests.length);
    expect(text).toContain("$0.0029");
  });

  step("an MCP server added in Settings gives the agent its tools", async () => {
    await page.goto(`${server.url}/settings/tools`);
    await page.getByRole("heading", { name: "AI tools" }).waitFor();
    await page.getByTestId("add-mcp").click();
    await page.getByLabel("Name").fill("desk");
    await page.getByLabel("Endpoint (Streamable HTTP)").fill(peer.url);
    await page.getByRole("button", { name: "Connect and add" }).click();
    await page.getByText("ticket-desk: 3 tools added").waitFor();
    await page.getByRole("button", { name: "ticket-desk" }).click();
    await page.getByText("ext_desk_find_tickets").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "ai-tools.png") });
    await navigate(page, ["Main", "AI workbench"]);
    await page.getByLabel("Your question", { exact: true }).fill("Any ticket about login?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("is the one about login").waitFor();
    expect(peer.calls).toContainEqual({ tool: "find_tickets", args: { text: "login" } });
  });

  step("the embedding model's price is set beside its model and kept", async () => {
    await page.goto(`${server.url}/settings/ai`);
    const form = page.getByRole("form", { name: "Embedding model settings" });
    await form.getByLabel("Embedding model").click();
    await page.getByRole("option", { name: "OpenAI-compatible server" }).click();
    await form.getByLabel("Model", { exact: true }).fill("nomic-embed-text-v1.5");
    await form.getByLabel("Price / 1M tokens").fill("0.02");
    // Nothing answers there: only the saved settings matter here, not the background re-index.
    await form.getByLabel("Base URL").fill("http://127.0.0.1:9/v1");
    await form.getByRole("button", { name: "Use this embedding model" }).click();
    await page.getByText("Embedding model saved", { exact: false }).first().waitFor();
    await page.reload();
    const reloaded = page.getByRole("form", { name: "Embedding model settings" });
    await reloaded.getByLabel("Price / 1M tokens").waitFor();
    expect(await reloaded.getByLabel("Price / 1M tokens").inputValue()).toBe("0.02");
    expect(await reloaded.getByLabel("Model", { exact: true }).inputValue()).toBe(
      "nomic-embed-text-v1.5",
    );
  });

  step("a conversation is deleted from the list after a confirmation", async () => {
    await page.goto(`${server.url}/ai`);
    const list = page.getByRole("navigation", { name: "Conversations" });
    await list.getByRole("listitem").first().waitFor();
    const before = await list.getByRole("listitem").count();
    expect(before).toBeGreaterThan(0);
    const first = list.getByRole("listitem").first();
    await first.hover();
    await first.getByRole("button", { name: /^Delete conversation/ }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: "Delete conversation" })
      .click();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(before - 1);
  });
});

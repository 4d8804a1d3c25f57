// Question boxes in the browser: without a model the box says how to configure one; with a
// local OpenAI-compatible model a sentence on the cost explorer becomes editable filters, and
// Run applies them to the page (the explorer's URL).

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startOpenAiCompatibleServer } from "../../server/modules/ai/agent/openai-compatible.testing.ts";
import {
  type BrowserApp,
  closeApp,
  openApp,
  setUpOwner,
  stepsOf,
  switchWorkspace,
} from "./support/browser.ts";
import type { RunningServer } from "./support/server.ts";

const OWNER = {
  email: "quinn@example.com",
  name: "Quinn Question",
  password: "glass pane question e2e 42",
  workspace: "Questions",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("question-box", () => page);
const model = await startOpenAiCompatibleServer([
  {
    toolCall: {
      name: "set_query",
      args: { period: { kind: "preset", preset: "last-month" }, groupBy: "RegionId" },
    },
    usage: [800, 30],
  },
]);

beforeAll(async () => {
  app = await openApp({ width: 1360, height: 900 });
  ({ server, page } = app);
});

afterAll(async () => {
  await closeApp(app);
  await model.close();
});

describe("question boxes in the browser", () => {
  step("without a model the box says how to configure one", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await page.goto(`${server.url}/costs`);
    await page.getByTestId("question-box-unconfigured").waitFor();
    expect(await page.getByTestId("question-box-unconfigured").textContent()).toContain(
      "Settings → AI",
    );
  });

  step("with a model, a sentence becomes editable filters that Run applies", async () => {
    await page.goto(`${server.url}/settings/ai`);
    await page.getByLabel("Model", { exact: true }).fill("local-qwen");
    await page.getByLabel("Base URL").fill(model.baseUrl);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("AI settings saved").waitFor();
    await page.goto(`${server.url}/costs`);
    await page.getByTestId("question-input").fill("cost by region last month");
    await page.getByRole("button", { name: "Translate" }).click();
    await page.getByTestId("question-result").waitFor();
    const json = await page.getByTestId("question-query").inputValue();
    expect(JSON.parse(json)).toMatchObject({ groupBy: "RegionId" });
    await page.getByTestId("question-run").click();
    await page.waitForURL(/group=RegionId/);
    expect(page.url()).toContain("period=custom");
  });
});

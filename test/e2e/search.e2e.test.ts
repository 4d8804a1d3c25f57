// Semantic search in the browser on the demo workspace: an admin brings the index up to date,
// finds the storefront runbook by describing the symptom in other words, and opens it to see
// the items most like it in its Similar panel.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
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

const OWNER = {
  email: "sam@example.com",
  name: "Sam Search",
  password: "glass pane search e2e 42",
  workspace: "Search Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("search", () => page);

beforeAll(async () => {
  app = await openApp();
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

describe("semantic search in the browser", () => {
  step("an admin indexes the demo workspace from the search page", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await navigate(page, ["Main", "Search"]);
    await page.waitForURL(/\/search$/);
    await page.getByTestId("search-reindex").click();
    await page.getByText("Search index is up to date").waitFor({ timeout: 120_000 });
  });

  step("a symptom in other words finds the storefront runbook", async () => {
    await page.getByLabel("Search text").fill("customers get server errors on the web shop");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\?q=/);
    const hits = page.getByRole("list", { name: "Similar items" });
    await hits.getByRole("link").first().waitFor();
    const titles = await hits.getByRole("link").allTextContents();
    // Among everything (the demo's log patterns of failing requests are close in meaning too)
    // it is on the first page; among pages and runbooks, in the first three.
    expect(titles.slice(0, 10), titles.join(" | ")).toContain("Runbook: Acme storefront 5xx");
    await page.getByLabel("Kind").selectOption("doc");
    await page.waitForURL(/kind=doc/);
    await expect
      .poll(async () => (await hits.getByRole("link").allTextContents()).slice(0, 3))
      .toContain("Runbook: Acme storefront 5xx");
    expect(await page.getByTestId("search-model").textContent()).toContain("local:use-lite-512");
    await page.screenshot({ path: path.join(RESULTS_DIR, "search-results.png") });
  });

  step("the runbook's Similar panel lists other items like it", async () => {
    await page
      .getByRole("list", { name: "Similar items" })
      .getByRole("link", { name: "Runbook: Acme storefront 5xx" })
      .click();
    await page.waitForURL(/\/docs\/[0-9a-f-]{36}$/);
    const panel = page.getByTestId("similar-panel");
    await panel.getByRole("link").first().waitFor();
    const titles = await panel.getByRole("link").allTextContents();
    expect(titles).not.toContain("Runbook: Acme storefront 5xx");
    expect(titles.length).toBeGreaterThan(0);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS_DIR, "search-similar-panel.png") });
  });
});

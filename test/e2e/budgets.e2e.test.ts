// Budgets in the browser against the real server, on the demo workspace's four months of costs:
// create a budget with a filter and a webhook, copy its secret once, see its progress bar and
// open its burn-down.
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
  email: "bea@example.com",
  name: "Bea Budgets",
  password: "glass pane budgets e2e 7",
  workspace: "Budget Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("budgets", () => page);

beforeAll(async () => {
  app = await openApp();
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

describe("budgets in the browser", () => {
  step("the owner sets up with the demo workspace and opens Costs → Budgets", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await navigate(page, ["Main", "Costs"], ["Costs", "Budgets"]);
    await page.waitForURL(/\/costs\/budgets$/);
    // The demo has budgets of its own; Acme's is forecast over its amount.
    const acme = page.getByTestId("budget-row").filter({ hasText: "Acme storefront (client)" });
    await acme.getByText("100% forecast crossed").waitFor();
  });

  step("a refused amount is named under its field", async () => {
    await page.getByTestId("new-budget").click();
    // An empty name is said in words, not in the validator's.
    await page.getByTestId("budget-name").fill(" ");
    await page.getByTestId("budget-submit").click();
    await page.locator("#budget-name-error").waitFor();
    expect(await page.locator("#budget-name-error").textContent()).toBe("Must not be empty");
    await page.getByTestId("budget-name").fill("AWS production");
    await page.getByTestId("budget-amount").fill("-5");
    await page.getByTestId("budget-submit").click();
    await page.locator("#budget-amount-error").waitFor();
    expect(await page.locator("#budget-amount-error").textContent()).toContain(
      "Must be an amount such as 1500",
    );
  });

  step(
    "a budget with a filter and a webhook shows its secret once, then its progress",
    async () => {
      await page.getByTestId("budget-amount").fill("2500");
      await page.getByTestId("costs-filter-ProviderName").click();
      await page.getByRole("menuitemcheckbox", { name: "AWS" }).click();
      await page.keyboard.press("Escape");
      await page
        .getByRole("textbox", { name: "Webhook URL (optional)" })
        .fill("https://hooks.example.com/glasspane");
      await page.getByTestId("budget-submit").click();

      const secret = (await page.getByTestId("budget-webhook-secret").textContent())?.trim() ?? "";
      expect(secret).toMatch(/^gpwh_[\w-]{40,}$/);
      await page.getByTestId("budget-secret-done").click();

      const row = page.getByTestId("budget-row").filter({ hasText: "AWS production" });
      await row.waitFor();
      const progress = row.getByTestId("budget-progress");
      await progress.waitFor();
      expect(await progress.getAttribute("data-health")).toMatch(/^(ok|warning|over)$/);
      const text = (await row.textContent()) ?? "";
      expect(text).toContain("ProviderName = AWS");
      expect(text).toMatch(/\$[\d,]+\.\d\d spent/);
      expect(text).toContain("$2,500.00");
      // The demo's AWS costs run up to yesterday: something is spent unless today is the 1st.
      const meter = row.getByRole("meter", { name: "Budget used" });
      const used = Number(await meter.getAttribute("value"));
      expect(used).toBeGreaterThanOrEqual(0);
      expect(await page.content()).not.toContain(secret);
    },
  );

  step("the budget opens its burn-down chart and thresholds", async () => {
    await page.getByRole("link", { name: "AWS production" }).click();
    await page.waitForURL(/\/costs\/budgets\/[0-9a-f-]{36}$/);
    await page.getByTestId("budget-burn-down").locator("canvas").waitFor();
    await page.getByRole("table", { name: "Thresholds" }).getByText("80% spent").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "budget-detail.png"), fullPage: true });
  });
});

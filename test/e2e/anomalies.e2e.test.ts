// Cost anomalies in the browser against the real server: the demo workspace's runaway Lambda
// (resource globex-etl, about ten days ago) is found by a detection run started from the
// Anomalies tab, explained by its resource, charted, and acknowledged.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { RESULTS_DIR, type RunningServer, startServer } from "./support/server.ts";

const OWNER = {
  email: "ada@example.com",
  name: "Ada Anomaly",
  password: "glass pane anomalies e2e 42",
  workspace: "Ada's Studio",
};

let server: RunningServer;
let browser: Browser;
let page: Page;
// Each step builds on the one before: after a failure, later steps are skipped, not piled on.
let broken = false;

function step(name: string, body: () => Promise<void>) {
  test(name, async ({ skip, onTestFailed }) => {
    if (broken) skip("an earlier step failed");
    onTestFailed(async () => {
      broken = true;
      const file = `e2e-failure-anomalies-${name.replace(/\W+/g, "-")}.png`;
      await page.screenshot({ path: path.join(RESULTS_DIR, file), fullPage: true }).catch(() => {});
    });
    await body();
  });
}

// The runaway lasted three days: the service's row of the latest one.
const lambdaRow = () =>
  page
    .getByTestId("anomaly-row")
    .filter({ hasText: "AWS Lambda" })
    .filter({ hasText: "Service" })
    .first();

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("cost anomalies in the browser", () => {
  step("setup with the demo workspace, then its Anomalies tab", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/setup$/);
    await page.getByTestId("setup-email").fill(OWNER.email);
    await page.getByTestId("setup-name").fill(OWNER.name);
    await page.getByTestId("setup-password").fill(OWNER.password);
    await page.getByTestId("setup-workspace").fill(OWNER.workspace);
    expect(await page.getByTestId("setup-demo").isChecked()).toBe(true);
    await page.getByTestId("setup-submit").click();
    await page.waitForURL(`${server.url}/`);

    await page.getByTestId("workspace-switcher").click();
    await page.getByRole("menuitemradio", { name: /Demo Agency/ }).click();
    await page.getByTestId("workspace-switcher").filter({ hasText: "Demo Agency" }).waitFor();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Costs" })
      .click();
    await page
      .getByRole("navigation", { name: "Costs" })
      .getByRole("link", { name: "Anomalies" })
      .click();
    await page.waitForURL(/\/costs\/anomalies$/);
    await page.getByRole("heading", { name: "Anomalies" }).waitFor();
  });

  step("Run detection finds the Lambda runaway, driven by globex-etl", async () => {
    await page.getByTestId("anomalies-run").click();
    await page.getByText("Detection finished").waitFor({ timeout: 60_000 });
    await lambdaRow().waitFor();
    const row = await lambdaRow().textContent();
    expect(row).toMatch(/High/);
    expect(row).toMatch(/Driven by resource globex-etl \(\+\$\d+\.\d\d, 100%\)/);
    expect(row).toContain("Open");
    await page.getByTestId("anomalies-last-run").filter({ hasText: "Last run" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-anomalies.png"), fullPage: true });
  });

  step("its page charts the days around it and names the resource", async () => {
    await lambdaRow().getByRole("link", { name: "AWS Lambda" }).click();
    await page.waitForURL(/\/costs\/anomalies\/[0-9a-f-]{36}$/);
    await page
      .getByRole("img", { name: /EffectiveCost per day in USD of Service AWS Lambda/ })
      .waitFor();
    const causes = page.getByRole("table", { name: "Root cause" });
    await causes.getByRole("row").filter({ hasText: "globex-etl" }).waitFor();
    expect(await causes.textContent()).toContain("100%");
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-anomaly.png"), fullPage: true });
    await page.getByRole("link", { name: "All anomalies" }).click();
    await page.waitForURL(/\/costs\/anomalies$/);
  });

  step("acknowledging it with a note marks it seen", async () => {
    await lambdaRow()
      .getByRole("button", { name: /^Acknowledge Service AWS Lambda/ })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Note (optional)").fill("Backfill run agreed with Globex");
    await dialog.getByRole("button", { name: "Acknowledge", exact: true }).click();
    await page.getByText("Anomaly acknowledged").waitFor();
    await lambdaRow().filter({ hasText: "Acknowledged" }).waitFor();
    expect(
      await lambdaRow()
        .getByRole("button", { name: /^Acknowledge/ })
        .count(),
    ).toBe(0);

    // Acknowledged is a status to filter by: only this one has it.
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Acknowledged", exact: true }).click();
    await page.waitForURL(/status=acknowledged/);
    await expect.poll(() => page.getByTestId("anomaly-row").count()).toBe(1);
    expect(await page.getByTestId("anomaly-row").textContent()).toContain("AWS Lambda");
  });
});

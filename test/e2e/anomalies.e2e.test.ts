// Cost anomalies in the browser against the real server: the demo workspace's runaway Lambda
// (resource globex-etl, about ten days ago) is found by a detection run started from the
// Anomalies tab, explained by its resource, charted, and acknowledged.
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
  email: "ada@example.com",
  name: "Ada Anomaly",
  password: "glass pane anomalies e2e 42",
  workspace: "Ada's Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("anomalies", () => page);

// The runaway lasted three days: one event, headed by the service, its account and tags with it.
const lambdaRow = () =>
  page
    .getByTestId("anomaly-group")
    .filter({ hasText: "AWS Lambda" })
    .filter({ hasText: "Service" })
    .first();

beforeAll(async () => {
  app = await openApp({ width: 1400, height: 1000 });
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

describe("cost anomalies in the browser", () => {
  step("setup with the demo workspace, then its Anomalies tab", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await navigate(page, ["Main", "Costs"], ["Costs", "Anomalies"]);
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
    expect(row).toMatch(/3 days/);
    expect(await lambdaRow().getByTestId("anomaly-related").textContent()).toContain(
      "globex (tag client)",
    );
    // The event opens onto its days: the service's and those of the series it moved.
    const show = lambdaRow().getByRole("button", { name: /^Show the \d+ anomalies of Service/ });
    const count = Number((await show.getAttribute("aria-label"))?.match(/\d+/)?.[0]);
    expect(count).toBeGreaterThanOrEqual(6);
    await show.click();
    const days = page.getByTestId("anomaly-row");
    await expect.poll(() => days.count()).toBe(count);
    expect(await days.filter({ hasText: "globex" }).count()).toBeGreaterThanOrEqual(3);
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
    // Every open day of the event, in one go.
    await page.getByText(/^\d+ anomalies acknowledged$/).waitFor();
    await lambdaRow().filter({ hasText: "Acknowledged" }).waitFor();
    await lambdaRow()
      .getByRole("button", { name: /^Show the \d+ anomalies of Service/ })
      .click();
    const days = page.getByTestId("anomaly-row");
    await days.first().waitFor();
    expect(await days.filter({ hasText: "Acknowledged" }).count()).toBeGreaterThanOrEqual(6);
    expect(await days.filter({ hasText: "Open" }).count()).toBe(0);
    expect(
      await lambdaRow()
        .getByRole("button", { name: /^Acknowledge/ })
        .count(),
    ).toBe(0);

    // Acknowledged is a status to filter by: only this one has it.
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Acknowledged", exact: true }).click();
    await page.waitForURL(/status=acknowledged/);
    await expect.poll(() => page.getByTestId("anomaly-group").count()).toBe(1);
    expect(await page.getByTestId("anomaly-group").textContent()).toContain("AWS Lambda");
  });
});

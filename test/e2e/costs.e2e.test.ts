// Costs in the browser against the real server: import a FOCUS file through the Imports page,
// read its report, find its total in the explorer to the cent, drill into a service, delete it.
import { readFileSync } from "node:fs";
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
} from "./support/browser.ts";
import { RESULTS_DIR, ROOT, type RunningServer } from "./support/server.ts";

const OWNER = {
  email: "cora@example.com",
  name: "Cora Costs",
  password: "glass pane costs e2e 42",
  workspace: "Cost Studio",
};
const FIXTURE = path.join(ROOT, "test/fixtures/billing/e2e-focus.csv");
// The fixture's BilledCost: 10 EC2 rows of 17.2608 and 10 S3 rows of 0.54349, to the cent.
const TOTAL = "$17.80";
const EC2 = { name: "Amazon Elastic Compute Cloud", total: "$17.26" };
const S3 = { name: "Amazon Simple Storage Service", total: "$0.54" };

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("costs", () => page);

async function pickGroupBy(name: string) {
  await page.getByTestId("costs-group-by").click();
  await page.getByRole("option", { name, exact: true }).click();
}

const breakdownRow = (name: string) =>
  page.getByTestId("costs-breakdown").getByRole("row").filter({ hasText: name });

beforeAll(async () => {
  app = await openApp();
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

describe("costs in the browser", () => {
  step("with no cost data, the explorer says so and links to Imports", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await navigate(page, ["Main", "Costs"]);
    await page.waitForURL(/\/costs$/);
    await page.getByText("No cost data yet").waitFor();
    await page.getByRole("link", { name: "Import billing files" }).click();
    await page.waitForURL(/\/costs\/imports$/);
    await page.getByText("No imports yet").waitFor();
  });

  step("a FOCUS file uploads through the Imports page and reports its result", async () => {
    await page.getByTestId("costs-upload-input").setInputFiles(FIXTURE);
    const item = page.getByTestId("costs-upload-item").filter({ hasText: "e2e-focus.csv" });
    await item.getByText("Imported", { exact: false }).first().waitFor();
    const result = await item.textContent();
    expect(result).toContain("Rows20");
    expect(result).toContain(`BilledCost${TOTAL}`);
    expect(result).toContain("Periods2024-09");

    const row = page
      .getByTestId("costs-imports-table")
      .getByRole("row")
      .filter({ hasText: "e2e-focus.csv" });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/focus.*20.*2024-09.*Imported/i);
  });

  step("a broken file is refused with the server's message, naming row and column", async () => {
    const [header, firstRow = ""] = readFileSync(FIXTURE, "utf8").split("\n");
    await page.getByTestId("costs-upload-input").setInputFiles({
      name: "e2e-broken.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`${header}\n${firstRow.replace(/^0\.9984,/, "abc,")}\n`),
    });
    const error = page.getByTestId("costs-upload-error");
    await error.waitFor();
    expect(await error.textContent()).toContain(
      'e2e-broken.csv: data row 1, column BilledCost: "abc" is not a number',
    );
  });

  step("an import's details show its period totals and its conformance report", async () => {
    await page
      .getByTestId("costs-imports-table")
      .getByRole("link", { name: "e2e-focus.csv" })
      .click();
    await page.waitForURL(/\/costs\/imports\/[0-9a-f-]{36}$/);
    const totals = page.getByRole("table", { name: "Totals per billing period" });
    await totals.getByRole("row").filter({ hasText: "111122223333" }).waitFor();
    expect(await totals.textContent()).toContain(TOTAL);
    await page.getByRole("heading", { name: "FOCUS 1.2 conformance" }).waitFor();
    await page.getByText(/^Passing rules/).waitFor();
  });

  step("the explorer totals the file to the cent and groups it by service", async () => {
    await navigate(page, ["Costs", "Explorer"]);
    // September 2024 is long past: the empty period offers the range the data covers.
    await page.getByText("No costs in this period").waitFor();
    await page.getByRole("button", { name: /^Show Sep 1/ }).click();
    await page.getByTestId("costs-total").filter({ hasText: TOTAL }).waitFor();

    await pickGroupBy("ProviderName");
    await breakdownRow("AWS").filter({ hasText: TOTAL }).waitFor();
    await pickGroupBy("ServiceName");
    await breakdownRow(EC2.name).filter({ hasText: EC2.total }).waitFor();
    await breakdownRow(S3.name).filter({ hasText: S3.total }).waitFor();
    expect(new URL(page.url()).searchParams.get("period")).toBe("custom");
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-explorer.png"), fullPage: true });
  });

  step("clicking a service narrows the view to it, kept in the URL", async () => {
    await breakdownRow(S3.name).getByRole("button", { name: S3.name }).click();
    await page.getByTestId("costs-total").filter({ hasText: S3.total }).waitFor();
    expect(new URL(page.url()).searchParams.get("ServiceName")).toBe(S3.name);
    await page.getByRole("list", { name: "Active filters" }).getByText(S3.name).waitFor();
    // One level finer: the buckets behind the storage cost.
    await breakdownRow("arn:aws:s3:::e2e-backups").waitFor();

    await page.reload();
    await page.getByTestId("costs-total").filter({ hasText: S3.total }).waitFor();
  });

  step("the view's line items and a bar's trace costs to the file's rows", async () => {
    await page.getByRole("button", { name: "Line items" }).click();
    const dialog = page.getByTestId("line-items");
    await dialog.getByText(/^10 lines of the ledger/).waitFor();
    const rows = dialog.getByRole("table", { name: "Line items" }).getByRole("row");
    // Costliest first; of two equal lines, the one earlier in the file.
    await rows.nth(1).filter({ hasText: "e2e-focus.csv · row 7" }).waitFor();
    expect(await rows.nth(1).textContent()).toContain("$0.1294");
    await page.screenshot({ path: path.join(ROOT, "docs/screenshots/costs-line-items.png") });
    await page.keyboard.press("Escape");

    // One day: the chart is a single stacked bar, one segment per bucket; click its middle.
    const day = `from=2024-09-01&to=2024-09-02&group=ResourceId&ServiceName=${encodeURIComponent(S3.name)}`;
    await page.goto(`${server.url}/costs?period=custom&${day}`);
    const chart = page.getByRole("img", { name: /per day by/ });
    await chart.waitFor();
    await page.waitForTimeout(500); // the bars grow in
    await chart.click();
    await dialog
      .getByRole("heading", { name: /^Line items: arn:aws:s3:::e2e-.*, Sep 1$/ })
      .waitFor();
    await dialog.getByText(/^1 line of the ledger/).waitFor();
    await rows
      .nth(1)
      .filter({ hasText: /e2e-focus\.csv · row (6|7|8|9|10)$/ })
      .waitFor();
    await page.keyboard.press("Escape");
  });

  step("the export is named by the last day shown; an inverted range is not kept", async () => {
    await page.goto(`${server.url}/costs?period=custom&from=2024-09-01&to=2024-10-01`);
    await page.getByTestId("costs-total").filter({ hasText: TOTAL }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("costs-ServiceName-2024-09-01-to-2024-09-30-USD.csv");

    await page.goto(`${server.url}/costs?period=custom&from=2024-10-01&to=2024-09-01`);
    await page.getByText(/ends \(2024-09-01\) before it starts \(2024-10-01\)/).waitFor();
    await page.waitForURL((url) => url.searchParams.get("period") === "this-month");
    expect(new URL(page.url()).searchParams.get("from")).toBeNull();
  });

  step("deleting the import takes its costs out of the explorer", async () => {
    await page.goto(`${server.url}/costs/imports`);
    await page.getByRole("button", { name: "Delete import e2e-focus.csv" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete import" }).click();
    await page.getByText("No imports yet").waitFor();
    await page.goto(`${server.url}/costs`);
    await page.getByText("No cost data yet").waitFor();
  });

  step("a large file shows its rows being processed once its bytes are sent", async () => {
    // The fixture's rows 2,500 times over: 50,000 rows, a few seconds' work for the server.
    const [header, ...rows] = readFileSync(FIXTURE, "utf8").trimEnd().split("\n");
    const body = Array.from({ length: 2_500 }, () => rows.join("\n")).join("\n");
    await page.goto(`${server.url}/costs/imports`);
    await page.getByTestId("costs-upload-input").setInputFiles({
      name: "e2e-large.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`${header}\n${body}\n`),
    });
    const item = page.getByTestId("costs-upload-item").filter({ hasText: "e2e-large.csv" });
    await item.getByText(/Processing: [1-9][\d,]* rows/).waitFor();
    await item.getByRole("progressbar", { name: "Processing of e2e-large.csv" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-import-processing.png") });
    await item.getByText("Imported", { exact: false }).first().waitFor({ timeout: 60_000 });
    expect(await item.textContent()).toContain("Rows50,000");
  });

  step("files added as parts of one export add up instead of replacing each other", async () => {
    // The fixture in two parts (EC2 rows, S3 rows) for the same account and month.
    const [header, ...rows] = readFileSync(FIXTURE, "utf8").trimEnd().split("\n");
    const part = (name: string, lines: string[]) => ({
      name,
      mimeType: "text/csv",
      buffer: Buffer.from(`${header}\n${lines.join("\n")}\n`),
    });
    await page.goto(`${server.url}/costs/imports`);
    await page.getByRole("checkbox", { name: /parts of one export/ }).check();
    await page
      .getByTestId("costs-upload-input")
      .setInputFiles([
        part("e2e-part-1.csv", rows.slice(0, 10)),
        part("e2e-part-2.csv", rows.slice(10)),
      ]);
    for (const name of ["e2e-part-1.csv", "e2e-part-2.csv"]) {
      const item = page.getByTestId("costs-upload-item").filter({ hasText: name });
      await item.getByText("Imported", { exact: false }).first().waitFor({ timeout: 30_000 });
      // The first part replaced the large file's month; the second replaced nothing.
      expect(await item.textContent()).toContain(
        name.endsWith("1.csv") ? "Replaced rows50,000" : "Replaced rows0",
      );
    }
    await page.goto(`${server.url}/costs?period=custom&from=2024-09-01&to=2024-10-01`);
    await page.getByTestId("costs-total").filter({ hasText: TOTAL }).waitFor();
  });
});

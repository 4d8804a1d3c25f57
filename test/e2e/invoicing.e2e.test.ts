// Invoicing in the browser against the real server, the flow: import costs through the
// Imports page → allocate them to a client by tag → the client with 20 % markup → draft last
// month's invoice → issue it → download the PDF and render it with pdftoppm → record a partial
// payment → see the balance and the margin. Then the demo's issued invoice and profit, as pictures.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
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
import { RESULTS_DIR, ROOT, type RunningServer } from "./support/server.ts";

const OWNER = {
  email: "ines@example.com",
  name: "Ines Invoices",
  password: "glass pane invoicing e2e 7",
  workspace: "Invoice Studio",
};
const SCREENSHOTS = path.join(ROOT, "docs/screenshots");

/** Last month's first day and a day in it, as the server's UTC months count them. */
function lastMonth(today = new Date()) {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    start: day(start),
    end: day(end),
    day: (n: number) => day(new Date(start.getTime() + (n - 1) * 86_400_000)),
  };
}

const HEADER =
  "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName,ChargeCategory,ResourceId,Tags";

/** A small FOCUS 1.2 file for last month: 125.00 tagged client=bluebird, 10.00 untagged. */
function focusCsv(): string {
  const m = lastMonth();
  const row = (day: number, cost: string, service: string, resource: string, tags: string) =>
    [
      "111111111111",
      `${m.start}T00:00:00Z`,
      `${m.end}T00:00:00Z`,
      `${m.day(day)}T00:00:00Z`,
      `${m.day(day)}T01:00:00Z`,
      cost,
      cost,
      "USD",
      "AWS",
      service,
      "Usage",
      resource,
      tags,
    ].join(",");
  const bluebird = '"{""client"": ""bluebird""}"';
  return [
    HEADER,
    row(3, "100.00", "Amazon EC2", "i-bluebird-1", bluebird),
    row(4, "25.00", "Amazon S3", "bucket-bluebird", bluebird),
    row(5, "10.00", "Amazon EC2", "i-internal", ""),
    "",
  ].join("\n");
}

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("invoicing", () => page);

beforeAll(async () => {
  app = await openApp();
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

describe("invoicing in the browser", () => {
  step("the owner imports last month's costs through Costs → Imports", async () => {
    await setUpOwner(page, server.url, OWNER);
    await navigate(page, ["Main", "Costs"], ["Costs", "Imports"]);
    await page.waitForURL(/\/costs\/imports$/);
    await page.getByTestId("costs-upload-input").setInputFiles({
      name: "bluebird-focus.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(focusCsv()),
    });
    const item = page.getByTestId("costs-upload-item").filter({ hasText: "bluebird-focus.csv" });
    await item.getByText("Imported", { exact: false }).first().waitFor();
    expect(await item.textContent()).toContain("BilledCost$135.00");
  });

  step("an allocation rule gives what is tagged client = bluebird to client bluebird", async () => {
    await navigate(page, ["Costs", "Allocation"]);
    await page.waitForURL(/\/costs\/allocation/);
    await page.getByTestId("costs-period").click();
    await page.getByRole("option", { name: "Last month" }).click();
    await page.getByTestId("allocation-new-rule").click();
    const dialog = page.getByRole("dialog", { name: "New allocation rule" });
    await dialog.getByLabel("Name", { exact: true }).fill("Bluebird's resources");
    await dialog.getByRole("button", { name: "Tag" }).click();
    const tag = page.getByRole("dialog", { name: "Filter by tag" });
    await tag.getByRole("combobox", { name: "Key" }).click();
    await page.getByRole("option", { name: "client", exact: true }).click();
    await tag.getByLabel("Value").fill("bluebird");
    await tag.getByRole("button", { name: "Add filter" }).click();
    await tag.waitFor({ state: "detached" });
    await dialog.getByLabel("Share 1: client name").fill("bluebird");
    await dialog.getByLabel("Share 1: percent").fill("100");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByTestId("allocation-target-client:bluebird").waitFor();
  });

  step("a client Bluebird is created and charged cloud cost + 20 %", async () => {
    await navigate(page, ["Main", "Clients & invoices"]);
    await page.waitForURL(/\/clients$/);
    await page.getByText("No clients yet").waitFor();
    await page.getByTestId("new-client").click();
    await page.getByTestId("client-name").fill("Bluebird");
    await page.getByTestId("client-legal-name").fill("Bluebird Studio Ltd");
    await page.getByTestId("client-currency").fill("USD");
    await page.getByTestId("client-address-country").fill("D1");
    await page.getByTestId("client-address-line1").fill("Hauptstraße 1");
    await page.getByTestId("client-address-city").fill("Berlin");
    await page.getByRole("button", { name: "Add contact" }).click();
    await page.getByLabel("Contact 1: name").fill("Dana Finch");
    await page.getByLabel("Contact 1: role").fill("Finance");
    await page.getByLabel("Contact 1: email").fill("dana@bluebird.example");
    await page.getByTestId("client-submit").click();
    // A country must be a two-letter code: the server says so under the field.
    await page
      .locator("#client-address-country-error")
      .filter({ hasText: "Must be a two-letter ISO 3166 country code" })
      .waitFor();
    await page.getByTestId("client-address-country").fill("DE");
    await page.getByTestId("client-submit").click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.getByTestId("client-title").filter({ hasText: "Bluebird" }).waitFor();
    await page.getByRole("link", { name: "dana@bluebird.example" }).waitFor();

    await page.getByTestId("pricing-cloud").click();
    await page.getByTestId("pricing-markup").fill("20");
    await page.getByTestId("pricing-save").click();
    await page.getByText("Pricing saved").waitFor();
  });

  step("the client's page shows last month's allocated cloud cost at its price", async () => {
    const card = page.getByTestId("client-costs");
    await card.getByText("No cloud cost in").waitFor();
    await card.getByRole("button", { name: "Previous month" }).click();
    // 100.00 EC2 + 25.00 S3 tagged bluebird, each + 20 %; the untagged 10.00 is not theirs.
    await card.getByTestId("costs-total").filter({ hasText: "$150.00" }).waitFor();
    const rows = await card.getByRole("row").allTextContents();
    expect(rows.slice(1)).toEqual(["AWSAmazon EC21$120.00", "AWSAmazon S31$30.00"]);
    await card.screenshot({ path: path.join(RESULTS_DIR, "invoicing-client-costs.png") });
  });

  step("last month's draft bills the allocated cost with the markup, to the cent", async () => {
    await page.getByTestId("client-draft-invoice").click();
    await page.getByTestId("draft-submit").click();
    await page.waitForURL(/\/clients\/invoices\/[0-9a-f-]{36}$/);
    const lines = page.getByTestId("invoice-line");
    await lines.first().waitFor();
    expect(await lines.count()).toBe(2);
    const nets = await page.getByTestId("line-net").allTextContents();
    expect(nets).toEqual(["$120.00", "$30.00"]);
    await page.screenshot({ path: path.join(RESULTS_DIR, "invoicing-draft.png"), fullPage: true });
    expect(await page.getByTestId("invoice-total").textContent()).toBe("$150.00");
    await page.getByRole("button", { name: "Detail of line 1" }).click();
    const detail = await page.getByTestId("line-detail").textContent();
    expect(detail).toContain("Cost$100.00 USD (BilledCost)");
    expect(detail).toContain("Markup20 %");
  });

  step("issuing numbers it and makes it read-only", async () => {
    await page.getByTestId("invoice-issue").click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Issue invoice" }).click();
    const year = new Date().getUTCFullYear();
    await page
      .getByTestId("invoice-number")
      .filter({ hasText: `INV-${year}-0001` })
      .waitFor();
    await page.getByTestId("invoice-status").filter({ hasText: "Issued" }).waitFor();
    expect(await page.getByTestId("line-description").count()).toBe(0);
    expect(await page.getByTestId("invoice-balance").textContent()).toBe("$150.00");
  });

  step("the PDF downloads and pdftoppm renders it", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("invoice-download").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^INV-\d{4}-0001\.pdf$/);
    const dir = mkdtempSync(path.join(tmpdir(), "gp-e2e-invoice-"));
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    execFileSync("pdftoppm", ["-png", "-r", "50", file, path.join(dir, "page")]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".png")).length).toBeGreaterThan(0);
    const text = execFileSync("pdftotext", [file, "-"]).toString();
    expect(text).toContain("Bluebird Studio Ltd");
    expect(text).toContain("150.00");
  });

  step("a partial payment leaves the balance due and the status Partially paid", async () => {
    await page.getByTestId("invoice-record-payment").click();
    await page.getByTestId("payment-amount").fill("100.00");
    await page.getByTestId("payment-reference").fill("BB-0001");
    await page.getByTestId("payment-submit").click();
    await page.getByTestId("invoice-status").filter({ hasText: "Partially paid" }).waitFor();
    expect(await page.getByTestId("invoice-paid").textContent()).toBe("$100.00");
    expect(await page.getByTestId("invoice-balance").textContent()).toBe("$50.00");
    await page.getByTestId("payment-row").filter({ hasText: "BB-0001" }).waitFor();
    await navigate(page, ["Clients & invoices", "Clients"]);
    const client = page.getByTestId("client-row").filter({ hasText: "Bluebird" });
    await client.getByTestId("client-open-balance").filter({ hasText: "$50.00" }).waitFor();
  });

  step("the profit page shows Bluebird's margin for the month", async () => {
    await navigate(page, ["Clients & invoices", "Profit"]);
    await page.waitForURL(/\/clients\/profit$/);
    const row = page.getByTestId("profit-client-row").filter({ hasText: "Bluebird" });
    await row.waitFor();
    // 150.00 invoiced − 125.00 cloud cost = 25.00, 16.7 % of revenue.
    expect(await row.getByTestId("profit-margin").textContent()).toBe("$25.00");
    expect(await row.getByTestId("profit-margin-percent").textContent()).toBe("16.7 %");
    await page.getByTestId("profit-chart").locator("canvas").waitFor();
  });

  step("the demo's issued invoice and profit, as pictures", async () => {
    await switchWorkspace(page, "Demo Agency");
    await page.goto(`${server.url}/clients/invoices?status=partially_paid`);
    await page.getByTestId("invoice-row").first().getByRole("link").first().click();
    await page.waitForURL(/\/clients\/invoices\/[0-9a-f-]{36}$/);
    await page.getByTestId("invoice-status").filter({ hasText: "Partially paid" }).waitFor();
    await page.getByTestId("invoice-client").getByText("Acme Retail GmbH").waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOTS, "invoicing-invoice.png"),
      fullPage: true,
    });
    await navigate(page, ["Clients & invoices", "Clients"]);
    await page.getByTestId("client-row").first().waitFor();
    await page.screenshot({
      path: path.join(RESULTS_DIR, "invoicing-clients.png"),
      fullPage: true,
    });
    await navigate(page, ["Clients & invoices", "Invoices"]);
    await page.getByTestId("invoice-row").first().waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "invoicing-list.png"), fullPage: true });
    await navigate(page, ["Clients & invoices", "Settings"]);
    await page.getByTestId("settings-company").waitFor();
    expect(await page.getByTestId("settings-company").inputValue()).toBe("Demo Agency Ltd");
    await page.screenshot({
      path: path.join(RESULTS_DIR, "invoicing-settings.png"),
      fullPage: true,
    });

    await navigate(page, ["Clients & invoices", "Profit"]);
    await page.getByTestId("profit-client-row").first().waitFor();
    await page.getByTestId("profit-chart").locator("canvas").waitFor();
    await page.waitForTimeout(500); // the chart's entry animation
    await page.screenshot({ path: path.join(SCREENSHOTS, "invoicing-profit.png"), fullPage: true });
  });

  step("a demo project gets its own plan with a rate card by task type", async () => {
    await navigate(page, ["Clients & invoices", "Clients"]);
    await page
      .getByTestId("client-row")
      .filter({ hasText: "Acme" })
      .getByRole("link")
      .first()
      .click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.getByTestId("pricing-target").click();
    await page.getByRole("option", { name: /^WEB — / }).click();
    await page
      .getByTestId("pricing-project-note")
      .filter({ hasText: "WEB is charged by the client's plan" })
      .waitFor();
    await page.getByRole("button", { name: "Add task type" }).click();
    await page.getByLabel("Task type 1: label").fill("security");
    await page.getByLabel("Task type 1: hourly rate").fill("150");
    await page.getByTestId("pricing-save").filter({ hasText: "Save WEB pricing" }).click();
    await page.getByText("Pricing saved").waitFor();
    await page
      .getByTestId("pricing-project-note")
      .filter({ hasText: "has its own plan" })
      .waitFor();
    await page.getByTestId("pricing-target").filter({ hasText: "(own plan)" }).waitFor();
    await page.screenshot({
      path: path.join(RESULTS_DIR, "invoicing-project-plan.png"),
      fullPage: true,
    });
    await page.getByRole("button", { name: "Use the client's plan" }).click();
    await page.getByText("Project pricing removed").waitFor();
    await page
      .getByTestId("pricing-target")
      .filter({ hasText: "(own plan)" })
      .waitFor({ state: "detached" });
  });
});

// Health in the browser against the real server: an HTTP check on a local server is up, the
// server stops, the scheduled run finds it down, an alert fires and opens an incident, and the
// public status page (no sign-in) says so.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { type BrowserApp, closeApp, openApp, setUpOwner, stepsOf } from "./support/browser.ts";
import { ROOT, type RunningServer } from "./support/server.ts";

const SCREENSHOTS = path.join(ROOT, "docs/screenshots");

const OWNER = {
  email: "hal@example.com",
  name: "Hal Health",
  password: "glass pane health e2e 42",
  workspace: "Hal's Hosting",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let shop: http.Server | undefined;
let shopUrl = "";
const step = stepsOf("health", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1400, height: 1000 });
  ({ server, page } = app);
  shop = http.createServer((_req, res) => res.end("shop is open"));
  await new Promise<void>((resolve) => shop!.listen(0, "127.0.0.1", resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  shop?.closeAllConnections();
  shop?.close();
  await closeApp(app);
});

describe("health checks in the browser", () => {
  step("setup, then allow private targets", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await page.goto(`${server.url}/health/settings`);
    // The box shows the saved setting: it turns on once the change is stored.
    await page.getByLabel("Allow private targets").click();
    await expect.poll(() => page.getByLabel("Allow private targets").isChecked()).toBe(true);
  });

  step("an HTTP check on a local server comes up", async () => {
    await page.goto(`${server.url}/health`);
    await page.getByLabel("Name").fill("Local shop");
    await page.getByLabel("Target").fill(shopUrl);
    await page.getByLabel("Every (s)").fill("10");
    await page.getByRole("button", { name: "Add check" }).click();
    const row = page.getByRole("row").filter({ hasText: "Local shop" });
    await row.getByText("up", { exact: true }).waitFor({ timeout: 30_000 });
  });

  step(
    "the check's settings are edited on its page: a keyword the page lacks takes it down",
    async () => {
      await page.goto(`${server.url}/health`);
      await page.getByRole("link", { name: "Local shop" }).click();
      await page.waitForURL(/\/health\/checks\//);
      await page.getByRole("button", { name: "Edit" }).click();
      const form = page.getByRole("form", { name: "Edit Local shop" });
      await form.getByLabel("Keyword", { exact: true }).fill("closed");
      await form.getByRole("button", { name: "Save" }).click();
      await form.waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Run now" }).click();
      await page.getByText('"closed" is not in the response').first().waitFor({ timeout: 20_000 });
      await page.getByRole("button", { name: "Edit" }).click();
      await form.getByLabel("Keyword", { exact: true }).fill("open");
      await form.getByRole("button", { name: "Save" }).click();
      await form.waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Run now" }).click();
      await page.getByRole("button", { name: "Pause" }).click();
      await page.getByText("paused", { exact: true }).waitFor();
      await page.getByRole("button", { name: "Resume" }).click();
      await page.getByRole("button", { name: "Pause" }).waitFor();
      // Resumed, it runs at once and is up again before a later step stops the shop.
      await page.goto(`${server.url}/health`);
      const row = page.getByRole("row").filter({ hasText: "Local shop" });
      await row.getByText("up", { exact: true }).waitFor({ timeout: 30_000 });
    },
  );

  step("a rule watches every check", async () => {
    await page.goto(`${server.url}/health/alerts`);
    await page.getByLabel("Rule name").fill("Shop down");
    await page.getByRole("button", { name: "Add rule" }).click();
    await rulesTable(page).getByRole("row").filter({ hasText: "Shop down" }).waitFor();
  });

  step("the server stops: the check goes down, an alert fires, an incident opens", async () => {
    shop!.closeAllConnections();
    await new Promise<void>((resolve) => shop!.close(() => resolve()));
    shop = undefined;
    await page.goto(`${server.url}/health`);
    const row = page.getByRole("row").filter({ hasText: "Local shop" });
    await row.getByText("down", { exact: true }).waitFor({ timeout: 40_000 });
    await page.goto(`${server.url}/health/alerts`);
    await page
      .getByText(/^Local shop is down/)
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByText("firing", { exact: true }).first().waitFor();
    await page.goto(`${server.url}/health/incidents`);
    // Titled by the rule and the check; the alert's summary is on the timeline.
    await page.getByRole("link", { name: "Shop down · Local shop" }).click();
    await page.getByRole("list", { name: "Timeline" }).getByText("Local shop is down").waitFor();
    await page.getByRole("list", { name: "Timeline" }).getByText("Opened").waitFor();
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page.getByRole("list", { name: "Timeline" }).getByText("Acknowledged").waitFor();
  });

  step("an alert's details show its history, and a runbook is linked from there", async () => {
    // A runbook written in the wiki (through the API, with the browser's session).
    const session = await page.request.get(`${server.url}/api/auth.session`);
    const created = await page.request.post(`${server.url}/api/docs.create`, {
      headers: {
        "x-csrf-token": session.headers()["x-csrf-token"] ?? "",
        "content-type": "application/json",
      },
      data: { title: "Shop outage runbook", template: "runbook" },
    });
    expect(created.status()).toBe(200);
    await page.goto(`${server.url}/health/alerts`);
    const alert = page.getByRole("listitem").filter({ hasText: /^firingLocal shop is down/ });
    await alert.getByRole("button", { name: "Details" }).click();
    const history = alert.getByRole("list", { name: "Alert history" });
    await history.getByText("pending", { exact: true }).waitFor();
    await history.getByText("firing", { exact: true }).waitFor();
    const linked = alert.getByTestId("linked-pages");
    await linked.getByText("No runbook or page is linked to this alert's rule.").waitFor();
    await linked.getByRole("button", { name: "Link a page" }).click();
    await linked
      .getByLabel("Page to link")
      .selectOption({ label: "Shop outage runbook (Runbook)" });
    await linked.getByRole("button", { name: "Link", exact: true }).click();
    await linked.getByRole("link", { name: "Shop outage runbook" }).click();
    // The page names the alert rule it answers.
    await page.getByTestId("doc-links").getByText("Shop down").waitFor();
    // The incident the alert joined offers the same runbook.
    await page.goto(`${server.url}/health/alerts`);
    await alert.getByRole("link", { name: "incident" }).click();
    await page
      .getByTestId("incident-runbooks")
      .getByRole("link", { name: "Shop outage runbook" })
      .waitFor();
    await page.goto(`${server.url}/health/alerts`);
  });

  step("the firing alert is silenced from its row, with its labels as the matchers", async () => {
    const alert = page.getByRole("listitem").filter({ hasText: /^firingLocal shop is down/ });
    await alert.getByRole("button", { name: /^Silence/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Value 1").waitFor();
    expect(await dialog.getByTestId("silence-covers").textContent()).toBe(
      "Covers 1 of the 1 open alerts.",
    );
    // A matcher no alert has covers none: the count follows the matchers as they are typed.
    await dialog.getByRole("button", { name: "Add matcher" }).click();
    const added = await dialog.getByRole("textbox", { name: /^Label / }).count();
    await dialog.getByLabel(`Label ${added}`).fill("region");
    await dialog.getByLabel(`Value ${added}`).fill("mars");
    await dialog.getByTestId("silence-covers").filter({ hasText: "Covers 0 of" }).waitFor();
    await dialog.getByLabel(`Remove matcher ${added}`).click();
    await dialog.getByLabel("Why").fill("Moving the shop to a new host");
    await dialog.getByRole("button", { name: "Silence", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await alert.getByText("silenced", { exact: true }).waitFor();
    expect(await alert.getByRole("button", { name: /^Silence/ }).count()).toBe(0);
    await page
      .getByRole("list", { name: "Silences" })
      .getByRole("listitem")
      .filter({ hasText: "alertname=Shop down" })
      .filter({ hasText: /until .* — Moving the shop to a new host/ })
      .waitFor();
  });

  step("a silence is edited in place of itself: the old one ends, the new one covers", async () => {
    const silences = page.getByRole("list", { name: "Silences" });
    await silences
      .getByRole("button", { name: "Edit the silence: Moving the shop to a new host" })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "Edit the silence" }).waitFor();
    await dialog.getByLabel("Why").fill("Moving the shop, second try");
    await dialog.getByRole("button", { name: "Silence", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await silences
      .getByRole("listitem")
      .filter({ hasText: /until .* — Moving the shop, second try/ })
      .waitFor();
    await silences
      .getByRole("listitem")
      .filter({ hasText: /ended .* — Moving the shop to a new host/ })
      .waitFor();
    const alert = page.getByRole("listitem").filter({ hasText: /^firingLocal shop is down/ });
    await alert.getByText("silenced", { exact: true }).waitFor();
  });

  step("Incidents lists it as unresolved and acknowledged, with the month's figures", async () => {
    await page.goto(`${server.url}/health/incidents`);
    const figures = page.getByLabel("Incident figures");
    await figures.getByText("Mean time to acknowledge").waitFor();
    await page.getByRole("button", { name: "Unresolved" }).click();
    const row = page.getByRole("listitem").filter({ hasText: "Shop down · Local shop" });
    await row.getByText(/open for .* · acknowledged after /).waitFor();
    await page.getByRole("button", { name: "Resolved", exact: true }).click();
    await page.getByText("No resolved incidents.").waitFor();
    await page.goto(`${server.url}/health/alerts`);
  });

  step("the observability overview counts the down check and the firing alert", async () => {
    await page.goto(`${server.url}/observability`);
    await page.getByTestId("observability-checks-down").filter({ hasText: "1 of 1" }).waitFor();
    await page.getByTestId("observability-alerts-firing").filter({ hasText: /^1$/ }).waitFor();
    await page.getByText("1 unresolved incident").waitFor();
    await page.getByTestId("observability-log-lines").filter({ hasText: /^\d/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "observability-overview.png") });
    await page.goto(`${server.url}/health/alerts`);
  });

  step("Risk ranks the down check high, with its factors linking to the check", async () => {
    await page.getByRole("link", { name: "Risk" }).click();
    const entity = page.getByRole("listitem").filter({ hasText: /^high\s*Local shop/ });
    await entity.getByText("Check down", { exact: true }).waitFor();
    // The incident the check's own alert opened is the same outage: not counted twice.
    expect(await entity.getByText("Incident", { exact: true }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "health-risk.png") });
    await entity.getByRole("link", { name: "check", exact: true }).first().click();
    await page.waitForURL(/\/health\/checks\//);
    await page.goto(`${server.url}/health/alerts`);
  });

  step("a metric threshold rule is set up with its own fields", async () => {
    await page.getByLabel("Rule name").fill("API CPU hot");
    await page.getByLabel("When").selectOption("metric_threshold");
    await page.getByLabel("Metric", { exact: true }).fill("cpu_usage");
    await page.getByLabel("Label matchers").fill("job=api, env!=dev");
    await page.getByLabel("Group by").fill("host");
    await page.getByLabel("Aggregation").selectOption("max");
    await page.getByLabel("Window (min)").fill("10");
    await page.getByLabel("Threshold").fill("80");
    await page.getByLabel("Severity").selectOption("critical");
    await page.getByRole("button", { name: "Add rule" }).click();
    await rulesTable(page)
      .getByRole("row")
      .filter({ hasText: "API CPU hot" })
      .filter({ hasText: "max(cpu_usage) by host over 10 min > 80" })
      .waitFor();
    // The form clears once the rule is stored; type the next one only after that.
    await expect.poll(() => page.getByLabel("Rule name").inputValue()).toBe("");
    // A bad matcher is refused with the field named.
    await page.getByLabel("Rule name").fill("Bad regex");
    await page.getByLabel("When").selectOption("metric_absent");
    await page.getByLabel("Metric", { exact: true }).fill("heartbeat");
    await page.getByLabel("Label matchers").fill("host=~(web");
    await page.getByRole("button", { name: "Add rule" }).click();
    await page
      .getByRole("alert")
      .getByText(/params\.matchers\.0\.value/)
      .waitFor();
    await page.screenshot({ path: "test-results/health-alert-rules.png", fullPage: true });
  });

  step("a rule is edited, turned off and on, and deleted after a confirmation", async () => {
    await page.reload();
    const row = rulesTable(page).getByRole("row").filter({ hasText: "API CPU hot" });
    await row.getByRole("button", { name: "Edit API CPU hot" }).click();
    const form = page.getByRole("form", { name: "Edit API CPU hot" });
    expect(await form.getByLabel("Threshold").inputValue()).toBe("80");
    expect(await form.getByLabel("Label matchers").inputValue()).toBe("job=api, env!=dev");
    await form.getByLabel("Threshold").fill("90");
    await form.getByRole("button", { name: "Save rule" }).click();
    await row.filter({ hasText: "max(cpu_usage) by host over 10 min > 90" }).waitFor();
    await page.getByRole("form", { name: "New alert rule" }).waitFor();
    await row.getByRole("button", { name: "Turn off API CPU hot" }).click();
    await row.getByRole("cell", { name: "off", exact: true }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "health-alerts.png"), fullPage: true });
    await row.getByRole("button", { name: "Turn on API CPU hot" }).click();
    await row.getByRole("cell", { name: "on", exact: true }).waitFor();
    await row.getByRole("button", { name: "Delete API CPU hot" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete rule" }).click();
    await row.waitFor({ state: "detached" });
    await rulesTable(page).getByRole("row").filter({ hasText: "Shop down" }).waitFor();
  });

  step("a check is deleted from its page after a confirmation", async () => {
    await page.goto(`${server.url}/health`);
    await page.getByLabel("Name").fill("Scratch");
    await page.getByLabel("Target").fill("127.0.0.1:1");
    await page.getByLabel("Kind").selectOption("tcp");
    await page.getByRole("button", { name: "Add check" }).click();
    await page.getByRole("link", { name: "Scratch" }).click();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete check" }).click();
    await page.waitForURL(`${server.url}/health`);
    await page.getByRole("link", { name: "Local shop" }).waitFor();
    // The list may show what it had before its refetch for a moment.
    await page.getByRole("link", { name: "Scratch" }).waitFor({ state: "detached" });
  });

  step(
    "a signed webhook destination is added on Routing, its secret shown once, and deleted",
    async () => {
      await page.goto(`${server.url}/health/routing`);
      await page.getByLabel("Destination name").fill("On-call hook");
      await page.getByLabel("URL").fill("https://hooks.example.com/glasspane/T0K3N");
      await page.getByRole("button", { name: "Add destination" }).click();
      const secret = page.getByTestId("new-destination-secret");
      await secret.waitFor();
      expect((await secret.textContent())?.length).toBeGreaterThan(20);
      const listed = page.getByRole("list", { name: "Destinations" }).getByRole("listitem");
      // Only the origin: the path may carry a credential.
      await listed
        .filter({ hasText: "On-call hook" })
        .getByText(/^https:\/\/hooks\.example\.com/)
        .waitFor();
      expect(await listed.filter({ hasText: "T0K3N" }).count()).toBe(0);
      await page.reload();
      expect(await page.getByTestId("new-destination-secret").count()).toBe(0);
      // A routing rule sends the api's alerts there; a dry run says which alerts it would take.
      const rule = page.getByRole("form", { name: "Add a routing rule" });
      await rule.getByLabel("Name", { exact: true }).fill("API to on-call");
      await rule.getByLabel("Service", { exact: true }).fill("api");
      await rule.getByRole("checkbox", { name: "On-call hook" }).check();
      await rule.getByRole("button", { name: "Add rule" }).click();
      await page.getByTestId("routing-rules").getByText("API to on-call").waitFor();
      const trial = page.getByRole("form", { name: "Try an alert" });
      await trial.getByLabel("Its labels (key=value, …)").fill("service=api");
      await trial.getByRole("button", { name: "Try" }).click();
      await page
        .getByTestId("routing-test-result")
        .filter({ hasText: "It would go by API to on-call." })
        .waitFor();
      await trial.getByLabel("Its labels (key=value, …)").fill("service=web");
      await trial.getByRole("button", { name: "Try" }).click();
      await page
        .getByTestId("routing-test-result")
        .filter({ hasText: "No rule matches" })
        .waitFor();
      await page.getByRole("button", { name: "Delete On-call hook" }).click();
      await page
        .getByRole("alertdialog")
        .getByRole("button", { name: "Delete destination" })
        .click();
      await page.getByText("No destinations yet.").waitFor();
    },
  );

  step("retention is changed on the observability overview", async () => {
    await page.goto(`${server.url}/observability`);
    await page.getByRole("button", { name: "Change" }).click();
    await page.getByLabel("Log lines (days)").fill("14");
    await page.getByLabel("Metric samples (days)").fill("7");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByTestId("retention-summary")
      .filter({ hasText: "Log lines are kept 14 days, metric samples and minute roll-ups 7 days" })
      .waitFor();
  });

  step("the public status page shows it without signing in", async () => {
    await page.goto(`${server.url}/health/settings`);
    await page.getByLabel("Title").fill("Hal's status");
    await page.getByLabel("Address /status/…").fill("hal-status");
    await page.getByLabel("Local shop").check();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("link", { name: "/status/hal-status" }).waitFor();
    const context = await app!.browser.newContext();
    const anonymous = await context.newPage();
    const response = await anonymous.goto(`${server.url}/status/hal-status`);
    expect(response?.status()).toBe(200);
    await anonymous.getByRole("heading", { name: "Hal's status" }).waitFor();
    const text = await anonymous.textContent("body");
    // Incidents are titled by the published checks, never by the rule (an internal name).
    expect(text).toMatch(/Some systems are down[\s\S]*Disruption: Local shop/);
    expect(text).not.toContain("Shop down ·");
    // Targets and errors name internal hosts: the public page shows neither.
    expect(text).not.toContain("127.0.0.1");
    await anonymous.screenshot({ path: "test-results/health-status-page.png", fullPage: true });
    await context.close();
  });
});

/** The alert rules' table on the Alerts tab. */
const rulesTable = (page: Page) => page.getByRole("table", { name: "Alert rules" });

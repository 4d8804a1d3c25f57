// Automations in the browser against the real server (its job worker running): the owner
// defines a webhook automation that reads the projects and then creates one; a signed webhook
// call starts a run, which pauses at the mutating step; the owner approves it in the approvals
// inbox and the run completes, with each step's outcome on the run page.
import { createHmac } from "node:crypto";
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
import { RESULTS_DIR, type RunningServer } from "./support/server.ts";

const OWNER = {
  email: "otto@example.com",
  name: "Otto Mation",
  password: "glass pane automations e2e 7",
  workspace: "Automation Works",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let webhookUrl = "";
let secret = "";
let automationPath = "";
const step = stepsOf("automations", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1400, height: 1000 });
  ({ server, page } = app);
});
afterAll(() => closeApp(app));

describe("automations in the browser", () => {
  step("the owner defines a webhook automation with a read and a mutating step", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await navigate(page, ["Main", "Automations"]);
    await page.getByText("No automations yet").waitFor();
    // The playbook templates are offered, the remediation ones among them.
    await page.getByText("Stop idle instances").waitFor();
    await page.getByRole("link", { name: "New automation" }).click();

    await page.getByLabel("Name", { exact: true }).fill("Project from deploy hook");
    await page.getByLabel("Trigger", { exact: true }).selectOption("webhook");
    await page.locator("#step-0-key").fill("find");
    await page.locator("#step-0-operation").fill("projects.list");
    await page.getByRole("button", { name: "Add step" }).click();
    await page.locator("#step-1-key").fill("make");
    await page.locator("#step-1-operation").fill("projects.create");
    await page.getByText("needs approval").waitFor();
    await page
      .locator("#step-1-input")
      .fill(
        '{ "key": "HOOK", "name": "Deploy of {{trigger.body.service}} ({{len(steps.find.output)}} before)" }',
      );
    await page.getByRole("button", { name: "Create automation" }).click();

    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
    automationPath = new URL(page.url()).pathname;
    webhookUrl = (await page.getByTestId("webhook-url").textContent()) ?? "";
    secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    expect(webhookUrl).toBe(`${server.url}/hooks${automationPath}`);
    expect(secret).toMatch(/^gpw_/);
    await page.getByText("asks in the approvals inbox each run").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "automations-editor.png") });
  });

  step("a signed webhook call starts a run that pauses for approval", async () => {
    const body = JSON.stringify({ service: "api" });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    const response = await fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-glasspane-timestamp": String(timestamp),
        "x-glasspane-signature": `v1=${signature}`,
      },
      body,
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };

    await page.getByRole("link", { name: "Run history" }).click();
    await page.getByRole("table", { name: "Runs" }).getByText("webhook").waitFor();
    await page.goto(`${server.url}${automationPath}/runs/${runId}`);
    await page
      .getByTestId("step-make")
      .getByText("waiting for approval", { exact: true })
      .waitFor();
    expect(await page.getByTestId("step-find").textContent()).toContain("succeeded");
    await page.screenshot({ path: path.join(RESULTS_DIR, "automations-run-waiting.png") });
  });

  step("the owner approves it in the inbox and the run completes", async () => {
    await page.getByRole("link", { name: "approvals inbox" }).click();
    const card = page.getByRole("heading", { name: "projects.create" });
    await card.waitFor();
    expect(await page.locator("main").textContent()).toContain(
      '"name": "Deploy of api (0 before)"',
    );
    await page.getByRole("button", { name: "Approve and run" }).click();
    await page.getByText("executed", { exact: true }).waitFor();

    // The request links back to its run, which opens at the step that asked.
    await page.getByRole("link", { name: "Open the automation run at this step" }).click();
    await page.getByTestId("run-status").getByText("succeeded").waitFor();
    expect(await page.getByTestId("step-make").textContent()).toContain("succeeded");
    expect(await page.getByTestId("step-make").getAttribute("aria-current")).toBe("step");
    expect(await page.getByTestId("step-find").getAttribute("aria-current")).toBeNull();
    await page.getByRole("link", { name: "All runs" }).waitFor();
    const listed = await page.request.get(`${server.url}/api/projects.list`);
    expect(((await listed.json()) as { key: string }[]).map((p) => p.key)).toContain("HOOK");
    await page.screenshot({
      path: path.join(RESULTS_DIR, "automations-run-done.png"),
      fullPage: true,
    });

    await navigate(page, ["Main", "Automations"]);
    await page
      .getByRole("table", { name: "Automations" })
      .getByRole("row", { name: /Project from deploy hook/ })
      .getByText("succeeded")
      .waitFor();
  });

  step("an automation can be triggered by an alert firing, filtered by severity", async () => {
    await page.getByRole("link", { name: "New automation" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Look around when paged");
    await page.getByLabel("Trigger", { exact: true }).selectOption("alertFired");
    await page.getByLabel("Alert rule").selectOption("");
    await page.getByLabel("Minimum severity").selectOption("critical");
    await page.locator("#step-0-key").fill("find");
    await page.locator("#step-0-operation").fill("alerts.list");
    await page.getByRole("button", { name: "Create automation" }).click();
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
    await navigate(page, ["Main", "Automations"]);
    await page
      .getByRole("table", { name: "Automations" })
      .getByRole("row", { name: /Look around when paged/ })
      .getByText("Alert fired (critical or worse)")
      .waitFor();
  });

  step("an automation is deleted from its page after a confirmation", async () => {
    const automations = page.getByRole("table", { name: "Automations" });
    await automations.getByRole("link", { name: "Look around when paged" }).click();
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete automation" }).click();
    await page.waitForURL(/\/automations$/);
    await automations
      .getByRole("row", { name: /Look around when paged/ })
      .waitFor({ state: "detached" });
  });
});

// Time tracking and sprints in the browser against the real server, in the demo workspace: start
// the header timer on a WEB task, reload (it keeps running), stop it and find the entry in the
// timesheet; then the WEB project's sprints tab shows its burndown and velocity.
import path from "node:path";
import { fileURLToPath } from "node:url";
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

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

const OWNER = {
  email: "tim@example.com",
  name: "Tim Tracker",
  password: "glass pane time e2e 42",
  workspace: "Time Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("time", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1360, height: 900 });
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

/** Seconds shown by the running timer (h:mm:ss). */
async function shownSeconds(): Promise<number> {
  const text = (await page.getByTestId("timer-elapsed").textContent()) ?? "";
  const [h, m, s] = text.trim().split(":").map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

describe("time tracking in the browser", () => {
  step("the owner sets up with the demo workspace and starts the header timer", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await page.getByTestId("timer-start").click();
    await page.getByTestId("timer-description").fill("Checkout review (e2e)");
    await page.getByTestId("timer-project").click();
    await page.getByRole("option", { name: /^WEB · / }).click();
    await page.getByTestId("timer-task").click();
    await page.getByRole("option", { name: /Checkout: Stripe payment element/ }).click();
    await page.screenshot({ path: path.join(RESULTS_DIR, "time-start-dialog.png") });
    await page.getByTestId("timer-start-submit").click();
    await page.getByTestId("timer-running").waitFor();
    expect(await page.getByTestId("timer-running").textContent()).toContain("Checkout: Stripe");
    await page.screenshot({ path: path.join(RESULTS_DIR, "time-running.png") });
  });

  step("after a reload the timer is still running and ticking", async () => {
    await page.waitForTimeout(1500);
    await page.reload();
    await page.getByTestId("timer-running").waitFor();
    const before = await shownSeconds();
    expect(before).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(1200);
    expect(await shownSeconds()).toBeGreaterThan(before);
  });

  step("stopping it logs an entry that the timesheet lists", async () => {
    await page.getByTestId("timer-stop").click();
    await page.getByTestId("timer-start").waitFor();
    await navigate(page, ["Main", "Time"]);
    await page.waitForURL(/\/time$/);
    await page.getByTestId("timesheet").waitFor();
    const entry = page.getByTestId("time-entry").filter({ hasText: "Checkout review (e2e)" });
    await entry.waitFor();
    expect(await entry.textContent()).toContain("WEB");
    // The demo's two weeks of time: last week's sheet has rows and a total.
    await page.getByRole("button", { name: "Previous week" }).click();
    await page.getByTestId("timesheet-row").first().waitFor();
    expect(await page.getByTestId("timesheet-total").textContent()).toMatch(/^\d+:\d\d$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "time-timesheet.png"), fullPage: true });
  });

  step("the reports group billable amounts by person", async () => {
    await navigate(page, ["Time", "Reports"]);
    await page.getByRole("button", { name: "Last week" }).click();
    await page.getByRole("tab", { name: "Person" }).click();
    await page.getByTestId("time-report-row").first().waitFor();
    expect(await page.getByTestId("time-report").textContent()).toMatch(/\$[\d,]+\.\d\d/);
  });

  step("the WEB project's sprints tab shows the burndown and velocity", async () => {
    await page.goto(`${server.url}/projects/WEB/sprints`);
    await page.getByTestId("sprint-burndown").locator("canvas").waitFor();
    await page.getByTestId("sprint-velocity").locator("canvas").waitFor();
    await page.getByTestId("plan-sprint").first().click();
    await page.getByTestId("plan-backlog").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "sprints-plan-dialog.png") });
    await page.keyboard.press("Escape");
    const rows = page.getByTestId("sprint-row");
    expect(await rows.first().getAttribute("data-state")).toBe("active");
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, "projects-sprints.png"), fullPage: true });
  });

  step(
    "the workspace's time zone is picked in settings and the timesheet counts its days",
    async () => {
      const timerEntry = () =>
        page.getByTestId("time-entry").filter({ hasText: "Checkout review (e2e)" });
      const startShown = async () =>
        /(\d\d):(\d\d)/
          .exec((await timerEntry().textContent()) ?? "")!
          .slice(1)
          .map(Number);
      await navigate(page, ["Main", "Time"]);
      await timerEntry().waitFor();
      const [utcHour, minute] = await startShown();
      await page.goto(`${server.url}/settings/workspace`);
      const zone = page.getByTestId("workspace-timezone");
      expect(await zone.inputValue()).toBe("UTC");
      await zone.fill("Mars/Olympus");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.locator("#workspace-timezone-error").waitFor();
      expect(await page.locator("#workspace-timezone-error").textContent()).toContain(
        "Mars/Olympus",
      );
      await zone.fill("Asia/Tokyo");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("Workspace saved").first().waitFor();
      expect(await page.locator("#workspace-timezone-hint").textContent()).toMatch(/^Now .*there/);
      await page.screenshot({ path: path.join(RESULTS_DIR, "settings-time-zone.png") });
      await navigate(page, ["Main", "Time"]);
      await page.getByText("per day in Asia/Tokyo").waitFor();
      // The timer's entry now shows its start on Tokyo's clock, nine hours ahead of UTC.
      await timerEntry().waitFor();
      expect(await startShown()).toEqual([(utcHour! + 9) % 24, minute]);
    },
  );
});

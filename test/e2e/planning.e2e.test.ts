// Planning in the browser against the real server, in the demo workspace: the roadmap shows the
// website's epics and go-live milestone; moving an epic a week with the keyboard moves the
// milestone that depends on it; a new risk lands in the register and its matrix cell; the
// capacity table shows the demo team's weeks.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  type BrowserApp,
  closeApp,
  openApp,
  setUpOwner,
  stepsOf,
  switchWorkspace,
} from "./support/browser.ts";
import type { RunningServer } from "./support/server.ts";

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

const OWNER = {
  email: "pia@example.com",
  name: "Pia Planner",
  password: "glass pane planning e2e 7",
  workspace: "Plan Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("planning", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1440, height: 900 });
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

const slider = (name: RegExp) => page.getByRole("slider", { name });

describe("planning in the browser", () => {
  step("the roadmap shows the demo epics, milestones and dependency arrows", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await page.goto(`${server.url}/planning`);
    await slider(/^Launch hardening:/).waitFor();
    expect(await page.getByTestId("roadmap-item").count()).toBe(6);
    expect(await page.locator("[data-testid=roadmap-timeline] svg path[marker-end]").count()).toBe(
      4,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, "planning-roadmap.png") });
  });

  step("moving an epic a week moves the go-live milestone that waits for it along", async () => {
    const hardeningEnd = Number(await slider(/^Launch hardening:/).getAttribute("aria-valuenow"));
    await slider(/^Launch hardening:/).focus();
    await page.keyboard.press("Shift+ArrowRight");
    await page.getByText("Moved Launch hardening and 1 dependent item").waitFor();
    // The milestone may fall on the day the epic ends: it moves to the epic's new end.
    await page.waitForFunction(
      (end) =>
        [...document.querySelectorAll("[role=slider]")].some(
          (el) =>
            el.getAttribute("aria-label")?.startsWith("Acme store goes live:") &&
            el.getAttribute("aria-valuenow") === String(end),
        ),
      hardeningEnd + 7,
    );
  });

  step("a new risk appears in the register and its matrix cell", async () => {
    await page.getByRole("link", { name: "Risks" }).click();
    await page.getByRole("table", { name: "Risk register" }).waitFor();
    await page.getByRole("button", { name: "Add risk" }).click();
    await page.locator("#risk-project").selectOption({ label: "WEB · Acme website rebuild" });
    await page
      .getByRole("textbox", { name: "Risk", exact: true })
      .fill("CDN provider outage on launch day");
    await page.getByRole("combobox", { name: "Likelihood" }).selectOption("2");
    await page.getByRole("combobox", { name: "Impact" }).selectOption("4");
    await page.getByRole("button", { name: "Add risk" }).last().click();
    await page.getByRole("button", { name: "CDN provider outage on launch day" }).waitFor();
    await page.getByRole("button", { name: "Likelihood 2, impact 4: 1 risks" }).click();
    const rows = page.getByRole("table", { name: "Risk register" }).locator("tbody tr");
    expect(await rows.count()).toBe(1);
    await page.getByRole("button", { name: "Likelihood 2, impact 4: 1 risks" }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, "planning-risks.png") });
  });

  step("the risk is deleted from its dialog, asked twice", async () => {
    await page.getByRole("button", { name: "CDN provider outage on launch day" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete risk" }).click();
    await dialog.getByRole("button", { name: "Click again to delete" }).click();
    await dialog.waitFor({ state: "detached" });
    await page
      .getByRole("button", { name: "CDN provider outage on launch day" })
      .waitFor({ state: "detached" });
  });

  step("a roadmap item is deleted from its dialog, asked twice", async () => {
    await page.getByRole("link", { name: "Roadmap" }).click();
    await slider(/^Launch hardening:/).waitFor();
    await page.getByRole("button", { name: "Launch hardening", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete item" }).click();
    await dialog.getByRole("button", { name: "Click again to delete" }).click();
    await dialog.waitFor({ state: "detached" });
    await slider(/^Launch hardening:/).waitFor({ state: "detached" });
    expect(await page.getByTestId("roadmap-item").count()).toBe(5);
  });

  step("capacity shows each person's weeks against planned hours", async () => {
    await page.getByRole("link", { name: "Capacity" }).click();
    const table = page.getByRole("table", { name: "Capacity by person and week" });
    await table.waitFor();
    const leo = table.getByRole("row", { name: /Leo Brandt/ });
    expect(await leo.getByTestId("capacity-cell").first().textContent()).toMatch(/\/32 h/);
    expect(await leo.getByTestId("capacity-cell").nth(1).textContent()).toMatch(/\/16 h/);
  });
});

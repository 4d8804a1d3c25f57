// Logs in the browser against the real server: create a source, send lines with its key over
// the plain JSON endpoint, search them, read a line's attributes and its context.
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
import { ROOT, type RunningServer } from "./support/server.ts";

const SCREENSHOTS = path.join(ROOT, "docs/screenshots");
const OWNER = {
  email: "lena@example.com",
  name: "Lena Logs",
  password: "granite otter lantern 41",
  workspace: "Log Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let key = "";
const step = stepsOf("logs", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1440, height: 900 });
  ({ server, page } = app);
});
afterAll(async () => {
  await closeApp(app);
});

describe("logs in the browser", () => {
  step("the owner creates a log source and sees its key once", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await navigate(page, ["Main", "Logs"]);
    await page.getByRole("link", { name: "Sources" }).click();
    await page.getByText("No sources yet").waitFor();
    // Metric endpoints are listed beside the log ones.
    const endpoints = page.getByRole("table", { name: "Ingest endpoints" });
    await endpoints.getByText(`POST ${server.url}/v1/metrics`).waitFor();
    await endpoints.getByText(`POST ${server.url}/prometheus/api/v1/write`).waitFor();
    await page.getByTestId("new-ingest-key").click();
    await page.getByTestId("ingest-name").fill("web-1 app");
    await page.getByTestId("ingest-defaultService").fill("checkout");
    await page.getByTestId("ingest-syslogPort").fill("80");
    await page.getByTestId("create-ingest-key").click();
    // Below 1024 is refused, and the field says so.
    await page.locator('[data-testid="ingest-syslogPort"][aria-invalid="true"]').waitFor();
    await page.getByTestId("ingest-syslogPort").fill("");
    await page.getByTestId("create-ingest-key").click();
    key =
      (await page.getByTestId("new-ingest-key-value").textContent())?.match(/gpk_\S+/)?.[0] ?? "";
    expect(key).toMatch(/^gpk_/);
    await page.getByRole("button", { name: "I have copied it" }).click();
    await page.getByRole("table", { name: "Ingest keys" }).getByText("web-1 app").waitFor();
  });

  step("lines sent with the key are found by text and level, with context", async () => {
    const now = Date.now();
    const lines = Array.from({ length: 30 }, (_, i) => ({
      time: new Date(now - (30 - i) * 1000).toISOString(),
      level: i === 20 ? "error" : "info",
      message: i === 20 ? "card declined for order 20" : `order ${i} placed`,
      order: i,
    }));
    const response = await fetch(`${server.url}/ingest/v1/logs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(lines),
    });
    expect(response.status).toBe(200);
    await page.getByRole("link", { name: "Explorer" }).click();
    await page.getByTestId("logs-total").filter({ hasText: "30 lines match" }).waitFor();
    await page.getByTestId("logs-query").fill("declined");
    await page.getByTestId("logs-search").click();
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    // The search is the page's URL: it can be linked, reloaded, and gone back from.
    expect(new URL(page.url()).searchParams.get("q")).toBe("declined");
    await page.goto(`${new URL(page.url()).origin}/logs?q=declined&level=error&range=1h`);
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    expect(await page.getByTestId("logs-query").inputValue()).toBe("declined");
    expect(await page.getByTestId("logs-level").inputValue()).toBe("error");
    expect(await page.getByTestId("logs-range").inputValue()).toBe("1h");
    await page.goBack();
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    expect(await page.getByTestId("logs-level").inputValue()).toBe("");
    await page.getByTestId("logs-query").fill("");
    await page.getByTestId("logs-search").click();
    await page.getByTestId("logs-level").selectOption("error");
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    await page.getByRole("button", { name: /card declined for order 20/ }).click();
    await page.getByTestId("log-lines").getByText("checkout").first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "logs-explorer.png") });
    await page.getByRole("button", { name: "Show context" }).click();
    const context = page.getByTestId("log-context");
    await context.getByText("order 19 placed").waitFor();
    await context.getByText("order 21 placed").waitFor();
    expect(await context.getByRole("listitem").count()).toBe(30);
  });

  step("a line's attribute becomes a filter, and goes again", async () => {
    await page.keyboard.press("Escape");
    await page.getByTestId("logs-level").selectOption("");
    await page.getByTestId("logs-total").filter({ hasText: "30 lines match" }).waitFor();
    await page.getByRole("button", { name: /order 7 placed/ }).click();
    await page.getByRole("button", { name: "Only lines with order = 7" }).click();
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    const chips = page.getByRole("list", { name: "Filters" });
    await chips.getByText("order = 7").waitFor();
    await chips.getByRole("button", { name: "Remove the filter order = 7" }).click();
    await page.getByTestId("logs-total").filter({ hasText: "30 lines match" }).waitFor();
    await page.getByTestId("logs-level").selectOption("error");
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
  });

  step("a change made before the page caught up with the last one keeps both", async () => {
    await page.goto(`${new URL(page.url()).origin}/logs?q=declined&level=error`);
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    // The router has written the cleared search to the address bar, but React renders it later
    // (in a transition: long enough on a busy machine for a click to come first). Picking a level
    // then must not bring the cleared text back while its box stays empty.
    const clearedFirst = await page.evaluate(async () => {
      const box = document.querySelector<HTMLInputElement>('[data-testid="logs-query"]');
      const level = document.querySelector<HTMLSelectElement>('[data-testid="logs-level"]');
      if (!box?.form || !level) return false;
      const before = location.search;
      box.value = "";
      box.form.requestSubmit();
      for (let i = 0; i < 1_000 && location.search === before; i++) await Promise.resolve();
      level.value = "";
      level.dispatchEvent(new Event("change", { bubbles: true }));
      return location.search !== before;
    });
    expect(clearedFirst).toBe(true);
    await page.getByTestId("logs-total").filter({ hasText: "30 lines match" }).waitFor();
    expect(new URL(page.url()).search).toBe("");
    expect(await page.getByTestId("logs-query").inputValue()).toBe("");
    expect(await page.getByTestId("logs-level").inputValue()).toBe("");
    await page.getByTestId("logs-level").selectOption("error");
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
  });

  step("the search is saved under a name and applied again later", async () => {
    await page.keyboard.press("Escape");
    const saveAs = async (name: string) => {
      await page.getByTestId("save-search").click();
      const dialog = page.getByRole("dialog", { name: "Save this search" });
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByRole("button", { name: "Save" }).click();
      return dialog;
    };
    const first = await saveAs("Declined cards");
    await first.waitFor({ state: "hidden" });
    // A second search under the same name is refused in the dialog, which stays open.
    const again = await saveAs("Declined cards");
    await again.getByRole("alert").filter({ hasText: "already named" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("logs-level").selectOption("");
    await page.getByTestId("logs-total").filter({ hasText: "30 lines match" }).waitFor();
    await page.getByTestId("saved-searches").selectOption({ label: "Declined cards" });
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    // An attribute filter is saved with the search.
    await page.getByTestId("logs-level").selectOption("");
    await page.getByRole("button", { name: /order 12 placed/ }).click();
    await page.getByRole("button", { name: "Only lines with order = 12" }).click();
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
    await (await saveAs("Order 12")).waitFor({ state: "hidden" });
    // A long unbroken name wraps inside its toast rather than running off the screen.
    await (await saveAs("x".repeat(110))).waitFor({ state: "hidden" });
    const toast = page.getByRole("status").filter({ hasText: "xxxxxxxxxx" });
    const box = (await toast.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    const title = toast.getByText(/^Saved/);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const chips = page.getByRole("list", { name: "Filters" });
    await chips.getByRole("button", { name: "Remove the filter order = 12" }).click();
    await page.getByTestId("logs-total").filter({ hasText: "30 lines match" }).waitFor();
    await page.getByTestId("saved-searches").selectOption({ label: "Order 12" });
    await chips.getByText("order = 12").waitFor();
    await page.getByTestId("logs-total").filter({ hasText: "1 line matches" }).waitFor();
  });

  // Patterns are mined by the minute job: each wait below spans up to two of its runs.
  step(
    "the lines are grouped into patterns; a new shape is marked new",
    async () => {
      await page.keyboard.press("Escape");
      await page.getByRole("link", { name: "Patterns" }).click();
      const rows = page.getByTestId("pattern-row");
      // Mining runs every minute; the button queues it now (the minute's run is tested on the server).
      await mineNow();
      await waitReloading(() =>
        rows.filter({ hasText: "order <*> placed" }).first().waitFor({ timeout: 5_000 }),
      );
      // Its count cell (the first-seen time beside it may hold "29" too, at 6:29).
      const orders = rows.filter({ hasText: "order <*> placed" }).first();
      expect(await orders.getByRole("cell").nth(2).textContent()).toBe("29");
      expect(await page.getByTestId("pattern-new").count()).toBe(0); // the first run is the baseline
      const now = Date.now();
      const fresh = Array.from({ length: 3 }, (_, i) => ({
        time: new Date(now - i * 1000).toISOString(),
        level: "error",
        message: `payment gateway timeout after ${3000 + i * 250} ms`,
      }));
      const response = await fetch(`${server.url}/ingest/v1/logs`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(fresh),
      });
      expect(response.status).toBe(200);
      const newRow = rows.filter({ hasText: "payment gateway timeout" });
      await mineNow();
      await waitReloading(() => newRow.getByTestId("pattern-new").waitFor({ timeout: 5_000 }));
      await page.screenshot({ path: path.join(SCREENSHOTS, "logs-patterns.png") });
      await newRow.getByRole("link").click();
      await page.getByTestId("pattern-filter").waitFor();
      await page.getByTestId("logs-total").filter({ hasText: "3 lines of this pattern" }).waitFor();
      expect(await page.getByTestId("log-lines").getByRole("listitem").count()).toBe(3);
      await page.getByRole("button", { name: "Show all lines" }).click();
      await page.getByTestId("logs-total").filter({ hasText: "33 lines match" }).waitFor();
    },
    400_000,
  );
});

/** Queues a mining run from the Patterns view. */
async function mineNow() {
  await page.getByTestId("patterns-mine-now").click();
  await page.getByRole("status").filter({ hasText: "Mining queued" }).waitFor();
}

/** Retries `check` after reloading the page, for up to three minutes. */
async function waitReloading(check: () => Promise<unknown>) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
}

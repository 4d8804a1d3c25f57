// Cost allocation in the browser against the real server: the demo workspace's rules give each
// client its tagged cost; one more rule (tag project = internal → 100 % to "internal") moves the
// agency's own cost out of "Unallocated" to the cent.
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
  name: "Ada Allocation",
  password: "glass pane allocation e2e 42",
  workspace: "Allocation Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
const step = stepsOf("allocation", () => page);
let before: { total: number; unallocated: number; allocated: number };

/** "$3,124.51" as 312451 cents: amounts are compared exactly, never as floats. */
function cents(text: string | null): number {
  const digits = (text ?? "").replace(/[^\d-]/g, "");
  expect(digits, `an amount in "${text}"`).toMatch(/^-?\d+$/);
  return Number(digits);
}

/** Waits until the page shows the numbers of the current period and rules, not older ones. */
const settled = () => page.locator('[data-testid="allocation-page"][aria-busy="false"]').waitFor();
const amountOf = async (testId: string) => cents(await page.getByTestId(testId).textContent());
const targetRow = (id: string) => page.getByTestId(`allocation-target-${id}`);
const totalCell = async (id: string) =>
  cents(await targetRow(id).getByRole("cell").nth(1).textContent());

beforeAll(async () => {
  app = await openApp();
  ({ server, page } = app);
});

afterAll(() => closeApp(app));

describe("cost allocation in the browser", () => {
  step("the demo workspace's rules give each client its tagged cost", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await navigate(page, ["Main", "Costs"], ["Costs", "Allocation"]);
    await page.waitForURL(/\/costs\/allocation/);
    // The demo's costs end yesterday: the last 30 days always hold some, unlike month to date.
    await page.getByTestId("costs-period").click();
    await page.getByRole("option", { name: "Last 30 days" }).click();
    await page.waitForURL(/period=30d/);
    await settled();

    await page.getByTestId("allocation-rule-row").filter({ hasText: "client=acme" }).waitFor();
    await targetRow("client:acme").waitFor();
    await targetRow("unallocated").waitFor();
    before = {
      total: await amountOf("allocation-total"),
      unallocated: await amountOf("allocation-unallocated"),
      allocated: await amountOf("allocation-allocated"),
    };
    expect(before.total).toBeGreaterThan(0);
    // The agency's own (untagged-client) cost is left over, and the parts add up to the cent.
    expect(before.unallocated).toBeGreaterThan(0);
    expect(before.allocated + before.unallocated).toBe(before.total);
  });

  step("a rule's shares must add up to 100 %, as the server says", async () => {
    await page.getByTestId("allocation-new-rule").click();
    const dialog = page.getByRole("dialog", { name: "New allocation rule" });
    await dialog.getByLabel("Name", { exact: true }).fill("Agency's own tools");
    await dialog.getByRole("button", { name: "Tag" }).click();
    const tag = page.getByRole("dialog", { name: "Filter by tag" });
    await tag.getByRole("combobox", { name: "Key" }).click();
    await page.getByRole("option", { name: "project", exact: true }).click();
    await tag.getByLabel("Value").fill("internal");
    await tag.getByRole("button", { name: "Add filter" }).click();
    await tag.waitFor({ state: "detached" });
    await dialog.getByText("tag project =").waitFor();

    await dialog.getByLabel("Share 1: client name").fill("internal");
    await dialog.getByLabel("Share 1: percent").fill("90");
    await dialog
      .getByTestId("allocation-shares-sum")
      .filter({ hasText: "Adds up to 90 %" })
      .waitFor();
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await dialog
      .getByTestId("allocation-rule-error")
      .filter({ hasText: "targets: shares add up to 90 %, not 100 %" })
      .waitFor();
  });

  step(
    "tag project = internal → 100 % to internal moves that cost out of Unallocated",
    async () => {
      const dialog = page.getByRole("dialog", { name: "New allocation rule" });
      await dialog.getByLabel("Share 1: percent").fill("100");
      await dialog
        .getByTestId("allocation-shares-sum")
        .filter({ hasText: "Adds up to 100 %" })
        .waitFor();
      await dialog.getByRole("button", { name: "Create rule" }).click();
      await dialog.waitFor({ state: "detached" });
      await settled();

      const rule = page
        .getByTestId("allocation-rule-row")
        .filter({ hasText: "Agency's own tools" });
      await rule.getByText("tag project = internal").waitFor();
      await targetRow("client:internal").waitFor();
      const internal = await totalCell("client:internal");
      expect(internal).toBeGreaterThan(0);
      // The page may show the new rule's row a moment before the rest of the refetched table.
      await expect.poll(() => totalCell("unallocated")).toBe(before.unallocated - internal);
      await expect
        .poll(() => amountOf("allocation-unallocated"))
        .toBe(before.unallocated - internal);
      await expect.poll(() => amountOf("allocation-allocated")).toBe(before.allocated + internal);
      expect(await amountOf("allocation-total")).toBe(before.total);
      // The rule's matched total is what "internal" received.
      expect(cents(await rule.getByRole("cell").nth(3).textContent())).toBe(internal);
    },
  );

  step("the explorer groups the same period by client, each client to the cent", async () => {
    const acme = await totalCell("client:acme");
    const unallocated = await amountOf("allocation-unallocated");
    await page.goto(`${server.url}/costs?period=30d&group=allocation:client`);
    const rows = page.getByTestId("costs-breakdown").getByRole("row");
    const acmeRow = rows.filter({ hasText: /^acme/ });
    await acmeRow.waitFor();
    expect(cents(await acmeRow.getByRole("cell").nth(1).textContent())).toBe(acme);
    // The allocation page's Unallocated is the rounded total less the rounded allocations (so
    // its parts add up to the cent); the explorer rounds each group's exact sum on its own. The
    // demo's rules give nothing to projects, so "No client" is the same cost.
    const rest = rows.filter({ hasText: /^No client/ });
    const restCents = cents(await rest.getByRole("cell").nth(1).textContent());
    expect(Math.abs(restCents - unallocated)).toBeLessThanOrEqual(1);
    await page.getByTestId("costs-group-by").filter({ hasText: "Client (allocated)" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-by-client.png"), fullPage: true });

    // Acme's share alone, by service: the same total, kept in the URL. The menu offers the
    // workspace's clients by name, the cost centre "internal" no client has, and No client.
    await page.getByTestId("costs-filter-allocation").click();
    const options = page.getByTestId("costs-filter-allocation-option");
    for (const name of ["Acme", "Globex", "Initech", "internal", "No client", "No project"])
      await options.filter({ hasText: name }).first().waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-allocation-filter.png") });
    await page.getByRole("menuitem", { name: /^Acme acme / }).click();
    await page.waitForURL(/client=acme/);
    await page.getByTestId("costs-group-by").click();
    await page.getByRole("option", { name: "ServiceName", exact: true }).click();
    await page.getByRole("list", { name: "Active filters" }).getByText("Client · Acme").waitFor();
    await expect
      .poll(async () => cents(await page.getByTestId("costs-total").textContent()))
      .toBe(acme);
  });

  step("No client is a filter too, and a client's bar lists its lines at their share", async () => {
    await page.goto(`${server.url}/costs?period=30d&group=allocation:client`);
    const rest = page
      .getByTestId("costs-breakdown")
      .getByRole("row")
      .filter({ hasText: /^No client/ });
    const restCents = cents(await rest.getByRole("cell").nth(1).textContent());
    await page.getByTestId("costs-filter-allocation").click();
    await page
      .getByTestId("costs-filter-allocation-option")
      .filter({ hasText: "No client" })
      .click();
    await page.waitForURL(/notset=client/);
    await page.getByRole("list", { name: "Active filters" }).getByText("No client").waitFor();
    await expect
      .poll(async () => cents(await page.getByTestId("costs-total").textContent()))
      .toBe(restCents);

    // One day of Acme's share: a single bar; clicking it lists Acme's lines of that day.
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    await page.goto(
      `${server.url}/costs?period=custom&from=${day}&to=${next}&group=allocation:client&client=acme`,
    );
    const chart = page.getByRole("img", { name: /per day by/ });
    await chart.waitFor();
    await page.waitForTimeout(500); // the bars grow in
    await chart.click();
    const dialog = page.getByTestId("line-items");
    await dialog.getByRole("heading", { name: /^Line items: acme, / }).waitFor();
    const table = dialog.getByRole("table", { name: "Line items" });
    await table.getByRole("columnheader", { name: "Share" }).waitFor();
    await table.getByRole("row").nth(1).getByRole("cell", { name: "100%" }).waitFor();
    await dialog.getByText(/^\d+ lines? of the ledger/).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "costs-client-line-items.png") });
    await page.keyboard.press("Escape");
  });
});

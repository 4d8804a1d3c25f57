// The wiki in the browser against the real server and its Content-Security-Policy: create a
// runbook from the template and see its Mermaid flowchart drawn as SVG, edit it with the live
// preview and save with Ctrl+S, meet a conflict when another tab saved first, read the diff in
// the history, restore the first version, and find the page with the search box.
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
  watchBrowserProblems,
} from "./support/browser.ts";
import { RESULTS_DIR, type RunningServer } from "./support/server.ts";

const OWNER = {
  email: "rita@example.com",
  name: "Rita Runbooks",
  password: "glass pane wiki e2e 42",
  workspace: "Runbook Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let pageUrl = "";
/**
 * What the browser refused or logged as an error: CSP violations ("Refused to…") above all.
 * HTTP errors the app handles (the 401 before setup, the 409 of the conflict) are expected.
 */
let problems: string[] = [];
const step = stepsOf("docs", () => page);

beforeAll(async () => {
  app = await openApp();
  ({ server, page } = app);
  problems = watchBrowserProblems(page);
});

afterAll(() => closeApp(app));

describe("wiki and runbooks in the browser", () => {
  step("the owner opens the wiki of the demo workspace", async () => {
    await setUpOwner(page, server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    await navigate(page, ["Main", "Wiki & runbooks"]);
    await page.waitForURL(/\/docs$/);
    await page.getByTestId("docs-tree").getByText("On-call handbook").waitFor();
  });

  step("a runbook from the template shows its Mermaid flowchart as SVG", async () => {
    await page.getByTestId("docs-new-page").click();
    await page.getByTestId("template-runbook").click();
    await page.getByLabel("Title").fill("Payments API runbook");
    await page.getByTestId("new-page-submit").click();
    await page.waitForURL(/\/docs\/[0-9a-f-]{36}$/);
    pageUrl = page.url();
    expect(await page.getByTestId("doc-title").textContent()).toBe("Payments API runbook");
    const diagram = page.locator("figure.mermaid-diagram svg");
    await diagram.waitFor();
    // The node labels survive sanitising: the flowchart is readable, not empty boxes.
    await diagram.getByText("Roll back the last deploy").waitFor();
    expect(await diagram.locator("g.node").count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator(".mermaid-error").count()).toBe(0);
  });

  step("editing shows a live preview and Ctrl+S saves a new version", async () => {
    await page.getByTestId("doc-edit").click();
    const body = page.getByTestId("doc-body");
    const original = await body.inputValue();
    await body.fill(`${original}\n## Contacts\nPayments on-call: Leo, then Maya.\n`);
    await page.getByTestId("doc-preview").getByRole("heading", { name: "Contacts" }).waitFor();
    await page.getByTestId("doc-preview").locator("figure.mermaid-diagram svg").waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "docs-editor.png") });
    await page.keyboard.press("Control+s");
    await page.waitForURL(pageUrl);
    await page.getByText("Saved as version 2").waitFor();
    await page.getByTestId("doc-page").getByRole("heading", { name: "Contacts" }).waitFor();
  });

  step("a save based on an older version is refused, naming who saved", async () => {
    await page.getByTestId("doc-edit").click();
    await page.getByTestId("doc-body").waitFor();
    const other = await app!.context.newPage();
    await other.goto(`${pageUrl}/edit`);
    const theirs = other.getByTestId("doc-body");
    await theirs.fill(`${await theirs.inputValue()}\nEscalation: call the bank's support line.\n`);
    await other.getByTestId("doc-save").click();
    await other.waitForURL(pageUrl);
    await other.close();

    await page.getByLabel("Title").fill("Payments API runbook (mine)");
    await page.getByTestId("doc-save").click();
    const conflict = page.getByTestId("doc-conflict");
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/Rita Runbooks saved .* \(version 3\)/);
    await page.screenshot({ path: path.join(RESULTS_DIR, "docs-conflict.png") });
    // Leaving with unsaved changes asks first.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.waitForURL(pageUrl);
  });

  step("the history shows the versions and a coloured diff", async () => {
    await page.getByTestId("doc-history").click();
    await page.waitForURL(`${pageUrl}/history`);
    await expect.poll(() => page.getByTestId("doc-version").count()).toBe(3);
    await page.getByLabel("From").selectOption("1");
    const diff = page.getByTestId("doc-diff");
    await diff.locator('tr[data-diff="added"]', { hasText: "## Contacts" }).waitFor();
    expect(await diff.getByTestId("diff-added").textContent()).toMatch(/^\+[4-9] lines$/);
    expect(await diff.getByTestId("diff-removed").textContent()).toBe("−0 lines");
    await page.screenshot({ path: path.join(RESULTS_DIR, "docs-history.png"), fullPage: true });
  });

  step("restoring the first version makes it version 4; the text matches it again", async () => {
    await page.getByTestId("restore-1").click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click();
    await page.getByText("Version 1 restored as version 4").waitFor();
    await expect.poll(() => page.getByTestId("doc-version").count()).toBe(4);
    await page
      .getByTestId("doc-diff")
      .getByText("The text is the same in both versions.")
      .waitFor();
    await page.getByRole("link", { name: "Back to the page" }).click();
    expect(
      await page.getByTestId("doc-page").getByRole("heading", { name: "Contacts" }).count(),
    ).toBe(0);
  });

  step("the search box finds the page with the words highlighted", async () => {
    await page.getByTestId("docs-search").fill("payments runb");
    const results = page.getByTestId("docs-search-results");
    const hit = results.getByRole("link").filter({ hasText: "Payments API runbook" });
    await hit.waitFor();
    expect(await hit.locator("mark").first().textContent()).toBe("Payments");
    await page.getByTestId("docs-search").fill("globex-etl");
    await results.getByRole("link", { name: /runaway globex-etl/ }).click();
    await page.getByTestId("doc-links").getByText("globex-etl (AWS Lambda)").first().waitFor();
  });

  step("the demo runbook renders under the CSP without a single browser error", async () => {
    const tree = page.getByTestId("docs-tree");
    await tree.getByRole("button", { name: "Expand On-call handbook" }).click();
    await tree.getByRole("link", { name: "Runbook: Acme storefront 5xx" }).click();
    await page
      .locator("figure.mermaid-diagram svg")
      .getByText("Replace the unhealthy instance")
      .waitFor();
    // Dismissing one toast renumbers the rest: always close the first until none is left (one
    // that times out on its own meanwhile is gone too, which is all this wants).
    const dismiss = page.getByRole("button", { name: "Dismiss notification" });
    while ((await dismiss.count()) > 0)
      await dismiss
        .first()
        .click({ timeout: 5_000 })
        .catch(async (error) => {
          if ((await dismiss.count()) > 0) throw error;
        });
    await page.screenshot({ path: path.join(RESULTS_DIR, "docs-runbook.png"), fullPage: true });
    expect(problems).toEqual([]);
  });
  step("a page dragged onto another is nested under it; Move to… puts it back", async () => {
    const tree = page.getByTestId("docs-tree");
    const row = (title: string) => tree.locator(`li[data-title="${title}"] > div`);
    const from = (await row("Post-mortems").boundingBox())!;
    const to = (await row("On-call handbook").boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + from.height / 2 - 10, { steps: 5 });
    await page.mouse.move(to.x + 60, to.y + to.height / 2, { steps: 10 });
    // Let dnd-kit measure where the pointer is before the drop (two animation frames).
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.mouse.up();
    await tree.locator('li[data-title="On-call handbook"] li[data-title="Post-mortems"]').waitFor();

    await row("Post-mortems").hover();
    await page.getByRole("button", { name: "Actions for Post-mortems" }).click();
    await page.getByRole("menuitem", { name: "Move to…" }).click();
    await page.getByLabel("Put it under").selectOption({ label: "Top level" });
    await page.getByLabel("Place").selectOption({ label: "First" });
    await page.getByTestId("move-submit").click();
    await expect
      .poll(() => tree.locator(":scope > li").first().getAttribute("data-title"))
      .toBe("Post-mortems");
  });

  step("a deleted page waits in the trash and comes back with its sub-pages", async () => {
    const tree = page.getByTestId("docs-tree");
    const entry = tree.locator('li[data-title="Post-mortems"]');
    const below = await entry.locator("li").count();
    await entry.locator(":scope > div").hover();
    await page.getByRole("button", { name: "Actions for Post-mortems" }).click();
    await page.getByRole("menuitem", { name: "Delete…" }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: /^Delete/ })
      .click();
    await entry.waitFor({ state: "detached" });

    await page.getByTestId("docs-trash-link").click();
    const row = page.getByTestId("trash-row").filter({ hasText: "Post-mortems" });
    await row.waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "docs-trash.png"), fullPage: true });
    await row.getByTestId("trash-restore").click();
    await page.getByTestId("doc-title").filter({ hasText: "Post-mortems" }).waitFor();
    await expect.poll(() => entry.locator("li").count()).toBe(below);
  });
});

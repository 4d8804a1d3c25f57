import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, test } from "vitest";
import { RESULTS_DIR, type RunningServer, startServer } from "./server.ts";

/**
 * Debian's Chromium, never a downloaded one (no download is possible here). The networking
 * flags stop it calling Google's services, which this machine's closed network refuses.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    timeout: 60_000,
    args: [
      "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface BrowserApp {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** A fresh server and Chromium with one page of the given size, started side by side. */
export async function openApp(
  viewport = { width: 1280, height: 900 },
  { fresh = false } = {},
): Promise<BrowserApp> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const [server, browser] = await Promise.all([startServer({ fresh }), launchBrowser()]);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { server, browser, context, page };
}

/**
 * Collects, from now on, what the page logs as an error (a CSP refusal above all) and its
 * uncaught errors; with `apiFailures`, also every `/api/` call answered 4xx/5xx or never
 * answered. Returns the live list: a test asserts it is empty where the page should be clean.
 */
export function watchBrowserProblems(page: Page, { apiFailures = false } = {}): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    // Chromium logs every failed request as "Failed to load resource" without its address; a
    // test that expects some (the 401 before setup, a 409 conflict) leaves them out, and
    // `apiFailures` reports them below with their operation instead.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  if (apiFailures) {
    const isApi = (url: string) => new URL(url).pathname.startsWith("/api/");
    page.on("response", (response) => {
      if (response.status() >= 400 && isApi(response.url()))
        problems.push(`${response.status()} from ${new URL(response.url()).pathname}`);
    });
    page.on("requestfailed", (request) => {
      // A query left behind by a navigation is cancelled by the browser, which is no failure.
      const reason = request.failure()?.errorText ?? "";
      if (isApi(request.url()) && reason !== "net::ERR_ABORTED")
        problems.push(`${new URL(request.url()).pathname} failed: ${reason}`);
    });
  }
  return problems;
}

/** Closes what `openApp` started; safe after a failed start. */
export async function closeApp(app: Partial<BrowserApp> | undefined) {
  await app?.browser?.close();
  await app?.server?.stop();
}

/** A failed step runs once more before it counts: a browser on a loaded machine can lose a race. */
const STEP_RETRIES = 1;

/**
 * A `test` for a file whose tests build on each other: after a failure the later steps are
 * skipped, not piled on, and the failing page is kept as e2e-failure-<prefix>-<step>[-try<n>].png.
 * A step gets one retry; one that passes only on its retry is marked `meta.retried`, which the
 * test summary lists, so flakiness is seen rather than hidden.
 */
export function stepsOf(prefix: string, page: () => Page) {
  let broken = false;
  return (name: string, body: () => Promise<void>, timeoutMs?: number) =>
    test(name, { retry: STEP_RETRIES, timeout: timeoutMs }, async ({
      skip,
      onTestFailed,
      task,
    }) => {
      if (broken) skip("an earlier step failed");
      const attempt = task.result?.retryCount ?? 0;
      if (attempt > 0) task.meta.retried = attempt;
      onTestFailed(async () => {
        if (attempt >= STEP_RETRIES) broken = true;
        const file = [
          "e2e-failure",
          prefix,
          name.replace(/\W+/g, "-"),
          attempt ? `try${attempt}` : "",
        ]
          .filter(Boolean)
          .join("-");
        await page()
          .screenshot({ path: path.join(RESULTS_DIR, `${file}.png`), fullPage: true })
          .catch(() => {});
      });
      await body();
    });
}

declare module "vitest" {
  interface TaskMeta {
    /** How many retries a step needed before it passed. */
    retried?: number;
  }
}

export interface Owner {
  email: string;
  name: string;
  password: string;
  workspace: string;
}

/**
 * Goes through the setup page of a new install as its first owner and waits for home. With
 * `demo`, keeps the demo workspace (on by default) so its sample costs are imported too.
 */
export async function setUpOwner(page: Page, url: string, owner: Owner, { demo = true } = {}) {
  await page.goto(`${url}/`);
  await page.waitForURL(/\/setup$/);
  await page.getByTestId("setup-email").fill(owner.email);
  await page.getByTestId("setup-name").fill(owner.name);
  await page.getByTestId("setup-password").fill(owner.password);
  await page.getByTestId("setup-workspace").fill(owner.workspace);
  if (demo) expect(await page.getByTestId("setup-demo").isChecked()).toBe(true);
  else await page.getByTestId("setup-demo").uncheck();
  await page.getByTestId("setup-submit").click();
  await page.waitForURL(`${url}/`);
}

/** Switches to another of the user's workspaces with the switcher in the header. */
export async function switchWorkspace(page: Page, name: string) {
  await page.getByTestId("workspace-switcher").click();
  await page.getByRole("menuitemradio", { name }).click();
  await page.getByTestId("workspace-switcher").filter({ hasText: name }).waitFor();
}

/** Follows links through navigation menus: `navigate(page, ["Main", "Costs"], ["Costs", "Budgets"])`. */
export async function navigate(page: Page, ...links: [menu: string, link: string][]) {
  for (const [menu, link] of links) {
    await page.getByRole("navigation", { name: menu }).getByRole("link", { name: link }).click();
  }
}

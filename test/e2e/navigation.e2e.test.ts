// Every page the navigation reaches in the demo workspace, as its owner sees it: the main menu,
// each module's tabs and the settings menu, clicked like a person would. A page passes when it
// shows its heading without a browser error, an uncaught exception or a failed API call, and —
// on a 390 px phone — without scrolling sideways.
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  type BrowserApp,
  closeApp,
  openApp,
  setUpOwner,
  stepsOf,
  switchWorkspace,
  watchBrowserProblems,
} from "./support/browser.ts";

const OWNER = {
  email: "nadia@example.com",
  name: "Nadia Navigator",
  password: "glass pane navigation e2e 42",
  workspace: "Wayfinding Studio",
};

let app: BrowserApp | undefined;
let page: Page;
let problems: string[] = [];
/** Every page reached, in the order it was first clicked. */
const visited: string[] = [];
const step = stepsOf("navigation", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1440, height: 900 });
  ({ page } = app);
  const isApi = (request: Request) => new URL(request.url()).pathname.startsWith("/api/");
  page.on("request", (request) => isApi(request) && inFlight.add(request));
  page.on("requestfinished", (request) => inFlight.delete(request));
  page.on("requestfailed", (request) => inFlight.delete(request));
});

afterAll(() => closeApp(app));

/** API calls the page has asked for and not had an answer to yet. */
const inFlight = new Set<Request>();

/** The links of a navigation landmark, as their `href`s (paths within the app). */
function linksOf(label: string): Promise<string[]> {
  return page
    .getByRole("navigation", { name: label, exact: true })
    .getByRole("link")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
}

/**
 * Waits for the page's heading and until no API call has been in flight for a moment, so its
 * queries have answered; a page that polls on a timer gets up to 15 s.
 */
async function pageSettled() {
  await page.locator("main h1:visible").first().waitFor();
  const giveUpAt = Date.now() + 15_000;
  let quietSince = Date.now();
  while (Date.now() < giveUpAt) {
    if (inFlight.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 400) return;
    await page.waitForTimeout(100);
  }
}

/** Opens `href` by clicking its link in the landmark `menu`, and waits for the page. */
async function open(menu: string, href: string) {
  await page
    .getByRole("navigation", { name: menu, exact: true })
    .locator(`a[href="${href}"]`)
    .first()
    .click();
  const path = new URL(href, "http://app").pathname;
  await page.waitForURL((url) => url.pathname.startsWith(path));
  await pageSettled();
}

/** Each problem with the page it happened on, so a failure names the page to fix. */
function problemsOn(path: string, from: number): string[] {
  return problems.slice(from).map((problem) => `${path}: ${problem}`);
}

describe("every navigation page of the demo workspace", () => {
  step("the owner sets up with the demo workspace and opens it", async () => {
    await setUpOwner(page, app!.server.url, OWNER);
    await switchWorkspace(page, "Demo Agency");
    // Watched from here: the 401 of the setup page's session check is expected.
    problems = watchBrowserProblems(page, { apiFailures: true });
  });

  step(
    "each page of the main menu and each of its tabs loads without an error",
    async () => {
      const found: string[] = [];
      // Per attempt: a retry visits every page again rather than passing on what it skipped.
      const seen = new Set<string>();
      const visit = async (menu: string, href: string) => {
        if (seen.has(href)) return;
        seen.add(href);
        const before = problems.length;
        await open(menu, href);
        found.push(...problemsOn(href, before));
      };
      for (const path of await linksOf("Main")) {
        await visit("Main", path);
        // A module's tabs are a navigation landmark inside its page whose links stay in the
        // module (the overview's quick links lead elsewhere and are reached from the menus).
        if (path === "/") continue;
        const tabMenus = await page
          .locator("main nav[aria-label]")
          .evaluateAll((navs) => navs.map((nav) => nav.getAttribute("aria-label") ?? ""));
        for (const menu of tabMenus) {
          const tabs = await linksOf(menu);
          if (!tabs.every((tab) => tab.startsWith(`${path}/`) || tab === path)) continue;
          for (const tab of tabs) await visit(menu, tab);
        }
      }
      visited.splice(0, visited.length, ...seen);
      expect(visited.length).toBeGreaterThan(30);
      expect(found).toEqual([]);
    },
    600_000,
  );

  step(
    "each settings page loads without an error",
    async () => {
      await page.goto(`${app!.server.url}/settings`);
      await pageSettled();
      const found: string[] = [];
      for (const path of await linksOf("Settings")) {
        const before = problems.length;
        await open("Settings", path);
        found.push(...problemsOn(path, before));
        if (!visited.includes(path)) visited.push(path);
      }
      expect(visited).toContain("/settings/members");
      expect(found).toEqual([]);
    },
    180_000,
  );

  step(
    "on a 390 px phone no page scrolls sideways",
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const before = problems.length;
      const wide: string[] = [];
      for (const path of visited) {
        await page.goto(`${app!.server.url}${path}`);
        await pageSettled();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${path} is ${width} px wide`);
      }
      expect(wide).toEqual([]);
      expect(problems.slice(before)).toEqual([]);
    },
    600_000,
  );
});

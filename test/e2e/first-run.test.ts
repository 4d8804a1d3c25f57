// The first hour of a new install, in a real browser against the real server: set up, sign out
// and in, create an API token, use it, sign out for good.
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
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
  email: "olivia@example.com",
  name: "Olivia Owner",
  password: "glass pane e2e passphrase 7",
  workspace: "Acme Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let context: BrowserContext;
let page: Page;
const step = stepsOf("", () => page);
let apiToken = "";

/** Calls an operation as a script would: JSON over POST, authenticated by the API token. */
async function callWithToken(operation: string, token: string) {
  const response = await fetch(`${server.url}/api/${operation}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
  return { status: response.status, body: await response.json() };
}

/** Reads auth.session with only a session cookie, the way a stolen cookie would be replayed. */
async function sessionStatusWithCookie(cookie: string) {
  const response = await fetch(`${server.url}/api/auth.session`, {
    headers: { cookie: `gp_session=${cookie}` },
  });
  return { status: response.status, body: await response.json() };
}

async function signOut() {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await page.waitForURL(/\/login$/);
}

async function expectHome() {
  await page.waitForURL(`${server.url}/`);
  await page.getByRole("heading", { level: 1, name: "Welcome, Olivia" }).waitFor();
}

beforeAll(async () => {
  // From an empty data directory: the server initialises the database itself, as on a first start.
  app = await openApp({ width: 1280, height: 800 }, { fresh: true });
  ({ server, context, page } = app);
});

afterAll(() => closeApp(app));

describe("first run in the browser", () => {
  step("a new install sends you to setup, which creates the owner and opens home", async () => {
    // Keeping the demo workspace exercises the sample-data import too.
    await setUpOwner(page, server.url, OWNER, { demo: true });
    await expectHome();
    await page.screenshot({ path: path.join(RESULTS_DIR, "home.png"), fullPage: true });
  });

  step("the owner signs out and back in with email and password", async () => {
    await signOut();
    await page.getByTestId("login-email").fill(OWNER.email);
    await page.getByTestId("login-password").fill(OWNER.password);
    await page.getByTestId("login-submit").click();
    await expectHome();
  });

  step("Settings → API tokens creates a token that is shown once", async () => {
    await navigate(page, ["Main", "Settings"]);
    await page.waitForURL(/\/settings\/profile$/);
    await navigate(page, ["Settings", "API tokens"]);
    await page.waitForURL(/\/settings\/tokens$/);
    await page.getByTestId("new-token").click();
    await page.getByTestId("new-token-name").fill("e2e script");
    await page.getByTestId("new-token-submit").click();
    apiToken = (await page.getByTestId("new-token-value").textContent())?.trim() ?? "";
    expect(apiToken).toMatch(/^gp_\S+$/);
    await page.getByTestId("new-token-done").click();
    await page.getByRole("table", { name: "API tokens" }).getByText("e2e script").waitFor();
  });

  step("the token calls the API as the owner", async () => {
    const members = await callWithToken("members.list", apiToken);
    expect(members.status).toBe(200);
    expect(members.body).toContainEqual(
      expect.objectContaining({ email: OWNER.email, role: "owner" }),
    );
    const session = await callWithToken("auth.session", apiToken);
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe(OWNER.email);
    expect(session.body.actorType).toBe("token");
  });

  step("signing out ends the session: pages redirect and the old cookie is refused", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "gp_session")?.value;
    expect(cookie).toBeTruthy();
    // Control: the cookie works now, so its refusal below is down to signing out.
    expect((await sessionStatusWithCookie(cookie!)).status).toBe(200);

    await signOut();
    await page.goto(`${server.url}/settings/tokens`);
    await page.waitForURL(/\/login\?next=%2Fsettings%2Ftokens$/);
    await page.getByTestId("login-form").waitFor();

    const replay = await sessionStatusWithCookie(cookie!);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("unauthenticated");
    // Signing out ends the browser session only; API tokens live on until revoked.
    expect((await callWithToken("auth.session", apiToken)).status).toBe(200);
  });
});

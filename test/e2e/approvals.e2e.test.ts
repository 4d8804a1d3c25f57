// Approvals in the browser against the real server: an MCP client (the official SDK over
// Streamable HTTP, with the owner's API token) asks to create a project; the owner finds the
// request on the Approvals page with its exact operation and input, approves it, and the
// project exists.
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
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
  email: "ada@example.com",
  name: "Ada Approver",
  password: "glass pane approvals e2e 42",
  workspace: "Approvals Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let approvalId = "";
const step = stepsOf("approvals", () => page);

beforeAll(async () => {
  app = await openApp({ width: 1280, height: 900 });
  ({ server, page } = app);
});
afterAll(() => closeApp(app));

/** An API token made through the API with the browser's session (as the tokens page does). */
async function createToken(): Promise<string> {
  const session = await page.request.get(`${server.url}/api/auth.session`);
  const csrf = session.headers()["x-csrf-token"] ?? "";
  const created = await page.request.post(`${server.url}/api/tokens.create`, {
    headers: { "x-csrf-token": csrf, "content-type": "application/json" },
    data: { name: "e2e mcp" },
  });
  expect(created.status()).toBe(200);
  return ((await created.json()) as { token: string }).token;
}

describe("approvals in the browser", () => {
  step("an MCP client's request to create a project waits for approval", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    const token = await createToken();
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const answer = (await client.callTool({
      name: "projects_create",
      arguments: { key: "MCP", name: "Made over MCP" },
    })) as unknown as { structuredContent: { status: string; approvalId: string } };
    await client.close();
    expect(answer.structuredContent.status).toBe("pending_approval");
    approvalId = answer.structuredContent.approvalId;
  });

  step("the owner sees the exact operation and input, and approves it", async () => {
    await navigate(page, ["Main", "Approvals"]);
    const card = page.getByRole("listitem").filter({ hasText: "projects.create" });
    await card.waitFor();
    expect(await card.textContent()).toContain('"name": "Made over MCP"');
    await page.screenshot({ path: path.join(RESULTS_DIR, "approvals-pending.png") });
    await card.getByRole("button", { name: "Approve and run" }).click();
    await page.getByText("Nothing waiting").waitFor();
    await page.getByRole("button", { name: "All" }).click();
    await page
      .getByRole("listitem")
      .filter({ hasText: "projects.create" })
      .getByText("executed", { exact: true })
      .waitFor();
  });

  step("the project exists, and the notification's link opens the request", async () => {
    const listed = await page.request.get(`${server.url}/api/projects.list`);
    const keys = ((await listed.json()) as { key: string }[]).map((p) => p.key);
    expect(keys).toContain("MCP");
    await page.goto(`${server.url}/approvals/${approvalId}`);
    await page.getByRole("heading", { name: "projects.create" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, "approvals-executed.png") });
  });
});

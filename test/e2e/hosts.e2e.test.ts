// On-prem hosts in the browser against the real server: connect a real sshd on loopback with an
// SSH key through the wizard, see the recorded host-key fingerprint, discover the host and read
// its facts, then watch its node_exporter scraped under Logs → Scrape targets.
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { type RunningNodeExporter, startNodeExporter } from "../support/node-exporter.ts";
import { type RunningSshd, startSshd } from "../support/sshd.ts";
import { type BrowserApp, closeApp, openApp, setUpOwner, stepsOf } from "./support/browser.ts";
import { ROOT, type RunningServer } from "./support/server.ts";

const SCREENSHOTS = path.join(ROOT, "docs/screenshots");
const OWNER = {
  email: "hana@example.com",
  name: "Hana Hosts",
  password: "granite kettle lantern 31",
  workspace: "Basement Racks",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let sshd: RunningSshd;
let exporter: RunningNodeExporter;
const step = stepsOf("hosts", () => page);

beforeAll(async () => {
  // All three are awaited before a failure is thrown, so afterAll stops whatever did start.
  const results = await Promise.allSettled([
    openApp({ width: 1400, height: 1000 }).then((a) => {
      app = a;
    }),
    startSshd().then((s) => {
      sshd = s;
    }),
    startNodeExporter().then((e) => {
      exporter = e;
    }),
  ]);
  for (const r of results) if (r.status === "rejected") throw r.reason;
  ({ server, page } = app!);
});

afterAll(async () => {
  await closeApp(app);
  await Promise.all([sshd?.close(), exporter?.close()]);
});

describe("hosts in the browser", () => {
  step("setup, then allow private targets", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await page.goto(`${server.url}/health/settings`);
    await page.getByLabel("Allow private targets").click();
    await expect.poll(() => page.getByLabel("Allow private targets").isChecked()).toBe(true);
  });

  step("the wizard connects the host with a key and shows its host-key fingerprint", async () => {
    await page.goto(`${server.url}/inventory/connectors/new`);
    await page.getByRole("button", { name: "On-prem / VPS host (SSH)" }).click();
    expect(await page.getByTestId("least-privilege-policy").textContent()).toContain(
      "No sudo is needed",
    );
    await page.getByLabel("Host", { exact: true }).fill(sshd.host);
    await page.getByLabel("SSH port (optional)").fill(String(sshd.port));
    await page.getByLabel("User", { exact: true }).fill(sshd.user);
    await page.getByLabel("Private key", { exact: true }).fill("ssh-ed25519 AAAA not-private");
    await page.getByRole("button", { name: "Connect and test" }).click();
    await page.getByText(/not a usable private key|this is a public key/i).waitFor();
    await page.getByLabel("Private key", { exact: true }).fill(sshd.clientKey);
    await page.getByLabel("node_exporter URL (optional)").fill(exporter.url);
    await page.getByRole("button", { name: "Connect and test" }).click();
    await page.getByText(/SSH: authenticated as/).waitFor({ timeout: 30_000 });
    await page.getByText(/node_exporter: reachable/).waitFor();
    expect(await page.getByTestId("host-key-fingerprint").textContent()).toContain(
      sshd.hostKeyFingerprint,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, "hosts-connect.png") });
  });

  step("discovery finds the host and its page shows the facts", async () => {
    await page.getByRole("button", { name: "Discover resources" }).click();
    await page.getByTestId("scan-status").filter({ hasText: "succeeded" }).waitFor();
    await page.getByRole("link", { name: "See the resources" }).click();
    const hostname = execFileSync("cat", ["/proc/sys/kernel/hostname"]).toString().trim();
    await page.getByTestId("inventory-table").getByRole("link", { name: hostname }).click();
    await page.waitForURL(/\/inventory\/resources\//);
    const facts = page.getByTestId("host-facts");
    await facts.waitFor();
    const text = (await facts.textContent()) ?? "";
    expect(text).toContain(execFileSync("uname", ["-r"]).toString().trim());
    expect(text).toContain(sshd.hostKeyFingerprint);
    expect(text).toMatch(/\d+ \(dpkg\)/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "hosts-resource.png"), fullPage: true });
  });

  step("the host's node_exporter is a scrape target and scrapes fine", async () => {
    await page.goto(`${server.url}/logs/scrape`);
    const row = page.getByTestId("scrape-target").filter({ hasText: exporter.url });
    await row.waitFor();
    await row.getByRole("button", { name: /Scrape .* now/ }).click();
    await row.getByText("Up", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByLabel("Name").fill("nothing here");
    await page.getByLabel("Metrics URL").fill("http://127.0.0.1:9/metrics");
    await page.getByRole("button", { name: "Add target" }).click();
    const dead = page.getByTestId("scrape-target").filter({ hasText: "nothing here" });
    await dead.getByRole("button", { name: /Scrape .* now/ }).click();
    await dead.getByText("Down", { exact: true }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "scrape-targets.png") });
  });
});

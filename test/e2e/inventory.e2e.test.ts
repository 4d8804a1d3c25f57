// Inventory in the browser against the real server: connect DigitalOcean (a local replay of its
// API serving the OpenAPI examples) through the wizard, test the token, discover with live
// progress, find the droplets in the cross-cloud table, filter by a facet and open one.
import { generateKeyPairSync } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  type CloudflareReplay,
  REPLAY_ACCOUNT_ID,
  startCloudflareReplay,
} from "../../server/connectors/cloudflare/replay.testing.ts";
import {
  type DigitalOceanReplay,
  startDigitalOceanReplay,
} from "../../server/connectors/digitalocean/replay.testing.ts";
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
  email: "ines@example.com",
  name: "Ines Inventory",
  password: "copper heron meadow 77",
  workspace: "Cloud Studio",
};

let server: RunningServer;
let app: BrowserApp | undefined;
let page: Page;
let replay: DigitalOceanReplay;
let cloudflare: CloudflareReplay;
const step = stepsOf("inventory", () => page);

beforeAll(async () => {
  [app, replay, cloudflare] = await Promise.all([
    openApp({ width: 1440, height: 900 }),
    startDigitalOceanReplay({ pageSize: 2 }),
    startCloudflareReplay({ items: { dns_records: [] } }),
  ]);
  ({ server, page } = app);
});

afterAll(async () => {
  await closeApp(app);
  await replay?.close();
  await cloudflare?.close();
});

describe("inventory in the browser", () => {
  step("the owner connects DigitalOcean through the wizard and the token tests fine", async () => {
    await setUpOwner(page, server.url, OWNER, { demo: false });
    await navigate(page, ["Main", "Cloud inventory"]);
    await page.waitForURL(/\/inventory$/);
    await page.getByText("No resources yet").waitFor();
    await page.getByRole("link", { name: "Connect a cloud" }).click();
    await page.getByRole("button", { name: "DigitalOcean" }).click();
    // The least-privilege scopes to grant are on the page before any secret is typed.
    expect(await page.getByTestId("least-privilege-policy").textContent()).toContain(
      "droplet:read",
    );
    await page.getByLabel("Personal access token").fill("short");
    await page.getByRole("button", { name: "Connect and test" }).click();
    await page.getByText("Too short for a DigitalOcean API token").waitFor();

    await page.getByLabel("Personal access token").fill(replay.token);
    await page.getByText("Endpoint and regions").click();
    await page.getByLabel("Custom API endpoint (optional)").fill(replay.url);
    await page.getByRole("button", { name: "Connect and test" }).click();
    await page.getByText("Connected to account 5df3e3004a17e242b7c20ca6c9fc25b701a47ece").waitFor();
    expect(replay.requests.at(-1)?.headers.authorization).toBe(`Bearer ${replay.token}`);
  });

  step("discovery runs with live progress and finishes", async () => {
    await page.getByRole("button", { name: "Discover resources" }).click();
    await page.getByTestId("scan-status").filter({ hasText: "succeeded" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-connect.png") });
    expect(await page.getByTestId("scan-progress").textContent()).toContain("8 of 8 scopes");
    expect(
      replay.requests.some((r) => r.path === "/v2/droplets" && r.query.get("page") === "2"),
    ).toBe(true);
  });

  step("the resources are in the cross-cloud table, filterable by type", async () => {
    await page.getByRole("link", { name: "See the resources" }).click();
    const table = page.getByTestId("inventory-table");
    await table.getByRole("link", { name: "stage.example.com" }).waitFor();
    await page.getByText("18 resources").waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory.png") });
    await page
      .getByRole("group", { name: "Type" })
      .getByRole("button", { name: /Virtual machine/ })
      .click();
    await page.getByText("3 resources").waitFor();
    expect(await table.getByRole("row").count()).toBe(1 + 3);
  });

  step("a droplet opens with its attributes, tags, relations and history", async () => {
    await page
      .getByTestId("inventory-table")
      .getByRole("link", { name: "example.com", exact: true })
      .first()
      .click();
    await page.waitForURL(/\/inventory\/resources\//);
    await page.getByTestId("resource-name").filter({ hasText: "example.com" }).waitFor();
    const tags = page.getByRole("list", { name: "Tags" });
    expect(await tags.textContent()).toContain("env=prod");
    await page.getByRole("list", { name: "Relations" }).getByText("member of").first().waitFor();
    await page.getByRole("list", { name: "Relations" }).getByText("example-lb-01").waitFor();
    await page.getByRole("list", { name: "Changes" }).getByText("created").waitFor();
    expect(await page.getByText("s-1vcpu-1gb").count()).toBeGreaterThan(0);
    await page.screenshot({
      path: path.join(SCREENSHOTS, "inventory-resource.png"),
      fullPage: true,
    });
  });

  step("the connectors tab shows the last scan, and a new discovery finds no changes", async () => {
    await navigate(page, ["Inventory", "Connectors"]);
    const card = page.getByTestId("connector-card").filter({ hasText: "DigitalOcean account" });
    await card.getByText("18 resources seen").waitFor();
    await card.getByRole("button", { name: "Discover now" }).click();
    await card.getByText("0 new · 0 changed · 0 deleted").waitFor();
    await card.getByTestId("scan-status").filter({ hasText: "succeeded" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-connectors.png") });
  });

  step("with a bill imported, the table shows each resource's cost and sorts by it", async () => {
    // Yesterday's FOCUS lines for the droplet and one volume, billed under their DigitalOcean ids.
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const month = `${day.slice(0, 7)}-01`;
    const next = new Date(`${month}T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const end = next.toISOString().slice(0, 10);
    const header =
      "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName,ChargeCategory,ResourceId,ResourceName";
    const line = (cost: string, id: string, name: string) =>
      `team-1,${month}T00:00:00Z,${end}T00:00:00Z,${day}T00:00:00Z,${day}T23:59:59Z,${cost},${cost},USD,DigitalOcean,${name},Usage,${id},${name}`;
    await navigate(page, ["Main", "Costs"], ["Costs", "Imports"]);
    await page.getByTestId("costs-upload-input").setInputFiles({
      name: "do-day.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        [
          header,
          line("5.00", "3164444", "Droplets"),
          line("1.25", "506f78a4-e098-11e5-ad9f-000f53305eb2", "Volumes"),
        ].join("\n"),
      ),
    });
    await page
      .getByTestId("costs-upload-item")
      .filter({ hasText: "do-day.csv" })
      .getByText("Imported", { exact: false })
      .first()
      .waitFor();
    await navigate(page, ["Main", "Cloud inventory"]);
    const table = page.getByTestId("inventory-table");
    await table.getByRole("link", { name: "stage.example.com" }).waitFor();
    await page.getByTestId("sort-by-cost").click();
    await page.waitForURL(/sort=cost/);
    const rows = table.getByRole("row");
    await expect.poll(async () => rows.nth(1).textContent()).toContain("$5.00");
    expect(await rows.nth(1).getByRole("link").textContent()).toBe("example.com");
    expect(await rows.nth(2).textContent()).toContain("$1.25");
    // Everything without a cost comes after, in name order.
    expect(await rows.nth(3).textContent()).toContain("—");
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-by-cost.png") });
  });

  step("the compliance tab counts findings by rule, and a tag policy adds its own", async () => {
    await navigate(page, ["Inventory", "Compliance"]);
    const rules = page.getByRole("list", { name: "Findings by rule" });
    await rules.getByText("Volume attached to nothing").waitFor();
    // No tag policy yet: the rule is listed with nothing found.
    const missingTags = rules.getByRole("button", { name: /Required tags missing/ });
    expect(await missingTags.isDisabled()).toBe(true);
    await page.getByLabel("Tag keys every resource must carry").fill("owner");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect.poll(() => missingTags.isEnabled()).toBe(true);
    expect(Number((await missingTags.textContent())?.match(/(\d+)$/)?.[1])).toBe(18);
    await rules.getByRole("button", { name: /Volume attached to nothing/ }).click();
    const findings = page.getByRole("table", { name: "Findings" });
    await findings.getByText("Billed for its size while attached to no instance").first().waitFor();
    expect(await findings.getByText("Required tags missing").count()).toBe(0);
    // The scans and the policy change recorded today's counts: the trend has a day.
    const trend = page.getByTestId("compliance-trend");
    await trend.waitFor();
    expect(await trend.getAttribute("aria-label")).toMatch(/over 1 recorded days?; \d+ on /);
    await page.waitForTimeout(400); // the bars' grow animation
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-compliance.png") });
  });

  step(
    "the owner shuts a droplet down from its page and sees it in the action history",
    async () => {
      await page.goto(`${server.url}/inventory`);
      await page
        .getByTestId("inventory-table")
        .getByRole("row")
        .filter({ hasText: "Virtual machine" })
        .getByRole("link", { name: "example.com", exact: true })
        .click();
      await page.getByTestId("resource-name").filter({ hasText: "example.com" }).waitFor();
      await page.getByTestId("resource-action-stop").click();
      await page.getByRole("dialog").getByText("Stop this instance?").waitFor();
      await page.getByTestId("resource-action-confirm").click();
      await page.getByRole("dialog").getByText("still billed").waitFor();
      const shutdown = replay.requests.find((r) => r.path === "/v2/droplets/3164444/actions");
      expect(shutdown?.body).toEqual({ type: "shutdown" });
      await page.keyboard.press("Escape");
      await page
        .getByRole("list", { name: "Action history" })
        .getByText("stop succeeded")
        .waitFor();
      // Off now: it can be started, not stopped again.
      expect(await page.getByTestId("resource-action-start").isEnabled()).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-resource-actions.png") });
    },
  );

  step("the owner tags the droplet at DigitalOcean and sees its dependency map", async () => {
    await page.getByTestId("edit-tags").click();
    await page.getByTestId("add-tag").click();
    await page.getByTestId("tag-key").last().fill("team");
    await page.getByTestId("tag-value").last().fill("payments");
    await page.getByTestId("save-tags").click();
    await page.getByRole("list", { name: "Tags" }).getByText("team=payments").waitFor();
    const tagged = replay.requests.find((r) => r.path === "/v2/tags/team%3Apayments/resources");
    expect(tagged).toMatchObject({
      method: "POST",
      body: { resources: [{ resource_id: "3164444", resource_type: "droplet" }] },
    });
    await page.getByTestId("dependency-map").waitFor();
    expect(await page.getByTestId("dependency-map").getAttribute("aria-label")).toMatch(
      /Dependency map: [2-9]\d* resources/,
    );
  });

  step("Changes lists what changed across the clouds, the tag edit by its author", async () => {
    await page.getByRole("link", { name: "Changes" }).click();
    await page.waitForURL(/\/inventory\/changes$/);
    const feed = page.getByRole("list", { name: "Changes" });
    await feed.getByText("created").first().waitFor();
    await page.getByLabel("Kind").selectOption("modified");
    const tagged = feed.getByRole("listitem").filter({ hasText: "tag team" });
    await tagged.getByText(`by ${OWNER.name} in Glass Pane`).waitFor();
    await tagged.getByRole("link", { name: "example.com", exact: true }).waitFor();
    expect(await feed.getByText("created", { exact: true }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-changes.png") });
  });

  step("a service is made, edited, given the droplet and deleted in the catalog", async () => {
    await page.goto(`${server.url}/inventory/services`);
    await page.getByLabel("New service").fill("Web shop");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByTestId("service-name").filter({ hasText: "Web shop" }).waitFor();
    await page.getByRole("button", { name: "Edit" }).click();
    const form = page.getByRole("form", { name: "Edit service" });
    await form.getByLabel("Tier").selectOption("critical");
    await form.getByLabel("Owner").selectOption({ label: OWNER.name });
    await form.getByLabel("Runbook URL").fill("https://wiki.example.com/web-shop");
    await form.getByRole("button", { name: "Save" }).click();
    await form.waitFor({ state: "detached" });
    await page.getByRole("link", { name: "https://wiki.example.com/web-shop" }).waitFor();
    await page.getByText("critical", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Add resources" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Find resources").fill("example.com");
    await dialog
      .getByRole("checkbox", { name: /^example\.com Virtual machine/ })
      .first()
      .check();
    await dialog.getByRole("button", { name: "Add 1 resource" }).click();
    await dialog.waitFor({ state: "detached" });
    const members = page.getByRole("list", { name: "Service resources" });
    await members.getByRole("link", { name: "example.com", exact: true }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete service" }).click();
    await page.waitForURL(`${server.url}/inventory/services`);
    await page.getByRole("link", { name: "Web shop" }).waitFor({ state: "detached" });
  });

  step("the owner purges a Cloudflare zone's cache for one URL from the zone's page", async () => {
    await page.goto(`${server.url}/inventory/connectors/new`);
    await page.getByRole("button", { name: "Cloudflare" }).click();
    await page.getByLabel("Account ID").fill(REPLAY_ACCOUNT_ID);
    await page.getByRole("textbox", { name: "API token" }).fill(cloudflare.token);
    await page.getByText("Endpoint and regions").click();
    await page.getByLabel("Custom API endpoint (optional)").fill(cloudflare.url);
    await page.getByRole("button", { name: "Connect and test" }).click();
    await page.getByRole("button", { name: "Discover resources" }).click();
    await page.getByTestId("scan-status").filter({ hasText: "succeeded" }).waitFor();
    await page.getByRole("link", { name: "See the resources" }).click();
    await page
      .getByTestId("inventory-table")
      .getByRole("row")
      .filter({ hasText: "Cloudflare" })
      .getByRole("link", { name: "example.com", exact: true })
      .click();
    await page.getByTestId("resource-action-purge").click();
    await page.getByRole("dialog").getByText("Purge this zone's cache?").waitFor();
    await page.getByTestId("purge-urls").fill("https://www.example.com/css/site.css");
    await page.getByTestId("resource-action-confirm").click();
    await page.getByRole("dialog").getByText("purged: 1 URL").waitFor();
    const purge = cloudflare.requests.find((r) => r.path.endsWith("/purge_cache"));
    expect(JSON.parse(purge?.body ?? "{}")).toEqual({
      files: ["https://www.example.com/css/site.css"],
    });
    await page.keyboard.press("Escape");
    await page.getByRole("list", { name: "Action history" }).getByText("purge succeeded").waitFor();
  });

  step("the wizard shows Azure's least-privilege role and names a bad tenant id", async () => {
    await page.goto(`${server.url}/inventory/connectors/new`);
    await page.getByRole("button", { name: "Microsoft Azure" }).click();
    const policy = await page.getByTestId("least-privilege-policy").textContent();
    expect(JSON.parse(policy ?? "{}").Actions).toContain(
      "Microsoft.Compute/virtualMachines/instanceView/read",
    );
    await page.getByLabel("Tenant (directory) ID").fill("contoso.onmicrosoft.com");
    await page.getByLabel("Client (application) ID").fill("3f1c0e0a-5b8e-4d0b-9d7b-2f0c5a6e9a11");
    await page.getByLabel("Client secret").fill("a-client-secret-of-some-length");
    await page.getByLabel("Subscription IDs").fill("00000000-1111-2222-3333-444444444444");
    await page.getByRole("button", { name: "Connect and test" }).click();
    await page.getByText("not a tenant (directory) ID").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-connect-azure.png") });
  });

  step(
    "the wizard shows the Google Cloud roles and names a bad field of the pasted key",
    async () => {
      await page.goto(`${server.url}/inventory/connectors/new`);
      await page.getByRole("button", { name: "Google Cloud" }).click();
      const policy = await page.getByTestId("least-privilege-policy").textContent();
      expect(policy).toContain("roles/compute.viewer");
      expect(policy).toContain("storage.buckets.list");
      // A key made for this test only; its e-mail is left out on purpose.
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const key = {
        type: "service_account",
        project_id: "acme-web-prod",
        private_key_id: "0123456789abcdef",
        private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        client_email: "",
        token_uri: "https://oauth2.googleapis.com/token",
      };
      await page.getByLabel("Service-account key (JSON)").fill(JSON.stringify(key, null, 2));
      await page.getByLabel("Project IDs (optional)").fill("acme-web-prod");
      await page.getByRole("button", { name: "Connect and test" }).click();
      await page.getByText("client_email: Missing or not an e-mail address").waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, "inventory-connect-gcp.png") });
    },
  );
});

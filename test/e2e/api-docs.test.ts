// The API reference a developer reads first: the HTML page and the OpenAPI document, as served.
import { Validator } from "@seriousme/openapi-schema-validator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { operations } from "../../server/registry.ts";
import { launchBrowser } from "./support/browser.ts";
import { type RunningServer, startServer } from "./support/server.ts";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("API docs", () => {
  test("/api/openapi.json is valid OpenAPI 3.1 with one path per operation", async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");

    // Checked against the official OpenAPI 3.1 JSON Schema, not just by shape.
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    const expected = operations.map((op) => `/api/${op.name}`).sort();
    expect(Object.keys(document.paths).sort()).toEqual(expected);
    for (const op of operations) {
      expect(document.paths[`/api/${op.name}`].post.operationId).toBe(op.name);
    }
  });

  test("/api/docs renders every operation in the browser", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/api/docs`);
      await page.getByRole("heading", { level: 1, name: "Glass Pane API" }).waitFor();
      expect(await page.title()).toBe("Glass Pane API");
      await expect(page.locator("article").count()).resolves.toBe(operations.length);
      await page.getByText("POST /api/members.list", { exact: true }).waitFor();
      const link = page.getByRole("link", { name: "openapi.json" });
      expect(await link.getAttribute("href")).toBe("/api/openapi.json");
    } finally {
      await page.close();
    }
  });
});

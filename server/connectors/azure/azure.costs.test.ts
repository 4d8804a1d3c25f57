import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AzureReplay, startAzureReplay } from "../../../test/support/azure-replay.ts";
import { detectFormat } from "../../modules/costs/formats/index.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import { createAzureConnector } from "./azure.connector.ts";
import { azureProvider } from "./index.ts";

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };
const EXAMPLE = JSON.parse(
  readFileSync(
    path.join(
      import.meta.dirname,
      "../../../test/fixtures/azure/costmanagement.SubscriptionQueryGrouping.json",
    ),
    "utf8",
  ),
).responses["200"].body.properties.rows as [number, string, string][];
let replay: AzureReplay;

beforeAll(async () => {
  replay = await startAzureReplay({ pageSize: 2 });
});
afterAll(() => replay.close());
beforeEach(() => {
  replay.requests.length = 0;
});

const connector = () =>
  createAzureConnector({
    credentials: {
      method: "service-principal",
      tenantId: replay.tenantId,
      clientId: replay.clientId,
      clientSecret: replay.clientSecret,
      subscriptionIds: [replay.subscriptionId],
    },
    regions: [],
    endpoint: replay.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
  });
const context = () =>
  createConnectorContext(AbortSignal.timeout(20_000), azureProvider.rateLimit, FAST_RETRY);
const pull = () =>
  connector().pullCosts!(
    { from: new Date("2026-10-05T00:00:00Z"), to: new Date("2026-11-02T12:00:00Z") },
    context(),
  );
const parse = (csv: string) => {
  const [header, ...lines] = csv.trim().split("\n");
  const columns = header!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [columns[i], v])));
};

describe("Azure Cost Management query through the Azure connector", () => {
  it("queries whole months daily, follows nextLink, and writes FOCUS rows that reconcile", async () => {
    const files = await pull();
    expect(files).toHaveLength(1);
    const calls = replay.requests.filter((r) =>
      r.path.toLowerCase().endsWith("/providers/microsoft.costmanagement/query"),
    );
    // 8 rows (4 resource groups × 2 days) at 2 a page: the first POST and three nextLinks.
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.method === "POST" && c.authorization?.startsWith("Bearer "))).toBe(
      true,
    );
    const rows = parse(files[0]!.content);
    expect(detectFormat(Object.keys(rows[0]!))?.id).toBe("focus");
    expect(rows).toHaveLength(8);
    const expected = 2 * EXAMPLE.reduce((sum, [cost]) => sum + cost, 0);
    const total = rows.reduce((sum, r) => sum + Number(r.BilledCost), 0);
    expect(total.toFixed(2)).toBe(expected.toFixed(2));
    expect(rows[0]).toMatchObject({
      BillingAccountId: replay.subscriptionId,
      BillingPeriodStart: "2026-10-01T00:00:00Z",
      ChargePeriodStart: "2026-10-01T00:00:00Z",
      ServiceName: "Virtual Machines",
      BillingCurrency: "USD",
    });
    expect(rows[0]!.ResourceId).toMatch(/^\/subscriptions\/.+\/virtualmachines\/vm-0$/);
  });

  it("retries a 429 from Cost Management, then fails with its message when errors persist", async () => {
    replay.fail("/microsoft.costmanagement/query", {
      status: 429,
      headers: { "retry-after": "0" },
      body: { error: { code: "429", message: "Too many requests" } },
    });
    expect(await pull()).toHaveLength(1);
    replay.fail(
      "/microsoft.costmanagement/query",
      ...Array.from({ length: 4 }, () => ({
        status: 503,
        body: { error: { code: "ServiceUnavailable", message: "Cost data is unavailable" } },
      })),
    );
    await expect(pull()).rejects.toThrow(/Cost data is unavailable/);
  });

  it("lists the Cost Management read actions in its role", () => {
    expect(JSON.parse(azureProvider.policy.text).Actions).toContain(
      "Microsoft.CostManagement/*/read",
    );
  });
});

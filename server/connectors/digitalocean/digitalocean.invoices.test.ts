import { beforeAll, describe, expect, it } from "vitest";
import { detectFormat } from "../../modules/costs/formats/index.ts";
import { digitaloceanProvider } from "./index.ts";
import type { DigitalOceanReplay } from "./replay.testing.ts";
import { replayForThisFile } from "./replay-hooks.testing.ts";

const setup = replayForThisFile({ pageSize: 1 });
const { connector, context } = setup;
let replay: DigitalOceanReplay;
beforeAll(() => {
  replay = setup.replay();
});
const pull = (from: string, to: string) =>
  connector().pullCosts!({ from: new Date(from), to: new Date(to) }, context());

describe("DigitalOcean invoices through the connector", () => {
  it("fetches the CSV of each invoice of the months asked, across pages, in the importer's format", async () => {
    const files = await pull("2019-11-10T00:00:00Z", "2019-12-20T00:00:00Z");
    expect(files.map((f) => f.fileName)).toEqual([
      "digitalocean-invoice-2019-11.csv",
      "digitalocean-invoice-2019-12.csv",
    ]);
    // The list was walked page by page (one invoice a page) before any CSV was asked for.
    const paths = replay.requests.map((r) => `${r.path}?${r.query.get("page") ?? ""}`);
    expect(paths.filter((p) => p.startsWith("/v2/customers/my/invoices?"))).toHaveLength(3);
    expect(paths).toContain("/v2/customers/my/invoices/fdabb512-6faf-443c-ba2e-665452332a9e/csv?");
    const [header, firstLine] = files[0]!.content.split("\n");
    expect(detectFormat(header!.split(","))?.id).toBe("digitalocean-invoice");
    expect(firstLine).toContain("2019-11-01 00:00:00 +0000");
  });

  it("takes the month not yet invoiced from the invoice preview", async () => {
    const files = await pull("2020-02-01T00:00:00Z", "2020-02-23T12:00:00Z");
    expect(files.map((f) => f.fileName)).toEqual(["digitalocean-invoice-2020-02.csv"]);
  });

  it("retries a 429 and a 500 on the CSV, and fails with DigitalOcean's message when they persist", async () => {
    const csv = "/v2/customers/my/invoices/22737513-0ea7-4206-8ceb-98a575af7681/csv";
    replay.fail(
      csv,
      { status: 429, body: { id: "too_many_requests", message: "API rate limit exceeded" } },
      { status: 500, body: { id: "server_error", message: "Unexpected server-side error" } },
    );
    expect(await pull("2019-12-01T00:00:00Z", "2019-12-31T00:00:00Z")).toHaveLength(1);
    const failures = Array.from({ length: 4 }, () => ({
      status: 503,
      body: { id: "service_unavailable", message: "Billing is unavailable" },
    }));
    replay.fail(csv, ...failures);
    await expect(pull("2019-12-01T00:00:00Z", "2019-12-31T00:00:00Z")).rejects.toThrow(
      /DigitalOcean API 503: Billing is unavailable/,
    );
  });

  it("asks for the billing read scope and offers costs pulls", () => {
    expect(digitaloceanProvider.pulls).toContain("costs");
    expect(digitaloceanProvider.policy.text).toContain("billing:read");
  });
});

import { describe, expect, it } from "vitest";
import type { OperationInput, OperationOutput } from "../../lib/api.ts";
import { collectLineItems, lineItemsCsv, lineItemsFileName } from "./line-items-csv.ts";

type Page = OperationOutput<"costs.lineItems">;
type Item = Page["items"][number];

const item = (n: number): Item => ({
  id: String(n),
  importId: "imp",
  fileName: "sept.csv",
  sourceRow: n,
  chargePeriodStart: "2024-09-01T00:00:00Z",
  chargePeriodEnd: "2024-09-02T00:00:00Z",
  billingAccountId: "A1",
  subAccountId: null,
  subAccountName: null,
  providerName: "AWS",
  serviceName: "Amazon S3",
  regionId: null,
  resourceId: `r-${n}`,
  resourceName: null,
  resourceType: null,
  chargeCategory: "Usage",
  chargeDescription: null,
  skuId: null,
  pricingUnit: null,
  pricingQuantity: null,
  consumedQuantity: null,
  consumedUnit: null,
  commitmentDiscountId: null,
  billingCurrency: "EUR",
  billedCost: `${1000 - n}.0000001`,
  effectiveCost: null,
  listCost: null,
  tags: n === 1 ? { env: "prod" } : null,
  share: null,
});

/** A ledger of `count` lines served as costs.lineItems serves them: by limit and cursor. */
function ledger(count: number) {
  const calls: OperationInput<"costs.lineItems">[] = [];
  const fetchPage = async (input: OperationInput<"costs.lineItems">): Promise<Page> => {
    calls.push(input);
    const start = input.cursor ? Number(input.cursor) : 0;
    const limit = Number(input.limit ?? 50);
    const end = Math.min(count, start + limit);
    return {
      currency: "EUR",
      count: Math.min(count, 10_000),
      countCapped: count > 10_000,
      items: Array.from({ length: end - start }, (_, i) => item(start + i + 1)),
      nextCursor: end < count ? String(end) : null,
    };
  };
  return { calls, fetchPage };
}

const view = { from: "2024-09-01", to: "2024-10-01", metric: "BilledCost" as const };

describe("line items export", () => {
  it("holds every line of the view, not the page on screen, in the first page's currency", async () => {
    const { calls, fetchPage } = ledger(1_234);
    const exported = await collectLineItems(fetchPage, view);
    expect(exported.items.map((i) => i.sourceRow)).toEqual(
      Array.from({ length: 1_234 }, (_, i) => i + 1),
    );
    expect(exported).toMatchObject({ currency: "EUR", capped: false });
    expect(calls).toHaveLength(3);
    // The default currency the first page chose is asked for by name after it.
    expect(calls.slice(1).every((c) => c.currency === "EUR")).toBe(true);
    expect(lineItemsFileName(view, exported)).toBe("line-items-2024-09-01-to-2024-10-01-EUR.csv");
    const csv = lineItemsCsv(exported.items).split("\r\n");
    expect(csv).toHaveLength(1_235);
    expect(csv[1]).toContain(',EUR,999.0000001,,,"{""env"":""prod""}",sept.csv,1');
  });

  it("stops at the cap and says so, but not when the view is exactly that long", async () => {
    const over = await collectLineItems(ledger(1_001).fetchPage, view, undefined, 1_000);
    expect(over.items).toHaveLength(1_000);
    expect(over.capped).toBe(true);
    expect(lineItemsFileName(view, over)).toBe(
      "line-items-2024-09-01-to-2024-10-01-EUR-first-1000.csv",
    );
    const exact = await collectLineItems(ledger(1_000).fetchPage, view, undefined, 1_000);
    expect(exact).toMatchObject({ capped: false });
    expect(exact.items).toHaveLength(1_000);
  });

  it("carries a client's share of each line, and names the client in the file", () => {
    const shared = [
      { ...item(1), billedCost: "6", share: "0.6" },
      { ...item(2), share: "1" },
    ];
    const [header, first] = lineItemsCsv(shared).split("\r\n");
    expect(header?.split(",").at(-1)).toBe("AllocatedShare");
    expect(first).toMatch(/,EUR,6,.*,sept\.csv,1,0\.6$/);
    // Unfiltered lines have no share, and no such column.
    expect(lineItemsCsv([item(1)]).split("\r\n")[0]).not.toContain("AllocatedShare");
    const exported = { currency: "EUR", capped: false, items: shared };
    expect(lineItemsFileName(view, exported, { kind: "client", key: "acme" })).toBe(
      "line-items-2024-09-01-to-2024-10-01-client-acme-EUR.csv",
    );
    expect(lineItemsFileName(view, exported, { kind: "client", key: null })).toBe(
      "line-items-2024-09-01-to-2024-10-01-no-client-EUR.csv",
    );
  });
});

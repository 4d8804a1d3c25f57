import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFile, type Line } from "../import/focus-file.testing.ts";
import type { LineItem, LineItemPage } from "./line-items.ts";

/** costs.lineItems: the ledger's own lines behind an explorer view. */

const LINES: Line[] = [
  {
    day: "2024-09-01",
    billed: "12.50",
    effective: "10",
    service: "Amazon EC2",
    resource: "i-1",
    tags: { env: "prod" },
  },
  {
    day: "2024-09-01",
    billed: "3.25",
    effective: "3.25",
    service: "Amazon S3",
    resource: "bucket-a",
    tags: { env: "prod" },
  },
  {
    day: "2024-09-01",
    billed: "3.25",
    effective: "4",
    service: "Amazon S3",
    resource: "bucket-b",
    tags: { env: "dev" },
  },
  { day: "2024-09-02", billed: "40", effective: "30", service: "Amazon EC2", resource: "i-2" },
  {
    day: "2024-09-02",
    billed: "0",
    effective: "0",
    service: "Amazon S3",
    resource: "bucket-a",
    tags: { env: "prod" },
  },
  {
    day: "2024-09-02",
    billed: "-1.5",
    effective: "-1.5",
    service: "Amazon EC2",
    resource: "i-1",
    tags: { env: "prod" },
  },
  {
    day: "2024-09-03",
    billed: "7.125",
    effective: "7",
    service: "Amazon S3",
    resource: "bucket-b",
    tags: { env: "dev" },
  },
  { day: "2024-09-30", billed: "5", effective: "5", service: "Amazon EC2", resource: "i-3" },
  // No resource: an empty ResourceId is null in the ledger.
  { day: "2024-09-30", billed: "0.01", effective: "0.01", service: "Tax", resource: "" },
];

let rt: TestRuntime;
let owner: Caller;
let fileName: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "lines@example.com", "Lines")).caller;
  const upload = focusFile(LINES, "september.csv");
  fileName = upload.name;
  await rt.as({ ...owner, upload }, "costs.import", {});
  // Another workspace's lines on the same days must never show.
  const other = await createOwner(rt, "lines-other@example.com", "Other");
  await rt.as(
    { ...other.caller, upload: focusFile([{ day: "2024-09-01", billed: "999" }]) },
    "costs.import",
    {},
  );
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const list = (input: Record<string, unknown>) =>
  rt.as(owner, "costs.lineItems", input) as Promise<LineItemPage>;

/** Every page of a view, following nextCursor. */
async function allPages(input: Record<string, unknown>, limit: number): Promise<LineItem[]> {
  const items: LineItem[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await list({ ...input, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error("more pages than lines");
}

const total = (items: LineItem[], field: "billedCost" | "effectiveCost") =>
  items.reduce((sum, item) => sum.plus(item[field] ?? 0), new Decimal(0)).toFixed();

describe("costs.lineItems", () => {
  it("lists a period's lines costliest first, each traced to its file and row", async () => {
    const page = await list({ from: "2024-09-01", to: "2024-10-01" });
    expect(page.currency).toBe("USD");
    expect(page).toMatchObject({ count: LINES.length, countCapped: false, nextCursor: null });
    expect(page.items.map((i) => i.billedCost)).toEqual([
      "40",
      "12.5",
      "7.125",
      "5",
      "3.25",
      "3.25",
      "0.01",
      "0",
      "-1.5",
    ]);
    // Ties keep the ledger's order: the file's order here.
    const ties = page.items.filter((i) => i.billedCost === "3.25").map((i) => i.resourceId);
    expect(ties).toEqual(["bucket-a", "bucket-b"]);
    for (const item of page.items) {
      const line = LINES[item.sourceRow - 1]!;
      expect(item).toMatchObject({
        fileName,
        chargePeriodStart: `${line.day}T00:00:00Z`,
        chargePeriodEnd: `${line.day}T01:00:00Z`,
        serviceName: line.service,
        resourceId: line.resource || null,
        billingCurrency: "USD",
        providerName: "AWS",
        tags: line.tags ?? null,
      });
      expect(new Decimal(item.billedCost!).eq(line.billed)).toBe(true);
    }
    const summary = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
    })) as { total: string };
    expect(total(page.items, "billedCost")).toBe(new Decimal(summary.total).toFixed());
  });

  it("narrows by the explorer's filters and days, so a bar's lines add up to the bar", async () => {
    const view = {
      from: "2024-09-01",
      to: "2024-09-02",
      filters: { ServiceName: ["Amazon S3"], tags: { env: ["prod", "dev"] } },
    };
    const page = await list(view);
    expect(page.items.map((i) => i.resourceId)).toEqual(["bucket-a", "bucket-b"]);
    const bar = (await rt.as(owner, "costs.timeseries", {
      ...view,
      to: "2024-09-04",
      groupBy: "ServiceName",
    })) as { series: { key: string; values: string[] }[] };
    expect(new Decimal(bar.series[0]!.values[0]!).toFixed()).toBe(total(page.items, "billedCost"));
    // "(not set)" is null in a filter: the lines without a resource.
    const withoutResource = await list({
      from: "2024-09-01",
      to: "2024-10-01",
      filters: { ResourceId: ["i-2", "i-3", null] },
    });
    expect(withoutResource.items.map((i) => i.resourceId)).toEqual(["i-2", "i-3", null]);
  });

  it("lists the lines without a tag key: null in a tag filter, alone or with values", async () => {
    const month = { from: "2024-09-01", to: "2024-10-01" };
    const untagged = await list({ ...month, filters: { tags: { env: [null] } } });
    expect(untagged.items.map((i) => i.resourceId)).toEqual(["i-2", "i-3", null]);
    // The explorer's "(not set)" row of env: the same lines, the same total.
    const byEnv = (await rt.as(owner, "costs.summary", { ...month, groupBy: "tag:env" })) as {
      groups: { key: string | null; total: string }[];
    };
    const notSet = byEnv.groups.find((g) => g.key === null);
    expect(notSet?.total).toBe(total(untagged.items, "billedCost"));
    const devOrNone = await list({ ...month, filters: { tags: { env: ["dev", null] } } });
    expect(devOrNone.items.map((i) => i.resourceId)).toEqual([
      "i-2",
      "bucket-b",
      "i-3",
      "bucket-b",
      null,
    ]);
  });

  it("orders by the metric asked for", async () => {
    const page = await list({ from: "2024-09-01", to: "2024-09-02", metric: "EffectiveCost" });
    expect(page.items.map((i) => i.effectiveCost)).toEqual(["10", "4", "3.25"]);
  });

  it("pages through every line exactly once", async () => {
    for (const limit of [1, 2, 3]) {
      const items = await allPages({ from: "2024-09-01", to: "2024-10-01" }, limit);
      expect(items.map((i) => i.id)).toEqual(
        (await list({ from: "2024-09-01", to: "2024-10-01" })).items.map((i) => i.id),
      );
    }
  });

  it("refuses a forged cursor or one of another list, and an empty period", async () => {
    const first = await list({ from: "2024-09-01", to: "2024-10-01", limit: 2 });
    expect(first.nextCursor).toBeTruthy();
    for (const other of [
      { from: "2024-09-01", to: "2024-10-01", metric: "EffectiveCost" as const },
      { from: "2024-09-02", to: "2024-10-01" },
      { from: "2024-09-01", to: "2024-10-01", filters: { ServiceName: ["Amazon EC2"] } },
    ])
      await expect(
        list({ ...other, limit: 2, cursor: first.nextCursor ?? undefined }),
      ).rejects.toMatchObject({ code: "invalid_input", details: { field: "cursor" } });
    // The same list with its filters' keys written in another order takes it.
    const month = { from: "2024-09-01", to: "2024-10-01", limit: 1 };
    const page = await list({
      ...month,
      filters: { ServiceName: ["Amazon S3"], tags: { env: ["prod", "dev"] } },
    });
    expect(page.nextCursor).toBeTruthy();
    const next = await list({
      ...month,
      filters: { tags: { env: ["prod", "dev"] }, ServiceName: ["Amazon S3"] },
      cursor: page.nextCursor,
    });
    expect(next.items).toHaveLength(1);
    expect(next.items[0]!.id).not.toBe(page.items[0]!.id);
    const forged = Buffer.from(JSON.stringify(["BilledCost", "1; DROP", "1"])).toString(
      "base64url",
    );
    await expect(
      list({ from: "2024-09-01", to: "2024-10-01", cursor: forged }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(list({ from: "2024-09-02", to: "2024-09-01" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("shows nothing of a period without costs", async () => {
    const page = await list({ from: "2023-01-01", to: "2023-02-01" });
    expect(page).toEqual({
      currency: null,
      count: 0,
      countCapped: false,
      items: [],
      nextCursor: null,
    });
  });
});

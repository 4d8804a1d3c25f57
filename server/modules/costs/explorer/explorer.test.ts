import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../../test/support/callers.ts";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFile } from "../import/focus-file.testing.ts";

// The explorer's operations on a small imported ledger: summaries, series, filters, resources.
let rt: TestRuntime;
let owner: Caller;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "explorer@example.com", "Explorer")).caller;
});
afterAll(async () => {
  await rt?.close();
});

const importFile = (upload: ReturnType<typeof focusFile>) =>
  rt.as({ ...owner, upload }, "costs.import", {});

describe("explorer", () => {
  beforeAll(async () => {
    await importFile(
      focusFile([
        {
          account: "444",
          day: "2024-09-10",
          billed: "5",
          service: "Amazon RDS",
          resource: "db-1",
          tags: { client: "acme", env: "prod" },
        },
        {
          account: "444",
          day: "2024-09-11",
          billed: "7",
          service: "Amazon RDS",
          resource: "db-1",
          tags: { client: "acme", env: "prod" },
        },
        {
          account: "444",
          day: "2024-09-11",
          billed: "3",
          service: "AWS Lambda",
          resource: "fn-1",
          tags: { client: "globex" },
        },
        { account: "444", day: "2024-09-12", billed: "1", service: "AWS Lambda", resource: "fn-2" },
      ]),
    );
  });
  const account = { BillingAccountId: ["444"] };

  it("groups by a FOCUS column", async () => {
    const summary = await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      groupBy: "ServiceName",
      filters: account,
    });
    expect(summary).toEqual({
      currency: "USD",
      currencies: ["USD"],
      total: "16",
      groups: [
        { key: "Amazon RDS", total: "12" },
        { key: "AWS Lambda", total: "4" },
      ],
      groupCount: 2,
    });
    // With a limit, the count says what was left out.
    const top = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      groupBy: "ServiceName",
      filters: account,
      limit: 1,
    })) as { groups: unknown[]; groupCount: number; total: string };
    expect(top).toMatchObject({ total: "16", groupCount: 2 });
    expect(top.groups).toHaveLength(1);
  });

  it("groups and filters by tag", async () => {
    const byClient = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      groupBy: "tag:client",
      filters: account,
    })) as { groups: unknown[] };
    expect(byClient.groups).toEqual([
      { key: "acme", total: "12" },
      { key: "globex", total: "3" },
      { key: null, total: "1" },
    ]);
    const prod = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      filters: { ...account, tags: { env: ["prod"] } },
    })) as { total: string };
    expect(prod.total).toBe("12");
  });

  it("groups by a column only the ledger keeps", async () => {
    const summary = (await rt
      .as(owner, "costs.summary", {
        from: "2024-09-11",
        to: "2024-09-12",
        groupBy: "ChargePeriodStart" as string,
        filters: account,
      })
      .catch((e: AppError) => e)) as AppError;
    // Date-times are not dimensions: refused with the field named.
    expect(summary.code).toBe("invalid_input");
    const byResource = (await rt.as(owner, "costs.summary", {
      from: "2024-09-11",
      to: "2024-09-12",
      groupBy: "ChargeDescription",
      filters: account,
    })) as { total: string; groups: unknown[] };
    expect(byResource.total).toBe("10");
    expect(byResource.groups).toEqual([{ key: null, total: "10" }]);
  });

  it("returns a daily series per group with the rest as (other)", async () => {
    const series = (await rt.as(owner, "costs.timeseries", {
      from: "2024-09-10",
      to: "2024-09-13",
      groupBy: "ResourceId",
      filters: account,
      top: 2,
    })) as { dates: string[]; series: { key: string | null; values: string[]; total: string }[] };
    expect(series.dates).toEqual(["2024-09-10", "2024-09-11", "2024-09-12"]);
    expect(series.series).toEqual([
      { key: "db-1", values: ["5", "7", "0"], total: "12" },
      { key: "fn-1", values: ["0", "3", "0"], total: "3" },
      { key: "(other)", values: ["0", "0", "1"], total: "1" },
    ]);
  });

  it("reads a currency code as people type it, and refuses what is not one", async () => {
    const range = { from: "2024-09-01", to: "2024-10-01", filters: account };
    const upper = await rt.as(owner, "costs.summary", { ...range, currency: "USD" });
    expect(await rt.as(owner, "costs.summary", { ...range, currency: " usd" })).toEqual(upper);
    const error = await refusal(() => rt.as(owner, "costs.summary", { ...range, currency: "US$" }));
    expect(error.message).toMatch(/currency: must be a 3-letter currency code/);
  });

  it("refuses a series longer than 1,000 points rather than cutting its latest days", async () => {
    const long = { from: "2024-01-01", to: "2026-12-01", filters: account };
    const error = await refusal(() => rt.as(owner, "costs.timeseries", long));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/at most 1000 points/);
    const months = (await rt.as(owner, "costs.timeseries", { ...long, granularity: "month" })) as {
      dates: string[];
    };
    expect(months.dates).toHaveLength(35);
  });

  it("filters on a value that is not set", async () => {
    const untagged = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      filters: { ...account, ResourceId: ["fn-2", null] },
    })) as { total: string };
    expect(untagged.total).toBe("1");
  });

  it("lists the costliest resources with their names and services", async () => {
    const top = (await rt.as(owner, "costs.topResources", {
      from: "2024-09-01",
      to: "2024-10-01",
      filters: account,
      limit: 2,
    })) as { items: { resourceId: string; serviceName: string; total: string }[] };
    expect(top.items).toEqual([
      expect.objectContaining({ resourceId: "db-1", serviceName: "Amazon RDS", total: "12" }),
      expect.objectContaining({ resourceId: "fn-1", serviceName: "AWS Lambda", total: "3" }),
    ]);
  });

  it("lists the dimensions seen", async () => {
    const dims = (await rt.as(owner, "costs.dimensions", {
      from: "2024-09-01",
      to: "2024-10-01",
    })) as {
      ServiceName: string[];
      tagKeys: string[];
    };
    expect(dims.ServiceName).toEqual(["AWS Lambda", "Amazon RDS"]);
    expect(dims.tagKeys).toEqual(["client", "env"]);
  });
});

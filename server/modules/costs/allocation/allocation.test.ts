import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFile } from "../import/focus-file.testing.ts";

let rt: TestRuntime;
let owner: Caller;
const period = { from: "2024-09-01", to: "2024-10-01" };

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "alloc@example.com", "Allocation")).caller;
  const upload = focusFile([
    {
      account: "A1",
      day: "2024-09-02",
      billed: "100",
      resource: "web-1",
      tags: { client: "acme" },
    },
    {
      account: "A1",
      day: "2024-09-02",
      billed: "50",
      resource: "db-1",
      tags: { client: "globex" },
    },
    {
      account: "A1",
      day: "2024-09-03",
      billed: "10",
      resource: "shared-lb",
      service: "Elastic Load Balancing",
    },
    {
      account: "A2",
      day: "2024-09-03",
      billed: "7.77",
      resource: "tools",
      tags: { env: "internal" },
    },
  ]);
  await rt.as({ ...owner, upload }, "costs.import", {});
});
afterAll(async () => {
  await rt?.close();
});

type Allocation = {
  total: string;
  unallocated: string;
  targets: { kind: string; key: string; name: string | null; total: string }[];
  rules: { name: string; total: string }[];
};

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("cost allocation", () => {
  it("shows everything as unallocated before any rule", async () => {
    const result = (await rt.as(owner, "costs.allocation", period)) as Allocation;
    expect(result).toMatchObject({ total: "167.77", unallocated: "167.77", targets: [] });
  });

  it("gives each line to the first matching rule, split by shares, totals exact", async () => {
    await rt.as(owner, "costs.allocation.rules.create", {
      name: "Acme by tag",
      match: { tags: { client: ["acme"] } },
      targets: [{ kind: "client", key: "acme", percent: "100" }],
    });
    await rt.as(owner, "costs.allocation.rules.create", {
      name: "Globex by tag",
      match: { tags: { client: ["globex"] } },
      targets: [{ kind: "client", key: "globex", percent: "100" }],
    });
    // The shared load balancer, split three ways: 10 / 3 does not divide into cents.
    await rt.as(owner, "costs.allocation.rules.create", {
      name: "Shared load balancer",
      match: { ResourceId: ["shared-lb"] },
      targets: [
        { kind: "client", key: "acme", percent: "33.3333" },
        { kind: "client", key: "globex", percent: "33.3333" },
        { kind: "project", key: "platform", percent: "33.3334" },
      ],
    });
    // A later rule that also matches Acme's line: the first rule wins.
    await rt.as(owner, "costs.allocation.rules.create", {
      name: "Everything in A1",
      match: { BillingAccountId: ["A1"] },
      targets: [{ kind: "project", key: "catch-all", percent: "100" }],
    });
    const result = (await rt.as(owner, "costs.allocation", period)) as Allocation;
    expect(result.targets).toEqual([
      { kind: "client", key: "acme", name: null, total: "103.33" },
      { kind: "client", key: "globex", name: null, total: "53.33" },
      { kind: "project", key: "platform", name: null, total: "3.34" },
    ]);
    expect(result.unallocated).toBe("7.77");
    expect(result.rules.map((r) => r.total)).toEqual(["100.00", "50.00", "10.00", "0.00"]);
    const sum = result.targets.reduce((s, t) => s + Math.round(Number(t.total) * 100), 0);
    expect(sum + Math.round(Number(result.unallocated) * 100)).toBe(16777);
  });

  it("groups the explorer's costs by client or project, exactly, over time and filtered", async () => {
    type Summary = { total: string; groups: { key: string | null; total: string }[] };
    const byClient = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:client",
    })) as Summary;
    // The load balancer's 10 split three ways, unrounded; the project's share and the
    // unmatched 7.77 are not a client's.
    expect(byClient).toMatchObject({
      total: "167.77",
      groups: [
        { key: "acme", total: "103.33333" },
        { key: "globex", total: "53.33333" },
        { key: null, total: "11.10334" },
      ],
    });
    const byProject = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:project",
    })) as Summary;
    expect(byProject.groups).toEqual([
      { key: null, total: "164.43666" },
      { key: "platform", total: "3.33334" },
    ]);
    const series = (await rt.as(owner, "costs.timeseries", {
      ...period,
      groupBy: "allocation:client",
      granularity: "day",
    })) as { dates: string[]; series: { key: string | null; values: string[] }[] };
    const on = (key: string | null, day: string) =>
      series.series.find((s) => s.key === key)?.values[series.dates.indexOf(day)];
    expect([on("acme", "2024-09-02"), on("acme", "2024-09-03")]).toEqual(["100", "3.33333"]);
    expect([on(null, "2024-09-02"), on(null, "2024-09-03")]).toEqual(["0", "11.10334"]);
    const accountA2 = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:client",
      filters: { BillingAccountId: ["A2"] },
    })) as Summary;
    expect(accountA2.groups).toEqual([{ key: null, total: "7.77" }]);
    const ledgerOnly = await refusal(() =>
      rt.as(owner, "costs.summary", {
        ...period,
        groupBy: "allocation:client",
        filters: { ChargeDescription: ["x"] },
      }),
    );
    expect(ledgerOnly.details.field).toBe("groupBy");
  });

  it("filters any explorer view to a client's or project's share", async () => {
    type Summary = { total: string; groups: { key: string | null; total: string }[] };
    const acme = { kind: "client", key: "acme" };
    const byService = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "ServiceName",
      filters: { allocation: acme },
    })) as Summary;
    expect(byService).toMatchObject({
      total: "103.33333",
      groups: [
        { key: "Amazon EC2", total: "100" },
        { key: "Elastic Load Balancing", total: "3.33333" },
      ],
    });
    const top = (await rt.as(owner, "costs.topResources", {
      ...period,
      filters: { allocation: acme },
    })) as { items: { resourceId: string; total: string }[] };
    expect(top.items.map((i) => [i.resourceId, i.total])).toEqual([
      ["web-1", "100"],
      ["shared-lb", "3.33333"],
    ]);
    const platform = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "tag:client",
      filters: { allocation: { kind: "project", key: "platform" }, BillingAccountId: ["A1"] },
    })) as Summary;
    expect(platform).toMatchObject({ total: "3.33334", groups: [{ key: null, total: "3.33334" }] });
    const nobody = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "ServiceName",
      filters: { allocation: { kind: "client", key: "nobody" } },
    })) as Summary;
    expect(nobody).toMatchObject({ total: "0", groups: [] });
    // Grouped by the same kind of target: that target alone.
    const grouped = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:client",
      filters: { allocation: acme },
    })) as Summary;
    expect(grouped.groups).toEqual([{ key: "acme", total: "103.33333" }]);

    const refusals = await Promise.all([
      refusal(() =>
        rt.as(owner, "costs.summary", {
          ...period,
          groupBy: "allocation:project",
          filters: { allocation: acme },
        }),
      ),
      refusal(() =>
        rt.as(owner, "costs.summary", {
          ...period,
          groupBy: "ChargeDescription",
          filters: { allocation: acme },
        }),
      ),
    ]);
    expect(refusals.map((e) => e.details.field)).toEqual(["filters", "filters"]);
    const inRule = await refusal(() =>
      rt.as(owner, "costs.allocation.rules.create", {
        name: "Loop",
        match: { allocation: acme },
        targets: [{ kind: "client", key: "a", percent: "100" }],
      }),
    );
    expect(inRule.details.field).toBe("match");
  });

  it("refuses shares that do not add up to 100 %", async () => {
    const error = await refusal(() =>
      rt.as(owner, "costs.allocation.rules.create", {
        name: "Bad",
        match: { ResourceId: ["tools"] },
        targets: [
          { kind: "client", key: "a", percent: "50" },
          { kind: "client", key: "b", percent: "40" },
        ],
      }),
    );
    expect(error.message).toBe("targets: shares add up to 90 %, not 100 %");
    expect(error.details.field).toBe("targets");
  });

  it("refuses a rule matching nothing in particular or a column rules cannot use", async () => {
    const empty = await refusal(() =>
      rt.as(owner, "costs.allocation.rules.create", {
        name: "All",
        match: {},
        targets: [{ kind: "client", key: "a", percent: "100" }],
      }),
    );
    expect(empty.details.field).toBe("match");
    const ledgerOnly = await refusal(() =>
      rt.as(owner, "costs.allocation.rules.create", {
        name: "By description",
        match: { ChargeDescription: ["x"] },
        targets: [{ kind: "client", key: "a", percent: "100" }],
      }),
    );
    expect(ledgerOnly.message).toMatch(/not on ChargeDescription/);
  });

  it("updates and deletes rules", async () => {
    const rules = (await rt.as(owner, "costs.allocation.rules.list", {})) as {
      id: string;
      name: string;
    }[];
    const catchAll = rules.find((r) => r.name === "Everything in A1")!;
    await rt.as(owner, "costs.allocation.rules.update", {
      id: catchAll.id,
      name: "Everything in A2",
      match: { BillingAccountId: ["A2"] },
      targets: [{ kind: "project", key: "internal", percent: "100" }],
    });
    let result = (await rt.as(owner, "costs.allocation", period)) as Allocation;
    expect(result.unallocated).toBe("0.00");
    expect(result.targets).toContainEqual({
      kind: "project",
      key: "internal",
      name: null,
      total: "7.77",
    });
    // Only what is given changes.
    const renamed = (await rt.as(owner, "costs.allocation.rules.update", {
      id: catchAll.id,
      name: "Internal tools",
    })) as { name: string; match: unknown; targets: unknown[] };
    expect(renamed).toMatchObject({
      name: "Internal tools",
      match: { BillingAccountId: ["A2"] },
      targets: [{ kind: "project", key: "internal", percent: "100" }],
    });
    await rt.as(owner, "costs.allocation.rules.delete", { id: catchAll.id });
    result = (await rt.as(owner, "costs.allocation", period)) as Allocation;
    expect(result.unallocated).toBe("7.77");
  });

  it("counts a project's share as its client's, as the client's invoice bills it", async () => {
    type Summary = { total: string; groups: { key: string | null; total: string }[] };
    const globex = (await rt.as(owner, "clients.create", {
      name: "Globex Corporation",
      allocationKey: "globex",
      currency: "USD",
    })) as { id: string };
    await rt.as(owner, "projects.create", {
      key: "PLAT",
      name: "Globex platform",
      clientId: globex.id,
    });
    await rt.as(owner, "projects.create", { key: "INT", name: "Internal" });
    // The 7.77 of "tools": half to Globex's project, a quarter to a project of no client.
    const tools = (await rt.as(owner, "costs.allocation.rules.create", {
      name: "Tools",
      match: { ResourceId: ["tools"] },
      targets: [
        { kind: "project", key: "PLAT", percent: "50" },
        { kind: "project", key: "INT", percent: "25" },
        { kind: "client", key: "acme", percent: "25" },
      ],
    })) as { id: string };
    const globexShare = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "ServiceName",
      filters: { allocation: { kind: "client", key: "globex" } },
    })) as Summary;
    // db-1's 50, a third of the load balancer, and half of the tools.
    expect(globexShare.total).toBe("57.21833");
    const byClient = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:client",
    })) as Summary;
    // What no client is billed for: the load balancer's share of the project "platform" (no
    // such project) and INT's quarter of the tools. The groups add up to the total.
    expect(byClient).toEqual({
      currency: "USD",
      currencies: ["USD"],
      total: "167.77",
      groups: [
        { key: "acme", total: "105.27583" },
        { key: "globex", total: "57.21833" },
        { key: null, total: "5.27584" },
      ],
      groupCount: 3,
    });
    const byProject = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:project",
    })) as Summary;
    expect(byProject.groups).toEqual([
      { key: null, total: "158.60916" },
      { key: "PLAT", total: "3.885" },
      { key: "platform", total: "3.33334" },
      { key: "INT", total: "1.9425" },
    ]);
    const filtered = (await rt.as(owner, "costs.summary", {
      ...period,
      groupBy: "allocation:client",
      filters: { allocation: { kind: "client", key: "globex" } },
    })) as Summary;
    expect(filtered.groups).toEqual([{ key: "globex", total: "57.21833" }]);
    await rt.as(owner, "costs.allocation.rules.delete", { id: tools.id });
  });

  it("matches costs without a tag key: null in a rule's tag filter", async () => {
    // Last in line: the untagged "tools" (tagged env only); a rule before takes the load balancer.
    const untagged = (await rt.as(owner, "costs.allocation.rules.create", {
      name: "No client tag",
      priority: 100_000,
      match: { tags: { client: [null] } },
      targets: [{ kind: "client", key: "house", percent: "100" }],
    })) as { id: string; match: unknown };
    expect(untagged.match).toEqual({ tags: { client: [null] } });
    const result = (await rt.as(owner, "costs.allocation", period)) as Allocation;
    expect(result.targets).toContainEqual({
      kind: "client",
      key: "house",
      name: null,
      total: "7.77",
    });
    expect(result.unallocated).toBe("0.00");
    await rt.as(owner, "costs.allocation.rules.delete", { id: untagged.id });
  });
});

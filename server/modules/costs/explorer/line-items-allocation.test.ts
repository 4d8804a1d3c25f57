import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import {
  collectLineItems,
  lineItemsCsv,
} from "../../../../web/src/features/costs/line-items-csv.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFile } from "../import/focus-file.testing.ts";
import type { LineItem, LineItemPage } from "./line-items.ts";

/**
 * costs.lineItems filtered by client or project: each line the rules give the target a share
 * of, at that share, so a client's lines (a bar's, "No client"'s) add up to the explorer's.
 */

let rt: TestRuntime;
let owner: Caller;
const month = { from: "2024-09-01", to: "2024-10-01" };
const firstDays = { from: "2024-09-01", to: "2024-09-06" };

type Summary = { total: string; groups: { key: string | null; total: string }[] };
type Target = { kind: "client" | "project"; key: string | null };

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "alloc-lines@example.com", "Allocated lines")).caller;
  const upload = focusFile([
    { day: "2024-09-02", billed: "100", effective: "90", resource: "web-1", tags: { c: "acme" } },
    { day: "2024-09-03", billed: "20.5", resource: "web-1", tags: { c: "acme" } },
    { day: "2024-09-02", billed: "50", service: "Amazon RDS", resource: "db-1", tags: { c: "gx" } },
    { day: "2024-09-03", billed: "10", service: "Elastic Load Balancing", resource: "shared-lb" },
    { day: "2024-09-04", billed: "5.55", service: "Elastic Load Balancing", resource: "shared-lb" },
    { day: "2024-09-04", billed: "1.01", resource: "ops-box" },
    { day: "2024-09-04", billed: "7.77", resource: "tools" },
  ]);
  await rt.as({ ...owner, upload }, "costs.import", {});
  const globex = (await rt.as(owner, "clients.create", {
    name: "Globex",
    allocationKey: "globex",
    currency: "USD",
  })) as { id: string };
  await rt.as(owner, "clients.create", { name: "Acme", allocationKey: "acme", currency: "USD" });
  // A client no rule names yet, and an archived one.
  await rt.as(owner, "clients.create", {
    name: "Initech",
    allocationKey: "initech",
    currency: "USD",
  });
  const old = (await rt.as(owner, "clients.create", {
    name: "Oldco",
    allocationKey: "oldco",
    currency: "USD",
  })) as { id: string };
  await rt.as(owner, "clients.update", { id: old.id, archived: true });
  await rt.as(owner, "projects.create", { key: "PLAT", name: "Platform", clientId: globex.id });
  await rt.as(owner, "projects.create", { key: "INT", name: "Internal" });
  const rule = (name: string, match: unknown, targets: unknown[]) =>
    rt.as(owner, "costs.allocation.rules.create", { name, match, targets });
  await rule("Acme", { tags: { c: ["acme"] } }, [{ kind: "client", key: "acme", percent: "100" }]);
  await rule("Globex", { tags: { c: ["gx"] } }, [
    { kind: "client", key: "globex", percent: "100" },
  ]);
  // Globex's part of the load balancer is its own 30 % and its project PLAT's 10 %; INT's 10 %
  // is no client's.
  await rule("Load balancer", { ResourceId: ["shared-lb"] }, [
    { kind: "client", key: "acme", percent: "50" },
    { kind: "client", key: "globex", percent: "30" },
    { kind: "project", key: "PLAT", percent: "10" },
    { kind: "project", key: "INT", percent: "10" },
  ]);
  // A cost centre no client has, sharing a cent-odd line by thirds.
  await rule("Ops", { ResourceId: ["ops-box"] }, [
    { kind: "client", key: "ops-centre", percent: "66.6667" },
    { kind: "client", key: "acme", percent: "33.3333" },
  ]);
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const lines = (input: Record<string, unknown>) =>
  rt.as(owner, "costs.lineItems", input) as Promise<LineItemPage>;
const summary = (input: Record<string, unknown>) =>
  rt.as(owner, "costs.summary", input) as Promise<Summary>;
const sum = (items: LineItem[], field: "billedCost" | "effectiveCost" = "billedCost") =>
  items.reduce((s, i) => s.plus(i[field] ?? 0), new Decimal(0));
const same = (a: Decimal, b: string | undefined) =>
  expect(a.toFixed()).toBe(new Decimal(b ?? "x").toFixed());

describe("line items of a client's or project's share", () => {
  it("add up to each client's group of costs.summary, No client included", async () => {
    const byClient = await summary({ ...month, groupBy: "allocation:client" });
    expect(byClient.groups.map((g) => g.key)).toEqual(["acme", "globex", null, "ops-centre"]);
    let all = new Decimal(0);
    for (const group of byClient.groups) {
      const page = await lines({
        ...month,
        filters: { allocation: { kind: "client", key: group.key } },
      });
      same(sum(page.items), group.total);
      expect(page.count).toBe(page.items.length);
      all = all.plus(sum(page.items));
    }
    same(all, byClient.total);
  });

  it("lists a shared line under each client at its share, whole lines at share 1", async () => {
    const acme = await lines({
      ...month,
      filters: { allocation: { kind: "client", key: "acme" } },
    });
    expect(acme.items.map((i) => [i.resourceId, i.share, i.billedCost])).toEqual([
      ["web-1", "1", "100"],
      ["web-1", "1", "20.5"],
      ["shared-lb", "0.5", "5"],
      ["shared-lb", "0.5", "2.775"],
      ["ops-box", "0.333333", "0.33666633"],
    ]);
    // The effective cost is the same share of the line's.
    expect(acme.items[0]?.effectiveCost).toBe("90");
    const globex = await lines({
      ...month,
      filters: { allocation: { kind: "client", key: "globex" } },
    });
    expect(globex.items.map((i) => [i.resourceId, i.share])).toEqual([
      ["db-1", "1"],
      ["shared-lb", "0.4"],
      ["shared-lb", "0.4"],
    ]);
    // No client: what no rule takes, and INT's tenth of the load balancer.
    const rest = await lines({ ...month, filters: { allocation: { kind: "client", key: null } } });
    expect(rest.items.map((i) => [i.resourceId, i.share, i.billedCost])).toEqual([
      ["tools", "1", "7.77"],
      ["shared-lb", "0.1", "1"],
      ["shared-lb", "0.1", "0.555"],
    ]);
    const unfiltered = await lines(month);
    expect(unfiltered.items.every((i) => i.share === null)).toBe(true);
  });

  it("gives a bar's lines for its client and day, by either metric, as the chart has it", async () => {
    for (const metric of ["BilledCost", "EffectiveCost"] as const) {
      const field = metric === "BilledCost" ? "billedCost" : "effectiveCost";
      const series = (await rt.as(owner, "costs.timeseries", {
        ...firstDays,
        metric,
        groupBy: "allocation:client",
        granularity: "day",
      })) as { dates: string[]; series: { key: string | null; values: string[] }[] };
      for (const s of series.series)
        for (const [i, value] of s.values.entries()) {
          const day = series.dates[i]!;
          const next = series.dates[i + 1] ?? firstDays.to;
          const page = await lines({
            from: day,
            to: next,
            metric,
            filters: { allocation: { kind: "client", key: s.key } },
          });
          same(sum(page.items, field), value);
        }
    }
  });

  it("agrees with costs.summary for projects, the rest, and with other filters", async () => {
    const byProject = await summary({ ...month, groupBy: "allocation:project" });
    expect(byProject.groups.map((g) => g.key)).toEqual([null, "INT", "PLAT"]);
    for (const group of byProject.groups) {
      const filters = { allocation: { kind: "project", key: group.key } };
      same(sum((await lines({ ...month, filters })).items), group.total);
    }
    const views: { allocation: Target; ServiceName?: string[]; tags?: unknown }[] = [
      { allocation: { kind: "client", key: "acme" }, ServiceName: ["Elastic Load Balancing"] },
      { allocation: { kind: "client", key: null }, ServiceName: ["Amazon EC2"] },
      { allocation: { kind: "client", key: "globex" }, tags: { c: [null] } },
      { allocation: { kind: "client", key: "initech" } },
    ];
    for (const filters of views) {
      const view = await summary({ ...month, filters });
      const page = await lines({ ...month, filters });
      same(sum(page.items), view.total);
    }
    // The rest as a filter of costs.summary is the "No client" group.
    const rest = await summary({
      ...month,
      filters: { allocation: { kind: "client", key: null } },
    });
    expect(rest.total).toBe("9.325");
  });

  it("pages through a client's lines exactly once", async () => {
    const filters = { allocation: { kind: "client", key: "acme" } };
    const whole = await lines({ ...month, filters });
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await lines({ ...month, filters, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.count).toBe(5);
      paged.push(...page.items.map((i) => `${i.id}:${i.billedCost}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((i) => `${i.id}:${i.billedCost}`));
  });

  it("exports a client's lines as CSV that add up to its total, with their share", async () => {
    const byClient = await summary({ ...month, groupBy: "allocation:client" });
    for (const key of ["globex", null]) {
      const exported = await collectLineItems(
        (input) => rt.as(owner, "costs.lineItems", input) as Promise<LineItemPage>,
        { ...month, metric: "BilledCost", filters: { allocation: { kind: "client", key } } },
      );
      const [header, ...rows] = lineItemsCsv(exported.items).split("\r\n");
      const columns = header!.split(",");
      expect(columns.at(-1)).toBe("AllocatedShare");
      const billed = columns.indexOf("BilledCost");
      const total = rows.reduce((s, row) => s.plus(row.split(",")[billed]!), new Decimal(0));
      same(total, byClient.groups.find((g) => g.key === key)?.total);
    }
  });
});

describe("costs.allocation.targets", () => {
  type Option = { key: string | null; name: string | null; total: string };
  it("offers every client, the keys rules name, and No client, with their totals", async () => {
    const options = (await rt.as(owner, "costs.allocation.targets", month)) as {
      currency: string;
      clients: Option[];
      projects: Option[];
    };
    const byClient = await summary({ ...month, groupBy: "allocation:client" });
    const totalOf = (key: string | null) => byClient.groups.find((g) => g.key === key)?.total;
    expect(options.currency).toBe("USD");
    // By name (or key); Initech has no rule yet, Oldco is archived, ops-centre is no client's.
    expect(options.clients).toEqual([
      { key: "acme", name: "Acme", total: totalOf("acme") },
      { key: "globex", name: "Globex", total: totalOf("globex") },
      { key: "initech", name: "Initech", total: "0" },
      { key: "ops-centre", name: null, total: totalOf("ops-centre") },
      { key: null, name: null, total: totalOf(null) },
    ]);
    expect(options.projects).toEqual([
      { key: "INT", name: "Internal", total: "1.555" },
      { key: "PLAT", name: "Platform", total: "1.555" },
      { key: null, name: null, total: expect.any(String) },
    ]);
  });
});

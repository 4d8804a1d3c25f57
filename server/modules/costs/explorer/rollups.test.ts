import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { seededRandom } from "../analysis/seeded-random.ts";
import { planOf, type Route } from "./plan.ts";
import { type Filters, type Metric, summarise, timeSeries } from "./query.ts";
import { topResources } from "./top-resources.ts";

/**
 * The roll-ups (cost_daily, cost_daily_tag, cost_monthly_resource, cost_daily_resource) must
 * answer exactly what the ledger's lines add up to. The expected answers are computed here, in
 * JavaScript, from the lines written to the files that are still in the ledger.
 */

interface Line {
  account: string;
  period: string;
  day: string;
  billed: string;
  effective: string;
  service: string;
  region: string;
  resource: string;
  tags: Record<string, string>;
}

const SERVICES = ["Amazon EC2", "Amazon S3", "AWS Lambda", "Amazon RDS"];
const REGIONS = ["eu-west-1", "us-east-1", "ap-south-1"];
const ENVS = ["prod", "staging", "dev"];
const TEAMS = ["red", "blue"];
const RESOURCES = Array.from({ length: 12 }, (_, i) => `r-${i}`);

const dir = mkdtempSync(path.join(tmpdir(), "gp-rollups-"));
let files = 0;

/** Lines for one billing account and month: every resource on a random half of the days. */
function bill(account: string, month: string, seed: number): Line[] {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  const lines: Line[] = [];
  for (const resource of RESOURCES) {
    const service = pick(SERVICES);
    const region = pick(REGIONS);
    const tags: Record<string, string> = {};
    if (rand() < 0.7) tags.env = pick(ENVS);
    if (rand() < 0.5) tags.team = pick(TEAMS);
    for (let d = 1; d <= days.getUTCDate(); d++) {
      if (rand() < 0.5) continue;
      const amount = rand() < 0.05 ? "0" : ((rand() - 0.1) * 100).toFixed(6);
      const lineTags = rand() < 0.1 ? {} : tags;
      lines.push({
        account,
        period: month,
        day: `${month}-${String(d).padStart(2, "0")}`,
        billed: amount,
        effective: (Number(amount) * 0.9).toFixed(7),
        service,
        region,
        resource,
        tags: lineTags,
      });
    }
  }
  return lines;
}

function upload(lines: Line[]) {
  const header =
    "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName,ChargeCategory,RegionId,ResourceId,Tags";
  const body = lines.map((l) => {
    const next = new Date(`${l.period}-01T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const tags = Object.keys(l.tags).length
      ? `"${JSON.stringify(l.tags).replace(/"/g, '""')}"`
      : "";
    return [
      l.account,
      `${l.period}-01T00:00:00Z`,
      next.toISOString().replace(".000", ""),
      `${l.day}T00:00:00Z`,
      `${l.day}T01:00:00Z`,
      l.billed,
      l.effective,
      "USD",
      "AWS",
      l.service,
      "Usage",
      l.region,
      l.resource,
      tags,
    ].join(",");
  });
  const name = `rollups-${++files}.csv`;
  const filePath = path.join(dir, name);
  writeFileSync(filePath, `${header}\n${body.join("\n")}\n`);
  return { path: filePath, name, bytes: statSync(filePath).size };
}

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
/** The lines each live import holds, by import id. */
const live = new Map<string, Line[]>();

async function importLines(caller: Caller, lines: Line[]): Promise<string> {
  const result = (await rt.as({ ...caller, upload: upload(lines) }, "costs.import", {})) as {
    id: string;
  };
  return result.id;
}

beforeAll(async () => {
  rt = await createTestRuntime();
  const created = await createOwner(rt, "rollups@example.com", "Rollups");
  owner = created.caller;
  workspaceId = created.workspaceId;
  for (const [account, month, seed] of [
    ["111111111111", "2024-08", 1],
    ["111111111111", "2024-09", 2],
    ["222222222222", "2024-09", 3],
    ["222222222222", "2024-10", 4],
  ] as const) {
    const lines = bill(account, month, seed);
    live.set(await importLines(owner, lines), lines);
  }
  // Another workspace's costs on the same days must never show.
  const other = await createOwner(rt, "rollups-other@example.com", "Other");
  await importLines(other.caller, bill("111111111111", "2024-09", 99));
}, 300_000);
afterAll(async () => {
  await rt?.close();
});

type Dimension = "ServiceName" | "RegionId" | "BillingAccountId" | "ResourceId";
const FIELD: Record<Dimension, (l: Line) => string> = {
  ServiceName: (l) => l.service,
  RegionId: (l) => l.region,
  BillingAccountId: (l) => l.account,
  ResourceId: (l) => l.resource,
};

interface Query {
  from: string;
  to: string;
  groupBy?: string;
  metric: Metric;
  filters: Filters;
}

function keyOf(line: Line, groupBy: string | undefined): string | null {
  if (!groupBy) return null;
  if (groupBy.startsWith("tag:")) return line.tags[groupBy.slice(4)] ?? null;
  return FIELD[groupBy as Dimension](line);
}

function matches(line: Line, q: Query): boolean {
  if (line.day < q.from || line.day >= q.to) return false;
  for (const [column, values] of Object.entries(q.filters)) {
    if (column === "tags") continue;
    if (!(values as string[]).includes(FIELD[column as Dimension](line))) return false;
  }
  // null stands for costs without the key.
  for (const [key, values] of Object.entries(q.filters.tags ?? {}))
    if (!values.includes(line.tags[key] ?? null)) return false;
  return true;
}

/** Expected sums by group key and by (day or month, key), from the live files' lines. */
function expected(q: Query, granularity: "day" | "month") {
  const groups = new Map<string | null, Decimal>();
  const cells = new Map<string, Decimal>();
  let total = new Decimal(0);
  for (const lines of live.values())
    for (const line of lines) {
      if (!matches(line, q)) continue;
      const amount = new Decimal(q.metric === "BilledCost" ? line.billed : line.effective);
      const key = keyOf(line, q.groupBy);
      groups.set(key, (groups.get(key) ?? new Decimal(0)).plus(amount));
      const bucket = granularity === "day" ? line.day : `${line.day.slice(0, 7)}-01`;
      const cell = `${bucket}|${key}`;
      cells.set(cell, (cells.get(cell) ?? new Decimal(0)).plus(amount));
      total = total.plus(amount);
    }
  return { groups, cells, total };
}

const subset = <T>(values: readonly T[]) =>
  fc.subarray([...values], { minLength: 1, maxLength: values.length });

const zQueryArb = fc
  .record({
    range: fc.oneof(
      fc.constantFrom(
        ["2024-08-01", "2024-09-01"],
        ["2024-09-01", "2024-10-01"],
        ["2024-08-01", "2024-11-01"],
      ),
      fc
        .tuple(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 60 }))
        .map(([start, length]) => {
          const day = (n: number) =>
            new Date(Date.UTC(2024, 7, 1) + n * 86_400_000).toISOString().slice(0, 10);
          return [day(start), day(start + length)];
        }),
    ),
    groupBy: fc.option(
      fc.constantFrom(
        "ServiceName",
        "RegionId",
        "BillingAccountId",
        "ResourceId",
        "tag:env",
        "tag:team",
      ),
      { nil: undefined },
    ),
    metric: fc.constantFrom<Metric>("BilledCost", "EffectiveCost"),
    services: fc.option(subset(SERVICES), { nil: undefined }),
    resources: fc.option(subset(RESOURCES), { nil: undefined }),
    env: fc.option(subset([...ENVS, null]), { nil: undefined }),
    team: fc.option(subset([...TEAMS, null]), { nil: undefined }),
  })
  .map(({ range, groupBy, metric, services, resources, env, team }): Query => {
    const filters: Filters = {};
    if (services) filters.ServiceName = services;
    if (resources) filters.ResourceId = resources;
    const tags: Record<string, (string | null)[]> = {};
    if (env) tags.env = env;
    if (team) tags.team = team;
    if (Object.keys(tags).length) filters.tags = tags;
    return { from: range[0] as string, to: range[1] as string, groupBy, metric, filters };
  });

/** Queries every run checks whatever the random draw: one per roll-up route. */
const EXAMPLES: Query[] = [
  {
    from: "2024-09-01",
    to: "2024-10-01",
    groupBy: "ResourceId",
    metric: "BilledCost",
    filters: {},
  },
  { from: "2024-08-01", to: "2024-11-01", groupBy: "tag:env", metric: "BilledCost", filters: {} },
  {
    from: "2024-08-10",
    to: "2024-09-20",
    groupBy: "ServiceName",
    metric: "EffectiveCost",
    filters: { tags: { team: ["red"] } },
  },
  {
    from: "2024-08-03",
    to: "2024-10-07",
    groupBy: "tag:team",
    metric: "BilledCost",
    filters: { tags: { team: ["blue"] } },
  },
  // Costs without a tag key, alone and with a value: on the tag roll-up (the day roll-up less
  // the tagged sums, per group) and on the resource roll-up.
  {
    from: "2024-08-05",
    to: "2024-10-09",
    groupBy: "ServiceName",
    metric: "BilledCost",
    filters: { tags: { team: [null] } },
  },
  {
    from: "2024-08-01",
    to: "2024-11-01",
    groupBy: "tag:env",
    metric: "EffectiveCost",
    filters: { tags: { env: [null, "prod"] } },
  },
  {
    from: "2024-09-01",
    to: "2024-10-01",
    groupBy: "ResourceId",
    metric: "BilledCost",
    filters: { tags: { env: [null] } },
  },
  {
    from: "2024-08-20",
    to: "2024-09-12",
    groupBy: "tag:team",
    metric: "BilledCost",
    filters: { tags: { env: [null] }, ServiceName: ["Amazon S3", "AWS Lambda"] },
  },
];

const same = (a: string | Decimal | undefined, b: string | Decimal | undefined) =>
  new Decimal(a ?? "NaN").eq(b ?? "NaN");

/** Runs random queries through summarise, timeSeries and topResources; returns the routes seen. */
async function checkRandomQueries(runs: number): Promise<Set<Route>> {
  const routes = new Set<Route>();
  const db = rt.database.db;
  await fc.assert(
    fc.asyncProperty(zQueryArb, async (q) => {
      const scope = { workspaceId, ...q };
      routes.add(planOf(scope).route);
      const want = expected(q, "day");
      const got = await summarise(db, scope);
      expect(same(got.total, want.total)).toBe(true);
      if (q.groupBy) {
        expect(new Set(got.groups.map((g) => g.key))).toEqual(new Set(want.groups.keys()));
        for (const g of got.groups) expect(same(g.total, want.groups.get(g.key))).toBe(true);
      }
      const granularity = q.from.endsWith("-01") && q.to.endsWith("-01") ? "month" : "day";
      routes.add(planOf({ ...scope, granularity }).route);
      const series = await timeSeries(db, { ...scope, granularity, top: 50 });
      const cells = expected(q, granularity).cells;
      for (const s of series.series)
        series.dates.forEach((date, i) => {
          const value = cells.get(`${date}|${s.key}`) ?? new Decimal(0);
          expect(same(s.values[i], value)).toBe(true);
        });
      const top = await topResources(db, { ...scope, limit: 5 });
      const byResource = expected({ ...q, groupBy: "ResourceId" }, "day").groups;
      const ranked = [...byResource.values()].sort((a, b) => b.comparedTo(a)).slice(0, 5);
      expect(top.items.map((i) => i.total).map((t) => new Decimal(t).toFixed())).toEqual(
        ranked.map((d) => d.toFixed()),
      );
      for (const item of top.items)
        expect(same(item.total, byResource.get(item.resourceId))).toBe(true);
    }),
    { numRuns: runs, seed: 20261126, examples: EXAMPLES.map((q) => [q] as [Query]) },
  );
  return routes;
}

async function rollupRowsOf(importId: string): Promise<number> {
  const result = await rt.database.db.execute(sql`
    SELECT (SELECT count(*) FROM cost_daily_tag WHERE import_id = ${importId})
      + (SELECT count(*) FROM cost_monthly_resource WHERE import_id = ${importId}) AS n`);
  return Number(rowsOf<{ n: string }>(result)[0]?.n);
}

describe("explorer roll-ups", () => {
  it("give the ledger's sums for random ranges, groupings and filters", async () => {
    const routes = await checkRandomQueries(60);
    // Every route was taken at least once, so each roll-up was checked.
    expect([...routes].sort()).toEqual(["daily", "monthly-resource", "resource", "tag"]);
  }, 300_000);

  it("still do after a re-import replaces a billing period", async () => {
    const [replacedId] = [...live.entries()].find(
      ([, lines]) => lines[0]?.account === "111111111111" && lines[0]?.period === "2024-09",
    )!;
    const restated = bill("111111111111", "2024-09", 77);
    const newId = await importLines(owner, restated);
    live.delete(replacedId);
    live.set(newId, restated);
    expect(await rollupRowsOf(replacedId)).toBe(0);
    expect(await rollupRowsOf(newId)).toBeGreaterThan(0);
    await checkRandomQueries(30);
  }, 300_000);

  it("still do after an import is deleted", async () => {
    const [deletedId] = [...live.entries()].find(([, lines]) => lines[0]?.period === "2024-10")!;
    await rt.as(owner, "costs.imports.delete", { id: deletedId });
    live.delete(deletedId);
    expect(await rollupRowsOf(deletedId)).toBe(0);
    await checkRandomQueries(30);
  }, 300_000);
});

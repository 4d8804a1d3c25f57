import { listLineItems } from "../../server/modules/costs/explorer/line-items.ts";
import { summarise, timeSeries } from "../../server/modules/costs/explorer/query.ts";
import type { Db } from "../../server/platform/db/database.ts";

export interface QueryTiming {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  /** What the query answered, to show it did real work: groups and total. */
  answer: string;
  /** One of the queries (p50 goal 50 ms), not a measurement beside them. */
  goal: boolean;
}

export interface QueryScope {
  workspaceId: string;
  /** First day and the day after the last of the billing month. */
  from: string;
  to: string;
  /** A `client` tag value present in the file. */
  client: string;
}

function percentile(sorted: number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, at)] ?? Number.NaN;
}

/** 30 days back from the end of the month: the explorer's default range. */
function last30Days(to: string): string {
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 30);
  return from.toISOString().slice(0, 10);
}

/** The explorer queries the issue names, each as the explorer's operations call them. */
export function explorerQueries(scope: QueryScope) {
  const base = { workspaceId: scope.workspaceId, from: scope.from, to: scope.to };
  const metric = "BilledCost" as const;
  return [
    {
      name: "summarise by ServiceName, month",
      goal: true,
      run: async (db: Db) => {
        const r = await summarise(db, { ...base, metric, groupBy: "ServiceName" });
        return `${r.groups.length} groups, total ${r.total}`;
      },
    },
    {
      name: `summarise by ServiceName, month, tag client=${scope.client}`,
      goal: true,
      run: async (db: Db) => {
        const filters = { tags: { client: [scope.client] } };
        const r = await summarise(db, { ...base, metric, groupBy: "ServiceName", filters });
        return `${r.groups.length} groups, total ${r.total}`;
      },
    },
    {
      name: "top 10 ResourceId, 30 days",
      goal: true,
      run: async (db: Db) => {
        const from = last30Days(scope.to);
        const r = await summarise(db, { ...base, from, metric, groupBy: "ResourceId", limit: 10 });
        // Tax, credits and Savings Plan fees have no resource: their sum is the null key.
        const top = r.groups.find((g) => g.key !== null);
        return `${r.groups.length} groups, top resource ${top?.key ?? "none"}`;
      },
    },
    {
      name: "timeSeries by ServiceName, month, daily",
      goal: true,
      run: async (db: Db) => {
        const r = await timeSeries(db, {
          ...base,
          metric,
          groupBy: "ServiceName",
          granularity: "day",
          top: 10,
        });
        return `${r.series.length} series × ${r.dates.length} days, total ${r.total}`;
      },
    },
    {
      // Not one of the goals: what clicking a bar costs (a service on one day).
      name: "line items of a bar: EC2 on day 15, top 50",
      goal: false,
      run: async (db: Db) => {
        const from = new Date(`${scope.from}T00:00:00Z`);
        from.setUTCDate(15);
        const day = from.toISOString().slice(0, 10);
        from.setUTCDate(16);
        const r = await listLineItems(db, {
          ...base,
          from: day,
          to: from.toISOString().slice(0, 10),
          metric,
          limit: 50,
          filters: { ServiceName: ["Amazon Elastic Compute Cloud"] },
        });
        return `${r.items.length} lines of ${r.countCapped ? "> " : ""}${r.count}, top ${r.items[0]?.billedCost ?? "none"}`;
      },
    },
    {
      name: "line items of the month, top 50",
      goal: false,
      run: async (db: Db) => {
        const r = await listLineItems(db, { ...base, metric, limit: 50 });
        return `${r.items.length} lines of ${r.countCapped ? "> " : ""}${r.count}, top ${r.items[0]?.billedCost ?? "none"}`;
      },
    },
  ];
}

/** Each query once to warm the caches, then `runs` times in a row. */
export async function timeQueries(db: Db, scope: QueryScope, runs: number): Promise<QueryTiming[]> {
  const timings: QueryTiming[] = [];
  for (const query of explorerQueries(scope)) {
    const answer = await query.run(db);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await query.run(db);
      ms.push(performance.now() - started);
    }
    ms.sort((a, b) => a - b);
    timings.push({
      name: query.name,
      runs,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      max: ms[ms.length - 1] ?? Number.NaN,
      answer,
      goal: query.goal,
    });
  }
  return timings;
}

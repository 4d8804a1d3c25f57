import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CostExplorerData,
  costExplorerFixture,
  createPullReplay,
  type PullReplayState,
  replayedValue,
} from "../../../test/support/aws-pull-replay.ts";
import { type AwsReplay, fullRegion, startAwsReplay } from "../../../test/support/aws-replay.ts";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { startDigitalOceanReplay } from "../../connectors/digitalocean/replay.testing.ts";
import { rowsOf } from "../../platform/db/copy.ts";
import type { OperationName } from "../../registry.ts";

type Pull = OperationOutput<"connectors.pulls">[number];
type Import = OperationOutput<"costs.imports.list">[number];

const SECRET = "replay-secret-access-key-pulls-never-shown-4b1d";
const CREDENTIALS = {
  method: "access-keys",
  accessKeyId: "AKIAPULLSTEST0000001",
  secretAccessKey: SECRET,
};
const DAY_MS = 86_400_000;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let stranger: Person & { workspaceId: string };
let replay: AwsReplay;
let state: PullReplayState;
let connectorId: string;

const as = (name: OperationName, input: unknown, who: Person = owner) =>
  rt.as(who.caller, name, input);

/** The fixture's four days moved to the last two of the previous month and the first two of this. */
function fixtureAroundNow(now = new Date()): CostExplorerData {
  const data = costExplorerFixture();
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const days = [first - 2 * DAY_MS, first - DAY_MS, first, first + DAY_MS];
  data.ResultsByTime.forEach((r, i) => {
    r.TimePeriod = {
      Start: new Date(days[i]!).toISOString().slice(0, 10),
      End: new Date(days[i]! + DAY_MS).toISOString().slice(0, 10),
    };
  });
  return data;
}

/** Exact billed total per billing period (YYYY-MM) of the days the pull could see. */
function expectedTotals(data: CostExplorerData, now = new Date()) {
  const tomorrow = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS).toISOString();
  const totals = new Map<string, number>();
  for (const r of data.ResultsByTime) {
    if (r.TimePeriod.Start >= tomorrow.slice(0, 10)) continue;
    const month = r.TimePeriod.Start.slice(0, 7);
    for (const g of r.Groups)
      totals.set(month, (totals.get(month) ?? 0) + Number(g.Metrics.UnblendedCost!.Amount));
  }
  return totals;
}

async function finished(pullId: string, id = connectorId): Promise<Pull> {
  return waitFor(
    async () => {
      const pulls = (await as("connectors.pulls", { connectorId: id })) as Pull[];
      const pull = pulls.find((p) => p.id === pullId);
      return pull && !["queued", "running"].includes(pull.status) ? pull : undefined;
    },
    { timeoutMs: 60_000, what: "the pull to finish" },
  );
}

const pull = async (name: "connectors.pullMetrics" | "connectors.pullCosts", id = connectorId) =>
  finished(((await as(name, { id })) as { pullId: string }).pullId, id);

async function discover(id: string) {
  const scan = (await as("connectors.discover", { id })) as { scanId: string };
  await waitFor(
    async () => {
      const [s] = (await as("connectors.scans", { scanId: scan.scanId })) as { status: string }[];
      return s && !["queued", "running"].includes(s.status) ? s : undefined;
    },
    { timeoutMs: 60_000, what: "discovery" },
  );
}

beforeAll(async () => {
  const pulls = createPullReplay();
  state = pulls.state;
  state.costs = fixtureAroundNow();
  replay = await startAwsReplay({
    regions: { "us-west-2": fullRegion() },
    answerJson: pulls.answerJson,
  });
  rt = await createTestRuntime();
  owner = await createOwner(rt, "pulls@example.com", "Pulls");
  stranger = await createOwner(rt, "stranger@example.com", "Elsewhere");
  rt.services.jobs.start();
  const created = (await as("connectors.create", {
    provider: "aws",
    name: "Production",
    credentials: CREDENTIALS,
    regions: ["us-west-2"],
    endpoint: replay.endpoint,
  })) as { id: string };
  connectorId = created.id;
  await discover(connectorId);
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await replay?.close();
});

describe("connector pull options", () => {
  it("turns scheduled pulls on, shows them on the connector, and never returns credentials", async () => {
    const updated = await as("connectors.setPulls", {
      id: connectorId,
      metrics: true,
      costs: true,
    });
    expect(updated).toMatchObject({
      pulls: {
        metrics: true,
        costs: true,
        available: ["metrics", "costs"],
        metricsPulledUntil: null,
      },
    });
    const outputs = [updated, await as("connectors.get", { id: connectorId })];
    for (const o of outputs) expect(JSON.stringify(o)).not.toContain(SECRET.slice(0, 12));
    await expect(
      as("connectors.setPulls", { id: connectorId, metrics: true, extra: 1 }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("refuses another workspace's connector as not found", async () => {
    for (const name of [
      "connectors.pullMetrics",
      "connectors.pullCosts",
      "connectors.setPulls",
    ] as const)
      await expect(as(name, { id: connectorId }, stranger)).rejects.toMatchObject({
        code: "not_found",
      });
    expect(await as("connectors.pulls", { connectorId }, stranger)).toEqual([]);
  });
});

describe("metrics pulls", () => {
  it("writes CloudWatch samples on the discovered resources, then continues where it stopped", async () => {
    const first = await pull("connectors.pullMetrics");
    expect(first).toMatchObject({ status: "succeeded", kind: "metrics", trigger: "manual" });
    // Two instances, five metrics each, 36 five-minute points in the first 3-hour window; the
    // RDS instance, two functions and the load balancer add their own.
    const from = new Date(first.periodFrom!);
    const to = new Date(first.periodTo!);
    expect(to.getTime() - from.getTime()).toBe(3 * 3_600_000);
    expect(first.items).toBeGreaterThanOrEqual(2 * 5 * 36);
    const search = (await as("inventory.search", { q: "i-78f1b94a" })) as {
      items: { id: string; nativeId: string }[];
    };
    const vm = search.items.find((i) => i.nativeId === "i-78f1b94a")!;
    const names = (await as("metrics.names", { resourceId: vm.id })) as { name: string }[];
    expect(names.map((n) => n.name)).toContain("aws_ec2_cpu_utilization_percent");
    const raw = (await as("metrics.query", {
      metric: "aws_ec2_cpu_utilization_percent",
      from: from.toISOString(),
      to: to.toISOString(),
      step: 300,
      resourceId: vm.id,
      groupBy: ["resource", "account", "provider"],
    })) as {
      series: { labels: Record<string, string>; points: { time: string; value: number }[] }[];
    };
    expect(raw.series).toHaveLength(1);
    expect(raw.series[0]!.labels).toEqual({
      resource: "i-78f1b94a",
      account: "123456789012",
      provider: "aws",
    });
    const points = raw.series[0]!.points;
    expect(points).toHaveLength(36);
    expect(points[0]).toEqual({
      time: from.toISOString(),
      value: replayedValue("CPUUtilization", "i-78f1b94a", from.getTime() / 1000),
    });
    const second = await pull("connectors.pullMetrics");
    // No overlap: the next window starts where the first ended, so no sample is stored twice.
    expect(second.periodFrom).toBe(first.periodTo);
    const counted = rowsOf<{ n: number; distinct_n: number }>(
      await rt.database.db.execute(
        sql`SELECT count(*)::int AS n, count(DISTINCT (series_id, time))::int AS distinct_n FROM metric_samples WHERE workspace_id = ${owner.workspaceId}`,
      ),
    )[0]!;
    expect(counted.n).toBe(counted.distinct_n);
    expect(counted.n).toBe(first.items + second.items);
  });

  it("records a persistent throttle as a failed pull with the reason, and keeps the cursor", async () => {
    const before = (await as("connectors.get", { id: connectorId })) as {
      pulls: { metricsPulledUntil: string };
    };
    // Force a window to exist by moving the cursor back an hour.
    await rt.database.db.execute(
      sql`UPDATE connectors SET metrics_pulled_until = metrics_pulled_until - interval '1 hour' WHERE id = ${connectorId}`,
    );
    replay.faults = [{ operation: "GetMetricData", fault: "throttle", times: Infinity }];
    const failed = await pull("connectors.pullMetrics");
    replay.faults = [];
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^Throttling, HTTP 400: .*Rate exceeded.*gave up after 4 retries/);
    expect(failed.retries).toBe(4);
    const after = (await as("connectors.get", { id: connectorId })) as {
      pulls: { metricsPulledUntil: string };
    };
    expect(new Date(after.pulls.metricsPulledUntil).getTime()).toBe(
      new Date(before.pulls.metricsPulledUntil).getTime() - 3_600_000,
    );
  }, 60_000);
});

describe("DigitalOcean metrics pulls", () => {
  it("writes the Monitoring API's droplet samples on the discovered droplets", async () => {
    const doReplay = await startDigitalOceanReplay();
    try {
      const created = (await as("connectors.create", {
        provider: "digitalocean",
        name: "Droplets",
        credentials: { method: "api-token", token: doReplay.token },
        regions: [],
        endpoint: doReplay.url,
      })) as { id: string };
      await discover(created.id);
      const done = await pull("connectors.pullMetrics", created.id);
      expect(done).toMatchObject({ status: "succeeded", kind: "metrics" });
      const asked = doReplay.requests.filter((r) => r.path.startsWith("/v2/monitoring/"));
      // Three droplets, seven calls each; volumes, databases and the rest are not asked about.
      expect(new Set(asked.map((r) => r.query.get("host_id")))).toEqual(
        new Set(["3164444", "3164459", "3164412"]),
      );
      expect(asked).toHaveLength(3 * 7);
      const search = (await as("inventory.search", { q: "3164444" })) as {
        items: { id: string; nativeId: string }[];
      };
      const droplet = search.items.find((i) => i.nativeId === "do:droplet:3164444")!;
      const names = (await as("metrics.names", { resourceId: droplet.id })) as { name: string }[];
      expect(names.map((n) => n.name)).toEqual(
        expect.arrayContaining([
          "digitalocean_droplet_memory_utilization_percent",
          "digitalocean_droplet_filesystem_utilization_percent",
          "digitalocean_droplet_network_in_bytes_per_second",
          "digitalocean_droplet_network_out_bytes_per_second",
        ]),
      );
      const memory = (await as("metrics.query", {
        metric: "digitalocean_droplet_memory_utilization_percent",
        from: done.periodFrom!,
        to: done.periodTo!,
        step: 120,
        resourceId: droplet.id,
        groupBy: ["resource", "provider"],
      })) as { series: { labels: Record<string, string>; points: { value: number }[] }[] };
      expect(memory.series).toHaveLength(1);
      expect(memory.series[0]!.labels).toEqual({
        resource: "do:droplet:3164444",
        provider: "digitalocean",
      });
      // The replay's memory: 2 GiB with 1.5, 1 and 0.5 GiB available.
      expect(memory.series[0]!.points.map((p) => p.value)).toEqual([25, 50, 75]);
    } finally {
      await doReplay.close();
    }
  }, 60_000);
});

describe("costs pulls", () => {
  const ledger = async () =>
    rowsOf<{ n: number }>(
      await rt.database.db.execute(
        sql`SELECT count(*)::int AS n FROM cost_line_items WHERE workspace_id = ${owner.workspaceId}`,
      ),
    )[0]!.n;

  it("imports Cost Explorer's days through the cost importer; periods reconcile to the cent", async () => {
    const done = await pull("connectors.pullCosts");
    expect(done).toMatchObject({ status: "succeeded", kind: "costs" });
    expect(done.importId).not.toBeNull();
    const [imported] = (await as("costs.imports.list", {})) as Import[];
    expect(imported).toMatchObject({ id: done.importId, format: "focus", status: "imported" });
    const expected = expectedTotals(state.costs);
    expect(imported!.periods.map((p) => p.billingPeriodStart!.slice(0, 7))).toEqual([
      ...expected.keys(),
    ]);
    for (const p of imported!.periods)
      expect(Number(p.billedCost).toFixed(2)).toBe(
        expected.get(p.billingPeriodStart!.slice(0, 7))!.toFixed(2),
      );
    expect(await ledger()).toBe(done.items);
  });

  it("a re-pull replaces the months it covers instead of adding to them", async () => {
    const rowsBefore = await ledger();
    state.costs.ResultsByTime[0]!.Groups[1]!.Metrics.UnblendedCost!.Amount = "20.0000000001";
    const again = await pull("connectors.pullCosts");
    expect(again.status).toBe("succeeded");
    expect(await ledger()).toBe(rowsBefore);
    const [latest, earlier] = (await as("costs.imports.list", {})) as Import[];
    expect(latest!.replacedRows).toBe(rowsBefore);
    expect(earlier!.status).toBe("replaced");
    const expected = expectedTotals(state.costs);
    for (const p of latest!.periods)
      expect(Number(p.billedCost).toFixed(2)).toBe(
        expected.get(p.billingPeriodStart!.slice(0, 7))!.toFixed(2),
      );
  });

  it("a failing Cost Explorer leaves the ledger as it was and says why", async () => {
    const rowsBefore = await ledger();
    replay.faults = [
      { operation: "GetCostAndUsage", page: 2, fault: "server-error", times: Infinity },
    ];
    const failed = await pull("connectors.pullCosts");
    replay.faults = [];
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/HTTP 500/);
    expect(failed.error).toMatch(/gave up after 4 retries/);
    expect(await ledger()).toBe(rowsBefore);
  }, 60_000);
});

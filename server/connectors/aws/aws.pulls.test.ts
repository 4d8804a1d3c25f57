import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  costExplorerFixture,
  createPullReplay,
  type PullReplayState,
  replayedValue,
} from "../../../test/support/aws-pull-replay.ts";
import { type AwsReplay, startAwsReplay } from "../../../test/support/aws-replay.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import type { MetricTarget, PulledSample } from "../types.ts";
import { MAX_QUERIES_PER_CALL } from "./cloudwatch.ts";
import { createAwsConnector } from "./connector.ts";
import { awsProvider } from "./index.ts";

const KEYS = {
  method: "access-keys" as const,
  accessKeyId: "AKIAREPLAYPULLS00001",
  secretAccessKey: "replay-secret-access-key-pulls-0123",
};
const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };

let replay: AwsReplay;
let state: PullReplayState;
beforeAll(async () => {
  const pulls = createPullReplay();
  state = pulls.state;
  replay = await startAwsReplay({ answerJson: pulls.answerJson });
});
afterAll(() => replay.close());
beforeEach(() => {
  replay.faults = [];
  replay.requests = [];
  state.metricCalls = [];
  state.costCalls = [];
  state.costs = costExplorerFixture();
});

const connector = () =>
  createAwsConnector({
    credentials: KEYS,
    regions: ["us-west-2"],
    endpoint: replay.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: false }),
  });
const context = () =>
  createConnectorContext(AbortSignal.timeout(20_000), awsProvider.rateLimit, FAST_RETRY);

const FROM = new Date("2026-11-02T10:00:00Z");
const TO = new Date("2026-11-02T11:00:00Z");
const ALB =
  "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188";

async function pullAll(targets: MetricTarget[], from = FROM, to = TO) {
  const samples: PulledSample[] = [];
  for await (const batch of connector().pullMetrics!({ targets, from, to }, context()))
    samples.push(...batch);
  return samples;
}

/** Exact decimal sum of strings with up to 10 decimals, as a scaled bigint. */
const scaled = (amount: string) => {
  const [whole = "0", frac = ""] = amount.replace("-", "").split(".");
  const n = BigInt(whole) * 10n ** 10n + BigInt(frac.padEnd(10, "0"));
  return amount.startsWith("-") ? -n : n;
};

describe("CloudWatch GetMetricData through the AWS connector", () => {
  it("pulls each resource type's standard metrics with resource, stat and 5-minute times", async () => {
    const samples = await pullAll([
      { nativeId: "i-78f1b94a", type: "compute.vm", region: "us-west-2", name: "web-1" },
      {
        nativeId: "arn:aws:rds:us-west-2:123456789012:db:simcoprod01",
        type: "db.instance",
        region: "us-west-2",
        name: "simcoprod01",
      },
      { nativeId: "arn:fn", type: "compute.function", region: "us-west-2", name: "helloworld" },
      { nativeId: ALB, type: "network.lb", region: "us-west-2", name: "my-load-balancer" },
      { nativeId: "vol-1", type: "storage.volume", region: "us-west-2", name: "disk" },
    ]);
    const names = new Set(samples.map((s) => s.name));
    expect([...names].sort()).toEqual([
      "aws_alb_request_count",
      "aws_alb_target_5xx_count",
      "aws_alb_target_response_time_seconds",
      "aws_ec2_cpu_utilization_percent",
      "aws_ec2_disk_read_ops",
      "aws_ec2_disk_write_ops",
      "aws_ec2_network_in_bytes",
      "aws_ec2_network_out_bytes",
      "aws_lambda_duration_milliseconds",
      "aws_lambda_errors",
      "aws_lambda_invocations",
      "aws_lambda_throttles",
      "aws_rds_cpu_utilization_percent",
      "aws_rds_database_connections",
      "aws_rds_free_storage_space_bytes",
      "aws_rds_read_iops",
      "aws_rds_write_iops",
    ]);
    const cpu = samples.filter((s) => s.name === "aws_ec2_cpu_utilization_percent");
    // 12 five-minute points in the hour, at the period starts the API answered with.
    expect(cpu.map((s) => s.time.toISOString())).toEqual(
      Array.from({ length: 12 }, (_, i) => new Date(FROM.getTime() + i * 300_000).toISOString()),
    );
    expect(cpu[0]).toMatchObject({
      nativeId: "i-78f1b94a",
      labels: { namespace: "AWS/EC2", stat: "Average", region: "us-west-2" },
      value: replayedValue("CPUUtilization", "i-78f1b94a", FROM.getTime() / 1000),
    });
    // RDS and Lambda are named by identifier; the ALB by the ARN's app/<name>/<id> tail.
    const lb = samples.find((s) => s.name === "aws_alb_request_count");
    expect(lb?.value).toBe(
      replayedValue("RequestCount", "app/my-load-balancer/50dc6c495c0c9188", FROM.getTime() / 1000),
    );
    expect(samples.some((s) => s.nativeId === "vol-1")).toBe(false);
    // 17 queries at 4 results a page: the paginator followed NextToken through 5 pages.
    expect(state.metricCalls.map((c) => c.token)).toEqual([
      null,
      "page-2",
      "page-3",
      "page-4",
      "page-5",
    ]);
    const signed = replay.requests.filter((r) => r.operation === "GetMetricData");
    expect(signed.every((r) => r.service === "monitoring" && r.region === "us-west-2")).toBe(true);
  });

  it("batches at most 500 queries per call", async () => {
    state.metricResultsPerPage = 1000;
    const targets = Array.from({ length: 101 }, (_, i) => ({
      nativeId: `i-${String(i).padStart(8, "0")}`,
      type: "compute.vm",
      region: "us-west-2",
      name: `vm-${i}`,
    }));
    const samples = await pullAll(targets);
    expect(state.metricCalls.map((c) => c.queries)).toEqual([MAX_QUERIES_PER_CALL, 5]);
    expect(samples).toHaveLength(101 * 5 * 12);
    state.metricResultsPerPage = 4;
  });

  it("retries CloudWatch throttling and a 500, and fails clearly when they persist", async () => {
    replay.faults = [
      { operation: "GetMetricData", fault: "throttle", times: 1 },
      { operation: "GetMetricData", page: 2, fault: "server-error", times: 1 },
    ];
    const vm = [{ nativeId: "i-1", type: "compute.vm", region: "us-west-2", name: "a" }];
    expect(await pullAll(vm)).toHaveLength(5 * 12);
    replay.faults = [{ operation: "GetMetricData", fault: "throttle", times: Infinity }];
    await expect(pullAll(vm)).rejects.toMatchObject({ name: "Throttling" });
    // Two pages each retried once, then four attempts (FAST_RETRY) at the persistent throttle.
    expect(replay.requests.filter((r) => r.operation === "GetMetricData").length).toBe(2 * 2 + 4);
  });
});

describe("Cost Explorer GetCostAndUsage through the AWS connector", () => {
  it("asks whole months daily by SERVICE and LINKED_ACCOUNT and writes FOCUS rows that reconcile", async () => {
    const files = await connector().pullCosts!(
      { from: new Date("2026-10-15T00:00:00Z"), to: new Date("2026-11-02T18:00:00Z") },
      context(),
    );
    // From the first of October to the end of the day holding `to`, every page followed.
    expect(state.costCalls.map((c) => [c.start, c.end, c.token])).toEqual([
      ["2026-10-01", "2026-11-03", null],
      ["2026-10-01", "2026-11-03", "page-2"],
      ["2026-10-01", "2026-11-03", "page-3"],
      ["2026-10-01", "2026-11-03", "page-4"],
    ]);
    expect(state.costCalls[0]?.groupBy).toEqual(["SERVICE", "LINKED_ACCOUNT"]);
    expect(files).toHaveLength(1);
    const [header, ...lines] = files[0]!.content.trim().split("\n");
    const columns = header!.split(",");
    const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [columns[i], v])));
    // Every non-zero group becomes one row; the zero S3 day is left out.
    expect(rows).toHaveLength(11);
    const expected = costExplorerFixture()
      .ResultsByTime.flatMap((r) => r.Groups)
      .reduce((sum, g) => sum + scaled(g.Metrics.UnblendedCost!.Amount), 0n);
    expect(rows.reduce((sum, r) => sum + scaled(r.BilledCost!), 0n)).toBe(expected);
    const tax = rows.find((r) => r.ServiceName === "Tax");
    expect(tax).toMatchObject({
      ChargeCategory: "Tax",
      BillingPeriodStart: "2026-10-01T00:00:00Z",
      BillingPeriodEnd: "2026-11-01T00:00:00Z",
      ChargePeriodStart: "2026-10-31T00:00:00Z",
      SubAccountId: "111122223333",
      SubAccountName: "Agency Production",
      BillingAccountId: "123456789012",
    });
    expect(rows.find((r) => r.BilledCost === "-0.05")?.ChargeCategory).toBe("Credit");
    expect(rows.filter((r) => r.x_Estimated === "true")).toHaveLength(2);
  });

  it("retries Cost Explorer's LimitExceededException", async () => {
    replay.faults = [{ operation: "GetCostAndUsage", fault: "throttle", times: 2 }];
    const files = await connector().pullCosts!(
      { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T18:00:00Z") },
      context(),
    );
    expect(files[0]?.content.trim().split("\n")).toHaveLength(1 + 5);
    expect(replay.requests.filter((r) => r.operation === "GetCostAndUsage")).toHaveLength(2 + 2);
  });

  it("lists the metrics and costs permissions in the policy", () => {
    const actions = JSON.parse(awsProvider.policy.text).Statement.flatMap(
      (s: { Action: string[] }) => s.Action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["cloudwatch:GetMetricData", "ce:GetCostAndUsage"]),
    );
  });
});

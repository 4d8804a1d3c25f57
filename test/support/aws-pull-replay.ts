import { readFileSync } from "node:fs";
import path from "node:path";
import type { Answer, JsonAnswerer } from "./aws-replay.ts";

/**
 * The awsJson side of the AWS replay server: CloudWatch GetMetricData (awsJson1_0, query
 * compatible) and Cost Explorer GetCostAndUsage (awsJson1_1), answered in the shapes of the
 * botocore models so the real SDK clients parse them. Plug `answerJson` into startAwsReplay.
 */

const FIXTURES = path.join(import.meta.dirname, "../fixtures/aws-pulls");

export interface CostResult {
  TimePeriod: { Start: string; End: string };
  Total: Record<string, unknown>;
  Groups: { Keys: string[]; Metrics: Record<string, { Amount: string; Unit: string }> }[];
  Estimated: boolean;
}

export interface CostExplorerData {
  GroupDefinitions: unknown[];
  ResultsByTime: CostResult[];
  DimensionValueAttributes: unknown[];
}

export const costExplorerFixture = (): CostExplorerData =>
  JSON.parse(readFileSync(path.join(FIXTURES, "ce-get-cost-and-usage.json"), "utf8"));

interface MetricQuery {
  Id: string;
  MetricStat: {
    Metric: {
      Namespace: string;
      MetricName: string;
      Dimensions: { Name: string; Value: string }[];
    };
    Period: number;
    Stat: string;
  };
}

export interface PullReplayState {
  costs: CostExplorerData;
  /** Days of ResultsByTime per Cost Explorer page. */
  costDaysPerPage: number;
  /** Metric results per GetMetricData page (the real API pages by data points). */
  metricResultsPerPage: number;
  /** Each GetMetricData call: how many queries it carried, and its window (epoch seconds). */
  metricCalls: { queries: number; start: number; end: number; token: string | null }[];
  costCalls: { start: string; end: string; groupBy: string[]; token: string | null }[];
}

/** The value the replay reports for a metric of a resource at a time: easy to recompute. */
export function replayedValue(metric: string, dimension: string, epochSeconds: number): number {
  let h = 0;
  for (const c of `${metric}/${dimension}`) h = (h * 31 + c.charCodeAt(0)) % 1000;
  return h + (epochSeconds % 86_400) / 300;
}

const json = (body: unknown, type: string): Answer => ({
  status: 200,
  body: JSON.stringify(body),
  type,
});

function pageOf<T>(items: T[], token: string | null | undefined, size: number) {
  const page = token ? Number(/^page-(\d+)$/.exec(token)?.[1]) : 1;
  return {
    page,
    slice: items.slice((page - 1) * size, page * size),
    next: page * size < items.length ? `page-${page + 1}` : undefined,
  };
}

export function createPullReplay(): { state: PullReplayState; answerJson: JsonAnswerer } {
  const state: PullReplayState = {
    costs: costExplorerFixture(),
    costDaysPerPage: 1,
    metricResultsPerPage: 4,
    metricCalls: [],
    costCalls: [],
  };

  function getMetricData(body: string) {
    const input = JSON.parse(body) as {
      MetricDataQueries: MetricQuery[];
      StartTime: number;
      EndTime: number;
      NextToken?: string;
    };
    state.metricCalls.push({
      queries: input.MetricDataQueries.length,
      start: input.StartTime,
      end: input.EndTime,
      token: input.NextToken ?? null,
    });
    const results = input.MetricDataQueries.map((q) => {
      const dimension = q.MetricStat.Metric.Dimensions[0]?.Value ?? "";
      const timestamps: number[] = [];
      for (let t = input.StartTime; t < input.EndTime; t += q.MetricStat.Period) timestamps.push(t);
      return {
        Id: q.Id,
        Label: q.MetricStat.Metric.MetricName,
        Timestamps: timestamps,
        Values: timestamps.map((t) => replayedValue(q.MetricStat.Metric.MetricName, dimension, t)),
        StatusCode: "Complete",
      };
    });
    const { page, slice, next } = pageOf(results, input.NextToken, state.metricResultsPerPage);
    return {
      operation: "GetMetricData",
      page,
      answer: json(
        { MetricDataResults: slice, NextToken: next, Messages: [] },
        "application/x-amz-json-1.0",
      ),
    };
  }

  function getCostAndUsage(body: string) {
    const input = JSON.parse(body) as {
      TimePeriod: { Start: string; End: string };
      GroupBy?: { Key: string }[];
      NextPageToken?: string;
    };
    state.costCalls.push({
      start: input.TimePeriod.Start,
      end: input.TimePeriod.End,
      groupBy: (input.GroupBy ?? []).map((g) => g.Key),
      token: input.NextPageToken ?? null,
    });
    const inWindow = state.costs.ResultsByTime.filter(
      (r) =>
        r.TimePeriod.Start >= input.TimePeriod.Start && r.TimePeriod.Start < input.TimePeriod.End,
    );
    const { page, slice, next } = pageOf(inWindow, input.NextPageToken, state.costDaysPerPage);
    return {
      operation: "GetCostAndUsage",
      page,
      answer: json(
        {
          GroupDefinitions: state.costs.GroupDefinitions,
          ResultsByTime: slice,
          DimensionValueAttributes: state.costs.DimensionValueAttributes,
          NextPageToken: next,
        },
        "application/x-amz-json-1.1",
      ),
    };
  }

  const answerJson: JsonAnswerer = (target, body) => {
    if (target === "GraniteServiceVersion20100801.GetMetricData") return getMetricData(body);
    if (target === "AWSInsightsIndexService.GetCostAndUsage") return getCostAndUsage(body);
    return {
      operation: target,
      page: 1,
      answer: {
        status: 400,
        type: "application/x-amz-json-1.1",
        body: JSON.stringify({ __type: "UnknownOperationException", message: target }),
      },
    };
  };
  return { state, answerJson };
}

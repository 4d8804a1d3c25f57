import { describe, expect, it } from "vitest";
import { evaluatorOf } from "../../../../server/modules/observability/alerts/evaluators.ts";
import {
  describeRule,
  FIELD_DEFAULTS,
  fieldsOf,
  type ParamFields,
  paramsOf,
  type RuleKind,
} from "./telemetry-rule-params.ts";

/** What the form sends for a kind, as the server stores it (its schema's defaults filled in). */
const stored = (kind: RuleKind, fields: ParamFields) =>
  evaluatorOf(kind)!.params.parse(paramsOf(kind, { ...FIELD_DEFAULTS, ...fields })) as Record<
    string,
    unknown
  >;

// One rule of each kind the form edits, with every field it shows set away from its default.
const RULES: Array<[RuleKind, ParamFields]> = [
  [
    "metric_threshold",
    {
      metric: "cpu_usage",
      matchers: "job=api, env!=dev, host=~web-.*",
      groupBy: "host, region",
      aggregation: "max",
      windowMinutes: "10",
      comparator: "<=",
      threshold: "0.5",
    },
  ],
  ["metric_absent", { metric: "heartbeat", matchers: "job!~batch.*", windowMinutes: "15" }],
  [
    "metric_anomaly",
    {
      metric: "http_requests",
      groupBy: "service",
      aggregation: "sum",
      stepMinutes: "10",
      historyHours: "72",
      sensitivity: "0.9",
      direction: "above",
    },
  ],
  [
    "metric_forecast",
    { metric: "disk_free_bytes", threshold: "1000000", limitDirection: "below", withinDays: "3" },
  ],
  ["new_log_pattern", { service: "checkout", level: "warn", windowMinutes: "30" }],
  [
    "log_count",
    {
      q: 'timeout -"health"',
      service: "api",
      level: "",
      windowMinutes: "5",
      comparator: ">",
      threshold: "100",
      groupByService: "yes",
    },
  ],
];

describe("fieldsOf", () => {
  it.each(RULES)(
    "gives back the fields of a stored %s rule, unchanged when saved again",
    (kind, fields) => {
      const params = stored(kind, fields);
      expect(stored(kind, fieldsOf(kind, params))).toEqual(params);
      for (const [name, value] of Object.entries(fields))
        expect(fieldsOf(kind, params)[name]).toBe(value);
    },
  );
});

describe("describeRule", () => {
  it("says a log count is judged per service when it is", () => {
    const params = { q: "boom", windowMinutes: 5, comparator: ">=", threshold: 1 };
    expect(describeRule("log_count", params)).toBe('all lines matching "boom" in 5 min >= 1');
    expect(describeRule("log_count", { ...params, groupByService: true })).toBe(
      'all lines matching "boom" per service in 5 min >= 1',
    );
  });
});

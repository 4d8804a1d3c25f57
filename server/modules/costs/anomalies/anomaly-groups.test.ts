import { describe, expect, it } from "vitest";
import { type GroupableAnomaly, groupAnomalies } from "./anomaly-groups.ts";
import type { Dimension } from "./anomaly-series.ts";

let next = 0;
function anomaly(
  day: string,
  dimension: string,
  key: string,
  deviation: number,
  cause: [Dimension, string] | null,
  extra: Partial<GroupableAnomaly> = {},
): GroupableAnomaly {
  return {
    id: `a${++next}`,
    day,
    dimension,
    key,
    currency: "USD",
    actual: String(100 + deviation),
    expected: "100",
    deviation: String(deviation),
    score: deviation / 5,
    severity: "low",
    status: "open",
    rootCause: cause
      ? [
          {
            dimension: cause[0],
            key: cause[1],
            actual: "1",
            expected: "0",
            deviation: "1",
            share: 1,
          },
        ]
      : [],
    ...extra,
  };
}

describe("grouping cost anomalies into events", () => {
  it("makes one event of a runaway seen by its service, account and tags on each day", () => {
    const days = ["2026-11-18", "2026-11-19", "2026-11-20"];
    const rows = days.flatMap((day, i) => [
      anomaly(day, "ServiceName", "AWS Lambda", 22 + i, ["ResourceId", "globex-etl"], {
        severity: "high",
      }),
      anomaly(day, "tag:client", "globex", 23 + i, ["ServiceName", "AWS Lambda"]),
      anomaly(day, "tag:project", "data-pipeline", 23 + i, ["ServiceName", "AWS Lambda"]),
      anomaly(day, "BillingAccountId", "2109", 26 + i, ["ServiceName", "AWS Lambda"]),
    ]);
    // Earlier and unrelated: its own event.
    rows.push(anomaly("2026-11-02", "ServiceName", "Amazon S3", 40, ["ResourceId", "logs-bucket"]));
    const groups = groupAnomalies(rows);
    expect(groups).toHaveLength(2);
    const [runaway, s3] = groups;
    expect(runaway!.headline).toMatchObject({
      key: "AWS Lambda",
      firstDay: "2026-11-18",
      lastDay: "2026-11-20",
    });
    expect(runaway!.headline.peak.deviation).toBe("24");
    expect(runaway!.related.map((e) => e.key)).toEqual(["2109", "globex", "data-pipeline"]);
    expect(runaway!.severity).toBe("high");
    expect(runaway!.related.flatMap((e) => e.anomalies)).toHaveLength(9);
    expect(s3!.headline.key).toBe("Amazon S3");
    expect(s3!.related).toEqual([]);
  });

  it("splits a series' days with a gap into episodes, and leaves events apart in time apart", () => {
    const rows = [
      anomaly("2026-11-01", "ServiceName", "EC2", 10, ["ResourceId", "i-1"]),
      anomaly("2026-11-02", "ServiceName", "EC2", 12, ["ResourceId", "i-1"]),
      anomaly("2026-11-05", "ServiceName", "EC2", 30, ["ResourceId", "i-1"]),
      anomaly("2026-11-05", "tag:env", "prod", 31, ["ServiceName", "EC2"]),
    ];
    const groups = groupAnomalies(rows);
    expect(groups.map((g) => [g.firstDay, g.lastDay, g.headline.key, g.related.length])).toEqual([
      ["2026-11-05", "2026-11-05", "EC2", 1],
      ["2026-11-01", "2026-11-02", "EC2", 0],
    ]);
  });

  it("joins series with the same root cause, never across currencies, and is open while a day is", () => {
    const rows = [
      anomaly("2026-11-10", "ServiceName", "EC2", 10, ["ResourceId", "i-9"], {
        status: "acknowledged",
      }),
      anomaly("2026-11-10", "RegionId", "eu-west-1", 9, ["ResourceId", "i-9"]),
      anomaly("2026-11-10", "ServiceName", "Compute", 50, ["ResourceId", "i-9"], {
        currency: "EUR",
      }),
    ];
    const groups = groupAnomalies(rows);
    expect(groups).toHaveLength(2);
    const usd = groups.find((g) => g.headline.currency === "USD")!;
    expect(usd.related).toHaveLength(1);
    expect(usd.status).toBe("open");
    const acknowledged = groupAnomalies(rows.slice(0, 1));
    expect(acknowledged[0]!.status).toBe("acknowledged");
  });
});

import { describe, expect, it } from "vitest";
import { INGEST_ENDPOINTS } from "./ingest-endpoints.ts";

describe("the ingest endpoints Logs → Sources lists", () => {
  it("names the metric endpoints beside the log ones, each with how the key is sent", () => {
    expect(INGEST_ENDPOINTS.map((e) => `${e.signal} ${e.path}`)).toEqual([
      "Logs /v1/logs",
      "Logs /loki/api/v1/push",
      "Logs /ingest/v1/logs",
      "Metrics /v1/metrics",
      "Metrics /prometheus/api/v1/write",
    ]);
    for (const e of INGEST_ENDPOINTS) expect(e.key).toMatch(/gpk_|Bearer/);
  });
});

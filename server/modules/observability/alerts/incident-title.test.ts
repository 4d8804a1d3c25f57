import { describe, expect, it } from "vitest";
import { incidentTitleOf, incidentTitleOfAll } from "./incident-title.ts";

const titleOf = (labels: Record<string, string>) =>
  incidentTitleOf({ labels, summary: "a long summary with numbers 1043 > 500" });

describe("incident titles", () => {
  it("name the rule and what it is about, not the alert's numbers", () => {
    expect(
      titleOf({ alertname: "Site down", check: "Acme storefront", service: "storefront" }),
    ).toBe("Site down · Acme storefront");
    expect(titleOf({ alertname: "Storefront slow", service: "storefront", host: "web-2" })).toBe(
      "Storefront slow · storefront",
    );
    expect(titleOf({ alertname: "CPU hot", host: "web-2", metric: "cpu_usage" })).toBe(
      "CPU hot · web-2",
    );
    expect(titleOf({ alertname: "Heartbeat", metric: "heartbeat" })).toBe("Heartbeat · heartbeat");
  });

  it("read a cost anomaly's tag as a word and its column value alone", () => {
    expect(titleOf({ alertname: "Cost anomaly", dimension: "tag:client", value: "globex" })).toBe(
      "Cost anomaly · client globex",
    );
    expect(
      titleOf({ alertname: "Cost anomaly", dimension: "ServiceName", value: "AWS Lambda" }),
    ).toBe("Cost anomaly · AWS Lambda");
    expect(titleOf({ alertname: "Cost anomaly", dimension: "total", value: "" })).toBe(
      "Cost anomaly · Total",
    );
  });

  it("are the rule alone when nothing narrower is known, and the summary without a rule", () => {
    expect(titleOf({ alertname: "Too many errors", count: "12" })).toBe("Too many errors");
    expect(titleOf({})).toBe("a long summary with numbers 1043 > 500");
  });

  it("stay one line long", () => {
    const title = titleOf({ alertname: "Slow", service: "s".repeat(300) });
    expect(title).toHaveLength(120);
    expect(title.endsWith("…")).toBe(true);
  });
});

describe("the title of an incident several alerts keep open", () => {
  const alert = (labels: Record<string, string>) => ({ labels, summary: "numbers" });

  it("names every subject, then how many more", () => {
    const hosts = ["a", "b", "c", "d", "e"].map((host) =>
      alert({ alertname: "CPU high", host, metric: "cpu" }),
    );
    expect(incidentTitleOfAll(hosts.slice(0, 2))).toBe("CPU high · a, b");
    expect(incidentTitleOfAll(hosts)).toBe("CPU high · a, b, c +2 more");
  });

  it("counts the other rules that share the group", () => {
    expect(
      incidentTitleOfAll([
        alert({ alertname: "CPU high", host: "a", metric: "cpu" }),
        alert({ alertname: "Always fires", metric: "cpu" }),
        alert({ alertname: "CPU very high", host: "a", metric: "cpu" }),
      ]),
    ).toBe("CPU high and 2 other rules · a, cpu");
  });
});

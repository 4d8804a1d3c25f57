import { describe, expect, it } from "vitest";
import { leafAttributes } from "./log-rows.tsx";

describe("a log line's attributes as the explorer lists them", () => {
  it("open nested objects into dotted keys, each leaf a value of its own", () => {
    expect(
      leafAttributes({
        "http.status_code": 500,
        "syslog.sd": { "origin@1": { ip: "10.0.0.7" } },
        tags: ["a", "b"],
        empty: {},
        none: null,
      }),
    ).toEqual([
      ["http.status_code", 500],
      ["syslog.sd.origin@1.ip", "10.0.0.7"],
      ["tags", ["a", "b"]],
      ["empty", {}],
      ["none", null],
    ]);
  });
});

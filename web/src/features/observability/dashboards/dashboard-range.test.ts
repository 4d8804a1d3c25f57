import { describe, expect, it } from "vitest";
import { viewedRange, withViewedRange } from "./dashboard-range.ts";

describe("a dashboard's period in the URL", () => {
  it("is the viewer's choice when the URL names one, else the saved default", () => {
    expect(viewedRange(new URLSearchParams("range=7d"), "1h")).toBe("7d");
    expect(viewedRange(new URLSearchParams(""), "1h")).toBe("1h");
    expect(viewedRange(new URLSearchParams("range=forever"), "6h")).toBe("6h");
  });

  it("is written to the URL when it differs from the default, and left out when it is it", () => {
    const other = new URLSearchParams("x=1");
    expect(withViewedRange(other, "24h", "1h").toString()).toBe("x=1&range=24h");
    expect(withViewedRange(new URLSearchParams("range=24h"), "1h", "1h").toString()).toBe("");
    // The parameters given are not changed.
    expect(other.toString()).toBe("x=1");
  });
});

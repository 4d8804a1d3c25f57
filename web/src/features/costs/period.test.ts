import { describe, expect, it } from "vitest";
import { previousRange, rangeOf } from "./period.ts";

describe("previousRange", () => {
  it("compares month to date with the same days of the month before", () => {
    expect(previousRange({ from: "2026-11-01", to: "2026-11-29" })).toEqual({
      from: "2026-10-01",
      to: "2026-10-29",
    });
    // March 1–30 against all of February, not into March.
    expect(previousRange({ from: "2026-03-01", to: "2026-03-31" })).toEqual({
      from: "2026-02-01",
      to: "2026-03-01",
    });
  });

  it("compares whole months with as many whole months before, whatever their lengths", () => {
    expect(previousRange({ from: "2026-03-01", to: "2026-04-01" })).toEqual({
      from: "2026-02-01",
      to: "2026-03-01",
    });
    expect(previousRange({ from: "2026-09-01", to: "2026-12-01" })).toEqual({
      from: "2026-06-01",
      to: "2026-09-01",
    });
    expect(previousRange({ from: "2026-01-01", to: "2026-02-01" })).toEqual({
      from: "2025-12-01",
      to: "2026-01-01",
    });
  });

  it("compares a range that ends inside a later month with the same stretch of months before", () => {
    expect(previousRange({ from: "2026-09-01", to: "2026-11-16" })).toEqual({
      from: "2026-06-01",
      to: "2026-08-16",
    });
  });

  it("compares any other range with the days of equal number just before it", () => {
    expect(previousRange({ from: "2026-10-30", to: "2026-11-29" })).toEqual({
      from: "2026-09-30",
      to: "2026-10-30",
    });
  });
});

describe("rangeOf", () => {
  it("counts days in UTC, as the bills do, wherever the viewer is", () => {
    // 09:00 on 1 December in Auckland is still 30 November in UTC. Node applies a new TZ at once.
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland";
    try {
      const aucklandMorning = new Date("2026-11-30T20:00:00Z");
      expect(aucklandMorning.getDate()).toBe(1);
      expect(rangeOf("this-month", aucklandMorning)).toEqual({
        from: "2026-11-01",
        to: "2026-12-01",
      });
      expect(rangeOf("last-month", aucklandMorning)).toEqual({
        from: "2026-10-01",
        to: "2026-11-01",
      });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

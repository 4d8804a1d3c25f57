import { describe, expect, it } from "vitest";
import { periodOf } from "./periods.ts";

describe("budget periods", () => {
  it.each([
    ["monthly", "2024-02-29", "2024-02-01", "2024-03-01"],
    ["monthly", "2024-12-31", "2024-12-01", "2025-01-01"],
    ["quarterly", "2024-05-15", "2024-04-01", "2024-07-01"],
    ["quarterly", "2024-12-01", "2024-10-01", "2025-01-01"],
    ["annual", "2024-07-04", "2024-01-01", "2025-01-01"],
  ] as const)("%s period of %s runs from %s to %s (exclusive)", (period, day, start, end) => {
    expect(periodOf(period, day)).toEqual({ start, end });
  });
});

import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff.ts";

describe("retryDelayMs", () => {
  it("doubles per attempt from two seconds", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, middle))).toEqual([
      2_000, 4_000, 8_000, 16_000,
    ]);
  });

  it("spreads retries by at most 20% either way", () => {
    expect(retryDelayMs(1, () => 0)).toBe(1_600);
    expect(retryDelayMs(1, () => 0.999_999)).toBe(2_400);
  });

  it("never waits more than an hour", () => {
    expect(retryDelayMs(12, () => 0.999_999)).toBe(3_600_000);
    expect(retryDelayMs(1_000, () => 0)).toBe(3_600_000);
  });
});

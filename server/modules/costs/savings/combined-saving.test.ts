import { describe, expect, it } from "vitest";
import { combinedMonthlySaving } from "./combined-saving.ts";
import type { Advice } from "./savings.ts";

const shares = {
  "unused-commitment": 1,
  "commitment-coverage": 0.25,
  spot: 0.6,
  idle: 1,
  rightsizing: 0.5,
  unattached: 1,
} as const;
const advice = (kind: Advice["kind"], resourceId: string | null, monthlySaving: string) =>
  ({
    kind,
    title: kind,
    detail: "",
    resourceId,
    inventoryId: null,
    commitmentId: resourceId === null ? "ri-1" : null,
    monthlySaving,
    confidence: "medium",
    assumption: null,
  }) satisfies Advice;

describe("combinedMonthlySaving", () => {
  it("counts a commitment on a VM that is also downsized only on the smaller size", () => {
    // initech-app costs 414.71 a month: half of it by downsizing, a quarter of the rest by a commitment.
    const total = combinedMonthlySaving(
      [
        advice("commitment-coverage", "initech-app", "103.68"),
        advice("rightsizing", "initech-app", "207.36"),
      ],
      shares,
    );
    expect(total.toFixed(2)).toBe("259.20");
  });

  it("adds up advice on different resources and commitments", () => {
    const total = combinedMonthlySaving(
      [
        advice("commitment-coverage", "a", "75.00"),
        advice("spot", "b", "72.00"),
        advice("unused-commitment", null, "90.00"),
      ],
      shares,
    );
    expect(total.toFixed(2)).toBe("237.00");
  });

  it("counts nothing more on a resource whose whole cost one piece of advice already saves", () => {
    const total = combinedMonthlySaving(
      [advice("idle", "a", "45.00"), advice("commitment-coverage", "a", "11.25")],
      shares,
    );
    expect(total.toFixed(2)).toBe("45.00");
  });
});

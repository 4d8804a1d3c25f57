import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { centsAddingUp } from "./allocation.ts";

describe("centsAddingUp", () => {
  it("rounds each amount by less than a cent so that they add up to their rounded sum", () => {
    const thirds = ["3.33333", "3.33333", "3.33334", "0"].map((v) => new Decimal(v));
    expect(centsAddingUp(thirds).map(String)).toEqual(["3.33", "3.33", "3.34", "0"]);
    // A credit among costs: still within a cent each, still adding up.
    const credit = ["-1.005", "2.005", "0.333"].map((v) => new Decimal(v));
    const cents = centsAddingUp(credit);
    expect(cents.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2)).toBe("1.33");
    expect(cents.every((c, i) => c.minus(credit[i]!).abs().lessThan("0.01"))).toBe(true);
  });
});

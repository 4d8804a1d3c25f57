import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { decimal } from "./values.ts";

/** Deterministic E-notation amounts: signs, points, leading/trailing zeros, both exponent signs. */
function eNotationSamples(): string[] {
  const mantissas = [
    "0",
    "0.0",
    "4.0",
    "1",
    "1.5",
    "12.345",
    "0.001",
    "100",
    ".5",
    "5.",
    "007.500",
  ];
  const exponents = ["0", "1", "2", "-1", "-3", "-7", "-20", "+4", "12", "-0"];
  const samples: string[] = [];
  for (const sign of ["", "-", "+"])
    for (const mantissa of mantissas)
      for (const exponent of exponents)
        for (const e of ["E", "e"]) samples.push(`${sign}${mantissa}${e}${exponent}`);
  return samples;
}

describe("decimal", () => {
  it("writes E-notation amounts out exactly as decimal.js does", () => {
    for (const raw of eNotationSamples())
      expect(decimal(raw, "lineItem/UnblendedCost"), raw).toBe(new Decimal(raw).toFixed());
  });

  it("writes the legacy CUR's small amounts without exponent, zero as 0", () => {
    expect(decimal("4.0E-7", "c")).toBe("0.0000004");
    expect(decimal("-1.25E-4", "c")).toBe("-0.000125");
    expect(decimal("1.5E3", "c")).toBe("1500");
    expect(decimal("-0.0E-5", "c")).toBe("0");
  });

  it("passes plain decimals through as written, without a leading +", () => {
    expect(decimal("0.10", "c")).toBe("0.10");
    expect(decimal("+3", "c")).toBe("3");
    expect(decimal(" 12.5 ", "c")).toBe("12.5");
  });

  it("refuses text that is not a number, naming the column", () => {
    expect(() => decimal("1.2.3", "lineItem/UnblendedCost")).toThrow(
      'lineItem/UnblendedCost: "1.2.3" is not a number',
    );
  });
});

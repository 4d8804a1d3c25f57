import { describe, expect, it } from "vitest";
import { productMatches } from "./decimal-product.ts";
import {
  isDateTime,
  isDecimal,
  isKeyValue,
  isNumericFormat,
  isUtcDateTime,
  stringProblem,
  toNumber,
} from "./value-formats.ts";

describe("FOCUS value formats", () => {
  it("accepts only real instants written YYYY-MM-DDTHH:mm:ssZ", () => {
    for (const ok of ["2024-02-29T23:59:59Z", "2024-09-01T00:00:00Z", "2000-02-29T12:00:00Z"])
      expect(isUtcDateTime(ok), ok).toBe(true);
    for (const bad of [
      "2023-02-29T00:00:00Z",
      "1900-02-29T00:00:00Z",
      "2024-09-31T00:00:00Z",
      "2024-09-01T24:00:00Z",
      "2024-09-01T00:00:00+00:00",
      "2024-09-01T00:00:00.000Z",
      "2024-09-01 00:00:00Z",
      "2024-9-01T00:00:00Z",
    ])
      expect(isUtcDateTime(bad), bad).toBe(false);
  });

  it("takes any ISO 8601 date or date-time as a date-time type", () => {
    for (const ok of [
      "2024-09-01",
      "2024-09-01T00:00:00+02:00",
      "2024-09-01 10:30",
      "2024-09-01T00:00:00.5Z",
    ])
      expect(isDateTime(ok), ok).toBe(true);
    for (const bad of ["09/01/2024", "2024-13-01", "yesterday", ""])
      expect(isDateTime(bad), bad).toBe(false);
    expect(isDateTime(new Date(Number.NaN))).toBe(false);
  });

  it("tells FOCUS numeric format from what merely reads as a number", () => {
    for (const ok of ["-12.5", "3", "1.2E-7", "1e5", ".5", "0"])
      expect(isNumericFormat(ok), ok).toBe(true);
    for (const bad of ["+1", "1,000", "1.", "1E+3", "$5", "", "1 000", "NaN"])
      expect(isNumericFormat(bad), bad).toBe(false);
    for (const ok of ["+1", "1.", " 2 ", "1E+3"]) expect(isDecimal(ok), ok).toBe(true);
    expect(isDecimal("1,000")).toBe(false);
    expect(toNumber("  ")).toBeNaN();
    expect(toNumber("-0.5")).toBe(-0.5);
  });

  it("finds blank and broken strings", () => {
    expect(stringProblem("")).toBe("is an empty string");
    expect(stringProblem("  ")).toBe("is only whitespace");
    expect(stringProblem("a\uD800b")).toBe("is not valid Unicode");
    expect(stringProblem("Zürich 東京 🚀")).toBeNull();
  });

  it("accepts flat key-value objects only", () => {
    expect(isKeyValue({ a: "1", b: 2, c: true, d: null })).toBe(true);
    expect(isKeyValue({ a: { b: 1 } })).toBe(false);
    expect(isKeyValue({ a: [1] })).toBe(false);
    expect(isKeyValue([])).toBe(false);
    expect(isKeyValue('{"a":1}')).toBe(false);
  });
});

describe("unit price × quantity against a cost", () => {
  it("matches to the cost's written precision, never coarser than a cent", () => {
    expect(productMatches("0.1234", "3", "0.3702")).toBe(true);
    expect(productMatches("0.1234", "3", "0.37")).toBe(true);
    expect(productMatches("0.1234", "3", "0.38")).toBe(false);
    expect(productMatches("0.1234", "3", "0.370")).toBe(true);
    expect(productMatches("0.1234", "3", "0.371")).toBe(false);
    expect(productMatches("0.004", "1", "0")).toBe(true);
    expect(productMatches("0.4", "1", "0")).toBe(false);
    expect(productMatches("0.1", "3", "0.3")).toBe(true); // 0.30000000000000004 in floats
  });

  it("is exact where floats are not", () => {
    expect(productMatches("123456789.123456789", "1000000", "123456789123456.789")).toBe(true);
    expect(productMatches("123456789.123456789", "1000000", "123456789123456.788")).toBe(false);
    expect(productMatches("1.5E-3", "2", "0.003")).toBe(true);
  });

  it("has no answer for values that are not numbers", () => {
    expect(productMatches("n/a", "3", "1")).toBeNull();
    expect(productMatches("1", "", "1")).toBeNull();
  });
});

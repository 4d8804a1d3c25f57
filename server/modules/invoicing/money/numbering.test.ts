import { describe, expect, it } from "vitest";
import { DEFAULT_NUMBER_FORMAT, formatInvoiceNumber, numberFormatProblem } from "./numbering.ts";

describe("invoice number formats", () => {
  it("fill the counter and the issue date", () => {
    expect(formatInvoiceNumber(DEFAULT_NUMBER_FORMAT, 42, "2026-11-25")).toBe("INV-2026-0042");
    expect(formatInvoiceNumber("{YY}{MM}-{seq}", 7, "2026-03-01")).toBe("2603-7");
    expect(formatInvoiceNumber("A/{seq:2}", 12345, "2026-03-01")).toBe("A/12345");
  });

  it("refuse formats that cannot number invoices, saying why", () => {
    expect(numberFormatProblem("INV-{YYYY}")).toMatch(/\{seq\}/);
    expect(numberFormatProblem("{seq}-{seq}")).toMatch(/exactly once/);
    expect(numberFormatProblem("INV-{DD}-{seq}")).toMatch(/Unknown placeholder/);
    expect(numberFormatProblem("INV {seq}")).toMatch(/letters, digits/);
    expect(numberFormatProblem("")).toMatch(/1–64/);
    expect(numberFormatProblem(DEFAULT_NUMBER_FORMAT)).toBeNull();
    expect(() => formatInvoiceNumber("nope", 1, "2026-01-01")).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { breakdownCsv, explorerCsvName } from "./csv.ts";

describe("explorerCsvName", () => {
  it("names the file by the last day shown, not the range's exclusive end", () => {
    expect(explorerCsvName("tag:client", { from: "2026-10-01", to: "2026-11-01" })).toBe(
      "costs-tag_client-2026-10-01-to-2026-10-31",
    );
  });
});

describe("breakdownCsv", () => {
  it("says the currency on every row and in the file's name", () => {
    const csv = breakdownCsv({
      heading: "Tag: client",
      groups: [
        { key: null, total: "274.4079270562" },
        { key: "=acme", total: "110.5920729438" },
      ],
      total: "385",
      currency: "EUR",
      noneLabel: "(not set)",
      name: "costs-tag_client-2026-10-01-to-2026-10-31",
    });
    expect(csv.fileName).toBe("costs-tag_client-2026-10-01-to-2026-10-31-EUR.csv");
    expect(csv.text.split("\r\n")).toEqual([
      "Tag: client,Total,Currency,Share %",
      "(not set),274.4079270562,EUR,71.27",
      "'=acme,110.5920729438,EUR,28.73",
      "Total,385,EUR,100.00",
    ]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField } from "../../../platform/db/copy.ts";
import { FOCUS_COLUMN_NAMES, FOCUS_COLUMNS, type FocusRow } from "./focus.ts";
import { jsonField, serialise } from "./ledger-csv.ts";

/** The line as the importer wrote it before serialise was compiled: field by field, by name. */
function plainLine(row: FocusRow): string {
  const json = (value: object | null | undefined) =>
    value && Object.keys(value).length > 0 ? csvField(JSON.stringify(value)) : "";
  const fields = FOCUS_COLUMN_NAMES.map((name) =>
    FOCUS_COLUMNS[name] === "json"
      ? json(row[name] as object | null | undefined)
      : csvField(row[name] as string | null | undefined),
  );
  return [...fields, json(row.extensions)].join(",");
}

// Text with what CSV and JSON treat specially: quotes, commas, line breaks, backslashes,
// control characters, edge spaces, astral characters and lone surrogates.
const tricky = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("", " ", "a,b", 'say "hi"', "x\ny", "\r\n", "back\\slash", "\u0001", "\ud83d"),
  fc.constantFrom("\udc00x", "é", "😀", " lead", "trail\t", "{}", "1.5E-7", "2024-09-01T00:00:00Z"),
);
const value = fc.option(tricky, { nil: null });
const flat = fc.dictionary(
  fc.oneof(tricky, fc.constantFrom("0", "12", "x_Key")),
  fc.oneof(tricky, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
  { maxKeys: 5 },
);

describe("serialise", () => {
  it("writes every column as csvField and JSON.stringify would, for any text", () => {
    const row = fc.record(
      Object.fromEntries(
        FOCUS_COLUMN_NAMES.map((name) => [
          name,
          FOCUS_COLUMNS[name] === "json" ? fc.option(flat, { nil: null }) : value,
        ]),
      ),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(row, fc.option(flat, { nil: undefined }), (columns, extensions) => {
        const focusRow = { ...columns, extensions } as FocusRow;
        expect(serialise(focusRow)).toBe(plainLine(focusRow));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves absent and empty objects null, and keeps `{}` when every value drops out", () => {
    expect(jsonField(null)).toBe("");
    expect(jsonField({})).toBe("");
    expect(jsonField({ a: undefined })).toBe("{}");
    expect(jsonField({ b: "1", 2: "x" })).toBe('"{""2"":""x"",""b"":""1""}"');
    expect(jsonField({ d: new Date(0) })).toBe('"{""d"":""1970-01-01T00:00:00.000Z""}"');
    expect(jsonField({ q: 'a"b\\c\n' })).toBe('"{""q"":""a\\""b\\\\c\\n""}"');
  });
});

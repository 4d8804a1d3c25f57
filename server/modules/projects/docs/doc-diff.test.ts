import { describe, expect, it } from "vitest";
import { diffLines } from "./doc-diff.ts";

describe("diffLines", () => {
  it("counts changed lines and numbers them on both sides", () => {
    const diff = diffLines("# Title\none\ntwo\nthree\n", "# Title\none\n2\nthree\nfour\n");
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.hunks).toHaveLength(1);
    expect(diff.hunks[0]!.lines).toEqual([
      { type: "context", text: "# Title", oldNumber: 1, newNumber: 1 },
      { type: "context", text: "one", oldNumber: 2, newNumber: 2 },
      { type: "removed", text: "two", oldNumber: 3, newNumber: null },
      { type: "added", text: "2", oldNumber: null, newNumber: 3 },
      { type: "context", text: "three", oldNumber: 4, newNumber: 4 },
      { type: "added", text: "four", oldNumber: null, newNumber: 5 },
    ]);
  });

  it("ignores a missing final newline and Windows line ends", () => {
    expect(diffLines("a\r\nb", "a\nb\n")).toEqual({ added: 0, removed: 0, hunks: [] });
  });

  it("splits distant changes into separate hunks with three lines of context", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const changed = [...lines];
    changed[1] = "second";
    changed[27] = "twenty-eighth";
    const diff = diffLines(lines.join("\n"), changed.join("\n"));
    expect(diff.hunks.map((h) => [h.oldStart, h.oldLines])).toEqual([
      [1, 5],
      [25, 6],
    ]);
    expect(diff).toMatchObject({ added: 2, removed: 2 });
  });

  it("diffs from and to an empty page", () => {
    expect(diffLines("", "new\npage\n")).toMatchObject({ added: 2, removed: 0 });
    expect(diffLines("old\n", "")).toMatchObject({ added: 0, removed: 1 });
  });
});

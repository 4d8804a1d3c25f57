import { describe, expect, it } from "vitest";
import { parseLogQuery, tsqueryText, tsvectorText, wordsOf } from "./log-words.ts";

describe("log words", () => {
  it("stores the same words, in the same order, as queries and the live tail split", () => {
    const message = "GET /api/Items/7 status=500 user_id=ü42 Zürich 東京 𝒳ray naïve\u0000end";
    const stored = tsvectorText(message)
      .split(" ")
      .flatMap((entry) => {
        const [, word, at] = /^'(.+)':([\d,]+)$/.exec(entry)!;
        return at!.split(",").map((p) => [Number(p), word!] as const);
      })
      .sort((a, b) => a[0] - b[0])
      .map(([, word]) => word);
    expect(stored).toEqual(wordsOf(message));
    expect(stored.slice(0, 6)).toEqual(["get", "api", "items", "7", "status", "500"]);
  });

  it("keeps each position once and a word's repeats in order", () => {
    expect(tsvectorText("a b a a")).toBe("'a':1,3,4 'b':2");
    expect(tsvectorText("")).toBe("");
  });

  it("turns words, phrases, exclusions and or into a tsquery", () => {
    expect(tsqueryText(parseLogQuery('timeout "db pool" -retry or status=500'))).toBe(
      "(('timeout') & ('db' <-> 'pool') & !('retry')) | (('status' <-> '500'))",
    );
    expect(tsqueryText(parseLogQuery("!!!"))).toBeUndefined();
  });
});

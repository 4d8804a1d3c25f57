import { describe, expect, it } from "vitest";
import { createSeriesCache, seriesKeyOf } from "./series-cache.ts";

const key = seriesKeyOf;

describe("series cache", () => {
  it("keeps a series id per workspace: the same name and labels elsewhere is a miss", () => {
    const cache = createSeriesCache(10);
    cache.set(key("ws-a", "up", '{"job":"x"}'), "series-a");
    expect(cache.get(key("ws-a", "up", '{"job":"x"}'))).toBe("series-a");
    expect(cache.get(key("ws-b", "up", '{"job":"x"}'))).toBeUndefined();
    cache.set(key("ws-b", "up", '{"job":"x"}'), "series-b");
    expect(cache.get(key("ws-a", "up", '{"job":"x"}'))).toBe("series-a");
    expect(cache.get(key("ws-b", "up", '{"job":"x"}'))).toBe("series-b");
  });

  it("does not confuse identities whose parts run together", () => {
    const cache = createSeriesCache(10);
    cache.set(key("ws", "a", "bc"), "one");
    expect(cache.get(key("ws", "ab", "c"))).toBeUndefined();
  });

  it("holds at most max ids and drops those unused for a whole generation first", () => {
    const cache = createSeriesCache(4); // generations of 2
    cache.set(key("ws", "m", "1"), "id1");
    cache.set(key("ws", "m", "2"), "id2"); // young is full: 1 and 2 become the old generation
    expect(cache.get(key("ws", "m", "1"))).toBe("id1"); // used: back in the young one
    cache.set(key("ws", "m", "3"), "id3"); // young full again: 1 and 3 old, 2 dropped
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get(key("ws", "m", "2"))).toBeUndefined();
    expect(cache.get(key("ws", "m", "1"))).toBe("id1");
    expect(cache.get(key("ws", "m", "3"))).toBe("id3");
    for (let i = 0; i < 100; i++) cache.set(key("ws", "many", String(i)), `id${i}`);
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get(key("ws", "many", "99"))).toBe("id99");
  });
});

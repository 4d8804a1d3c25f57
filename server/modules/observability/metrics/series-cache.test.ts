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

  it("holds at most max ids and drops the least recently used first", () => {
    const cache = createSeriesCache(3);
    cache.set(key("ws", "m", "1"), "id1");
    cache.set(key("ws", "m", "2"), "id2");
    cache.set(key("ws", "m", "3"), "id3");
    expect(cache.get(key("ws", "m", "1"))).toBe("id1"); // now 2 is the oldest
    cache.set(key("ws", "m", "4"), "id4");
    expect(cache.size).toBe(3);
    expect(cache.get(key("ws", "m", "2"))).toBeUndefined();
    expect(cache.get(key("ws", "m", "1"))).toBe("id1");
    expect(cache.get(key("ws", "m", "3"))).toBe("id3");
    expect(cache.get(key("ws", "m", "4"))).toBe("id4");
  });
});

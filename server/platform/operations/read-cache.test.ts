import { describe, expect, it } from "vitest";
import { ReadCache } from "./read-cache.ts";

describe("ReadCache", () => {
  it("serves a stored result until the workspace changes", async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("w1", "k", load)).toBe(1);
    expect(await cache.get("w1", "k", load)).toBe(1);
    cache.invalidate("w1");
    expect(await cache.get("w1", "k", load)).toBe(2);
  });

  it("keeps workspaces apart", async () => {
    const cache = new ReadCache();
    await cache.get("w1", "k", async () => "one");
    expect(await cache.get("w2", "k", async () => "two")).toBe("two");
    cache.invalidate("w2");
    expect(await cache.get("w1", "k", async () => "again")).toBe("one");
  });

  it("does not store a result whose read raced with a change", async () => {
    const cache = new ReadCache();
    const stale = cache.get("w1", "k", async () => {
      cache.invalidate("w1"); // a write commits while the read is running
      return "stale";
    });
    expect(await stale).toBe("stale");
    expect(await cache.get("w1", "k", async () => "fresh")).toBe("fresh");
  });

  it("expires entries after the TTL", async () => {
    let now = 0;
    const cache = new ReadCache(1_000, 100, () => now);
    await cache.get("w1", "k", async () => "old");
    now = 1_001;
    expect(await cache.get("w1", "k", async () => "new")).toBe("new");
  });
});

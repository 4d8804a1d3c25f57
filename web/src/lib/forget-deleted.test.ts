import { describe, expect, it } from "vitest";
import { deletedId, withoutId } from "./forget-deleted.ts";

describe("forgetting a deleted object in cached data", () => {
  it("drops it from every array, keeping what did not change as it was", () => {
    const other = { id: "b", name: "kept", tags: ["x"] };
    const data = {
      total: 2,
      items: [{ id: "a", name: "gone" }, other],
      detail: { lines: [{ id: "c" }, { id: "a" }] },
      untouched: { list: [{ id: "d" }] },
    };
    const after = withoutId(data, "a") as typeof data;
    expect(after.items).toEqual([other]);
    expect(after.items[0]).toBe(other);
    expect(after.detail.lines).toEqual([{ id: "c" }]);
    expect(after.untouched).toBe(data.untouched);
    expect(data.items).toHaveLength(2); // the cached value itself is not changed
  });

  it("returns the same value when the id is nowhere", () => {
    const data = [{ id: "x", when: new Date(0) }, "text", 3, null];
    expect(withoutId(data, "a")).toBe(data);
  });

  it("knows which operations delete what", () => {
    expect(deletedId("health.checks.delete", { id: "a" })).toBe("a");
    expect(deletedId("invoices.lines.remove", { id: "l" })).toBe("l");
    expect(deletedId("members.remove", { userId: "u" })).toBeUndefined();
    expect(deletedId("health.checks.update", { id: "a" })).toBeUndefined();
  });
});

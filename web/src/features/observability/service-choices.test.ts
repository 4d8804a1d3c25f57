import { describe, expect, it } from "vitest";
import { cappedNote, serviceChoices } from "./service-choices.ts";

const list = {
  items: [
    { service: "web", count: 9 },
    { service: "db", count: 3 },
  ],
  total: 238,
  truncated: true,
};

describe("the service filter", () => {
  it("offers the listed services and keeps a chosen one that is not among them", () => {
    expect(serviceChoices(list, "").map((s) => s.service)).toEqual(["web", "db"]);
    expect(serviceChoices(list, "db")).toEqual(list.items);
    expect(serviceChoices(list, "svc-230")).toEqual([
      ...list.items,
      { service: "svc-230", count: null },
    ]);
    expect(serviceChoices(undefined, "")).toEqual([]);
  });

  it("says how many services are not listed", () => {
    expect(cappedNote(list)).toBe("… 236 quieter services not listed (busiest 2 of 238)");
  });
});

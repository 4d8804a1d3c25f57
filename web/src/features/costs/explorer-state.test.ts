import { describe, expect, it } from "vitest";
import { filtersOf, matchOf } from "./allocation/allocation-rules.ts";
import { describeFilters, toExplorerFilters } from "./budgets/budget-format.ts";
import {
  parseExplorerState,
  serializeExplorerState,
  setFilter,
  toApiFilters,
} from "./explorer-state.ts";

const today = new Date("2024-09-15T12:00:00Z");

describe("explorer state: (not set)", () => {
  it("keeps a drilled-into (not set) in the URL, alone or with values", () => {
    const start = parseExplorerState(new URLSearchParams("period=last-month"), today);
    let filters = setFilter(start.filters, "tag:client", [null]);
    filters = setFilter(filters, "RegionId", ["eu-west-1", null]);
    const params = serializeExplorerState({ ...start, filters });
    expect(params.toString()).toBe(
      "period=last-month&RegionId=eu-west-1&notset=RegionId&notset=tag%3Aclient",
    );
    const back = parseExplorerState(params, today);
    expect(back.filters).toEqual({
      columns: { RegionId: ["eu-west-1", null] },
      tags: { client: [null] },
    });
    // The API reads null as "not set" (a tag: the key absent).
    expect(toApiFilters(back.filters)).toEqual({
      RegionId: ["eu-west-1", null],
      tags: { client: [null] },
    });
    // An empty value is not "(not set)"; a lower-case "column" is no column.
    expect(
      parseExplorerState(new URLSearchParams("tag.client=&notset=region"), today).filters,
    ).toEqual({ columns: {}, tags: {} });
  });

  it("keeps null through a rule's match and a budget's filters, and names it", () => {
    const match = { ResourceId: [null], tags: { client: [null, "acme"] } };
    expect(matchOf(filtersOf(match))).toEqual(match);
    expect(toExplorerFilters(match).columns).toEqual({ ResourceId: [null] });
    expect(describeFilters(match)).toBe("ResourceId = (not set) · tag client = (not set) or acme");
  });
});

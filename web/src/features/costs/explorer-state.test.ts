import { describe, expect, it } from "vitest";
import { filtersOf, matchOf } from "./allocation/allocation-rules.ts";
import { describeFilters, toExplorerFilters } from "./budgets/budget-format.ts";
import {
  filtersOfGroup,
  invalidCustomRange,
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

describe("explorer state: clients and projects", () => {
  it("keeps a client, or No client, in the URL and narrows a client bar to its share", () => {
    const start = parseExplorerState(
      new URLSearchParams("period=last-month&group=allocation:client"),
      today,
    );
    const acme = filtersOfGroup(start.filters, start.groupBy, "acme");
    expect(acme).toEqual({ columns: {}, tags: {}, allocation: { kind: "client", key: "acme" } });
    const rest = filtersOfGroup(start.filters, start.groupBy, null);
    const params = serializeExplorerState({ ...start, filters: rest });
    expect(params.toString()).toBe("period=last-month&group=allocation%3Aclient&notset=client");
    const back = parseExplorerState(params, today);
    expect(back.filters.allocation).toEqual({ kind: "client", key: null });
    expect(toApiFilters(back.filters)).toEqual({ allocation: { kind: "client", key: null } });
    expect(describeFilters({ allocation: { kind: "client", key: null } })).toBe(
      "allocated to no client",
    );
    // Under any other grouping a bar is its value of the dimension, as before.
    expect(filtersOfGroup(start.filters, "RegionId", null).columns).toEqual({ RegionId: [null] });
    const project = parseExplorerState(new URLSearchParams("project=PLAT"), today);
    expect(project.filters.allocation).toEqual({ kind: "project", key: "PLAT" });
  });
});

describe("explorer state: an inverted custom range", () => {
  it("shows month to date, says why, and serialises to what is shown", () => {
    const params = new URLSearchParams(
      "period=custom&from=2024-11-01&to=2024-10-01&group=RegionId",
    );
    const state = parseExplorerState(params, today);
    expect(state.preset).toBe("this-month");
    expect(state.range).toEqual({ from: "2024-09-01", to: "2024-09-16" });
    expect(invalidCustomRange(params)).toBe(
      "The link's custom range ends (2024-10-01) before it starts (2024-11-01)",
    );
    expect(serializeExplorerState(state).toString()).toBe("period=this-month&group=RegionId");
    expect(invalidCustomRange(new URLSearchParams("period=custom&from=2024-10-01&to=x"))).toBe(
      "The link's custom range is not a pair of dates",
    );
    const fine = new URLSearchParams("period=custom&from=2024-10-01&to=2024-11-01");
    expect(invalidCustomRange(fine)).toBeNull();
    expect(parseExplorerState(fine, today).range).toEqual({ from: "2024-10-01", to: "2024-11-01" });
  });
});

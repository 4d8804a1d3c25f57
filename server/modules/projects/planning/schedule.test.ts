import { describe, expect, it } from "vitest";
import { type Dependency, reschedule, type Span } from "./schedule.ts";

const items = (...spans: Span[]) => new Map(spans.map((s) => [s.id, s]));

// design (epic) → build (epic) → launch (milestone); review depends on design only.
const plan = items(
  { id: "design", title: "Design", start: "2026-01-05", end: "2026-01-16" },
  { id: "build", title: "Build", start: "2026-01-19", end: "2026-02-13" },
  { id: "launch", title: "Launch", start: null, end: "2026-02-20" },
  { id: "review", title: "Review", start: "2026-01-26", end: "2026-01-30" },
);
const deps: Dependency[] = [
  { itemId: "build", dependsOnId: "design" },
  { itemId: "launch", dependsOnId: "build" },
  { itemId: "review", dependsOnId: "design" },
];

describe("roadmap rescheduling", () => {
  it("moves dependents along by just enough, keeping their length", () => {
    // Design slips two weeks: it now ends 2026-01-30.
    const result = reschedule(
      plan,
      deps,
      { id: "design", start: "2026-01-19", end: "2026-01-30" },
      true,
    );
    expect(result.conflicts).toEqual([]);
    expect(result.moved).toEqual([
      { id: "design", start: "2026-01-19", end: "2026-01-30" },
      { id: "build", start: "2026-01-30", end: "2026-02-24" },
      { id: "review", start: "2026-01-30", end: "2026-02-03" },
      { id: "launch", start: null, end: "2026-02-24" },
    ]);
  });

  it("leaves dependents that still fit where they are", () => {
    const result = reschedule(
      plan,
      deps,
      { id: "design", start: "2026-01-05", end: "2026-01-19" },
      true,
    );
    expect(result.moved.map((m) => m.id)).toEqual(["design"]);
  });

  it("only reports broken dependencies when not cascading", () => {
    const result = reschedule(
      plan,
      deps,
      { id: "design", start: "2026-01-19", end: "2026-01-30" },
      false,
    );
    expect(result.moved).toEqual([{ id: "design", start: "2026-01-19", end: "2026-01-30" }]);
    expect(result.conflicts.map((c) => c.itemId).sort()).toEqual(["build", "review"]);
    expect(result.conflicts[0]?.message).toMatch(
      /starts 2026-01-\d\d, before Design ends 2026-01-30/,
    );
  });

  it("never moves predecessors: starting before one ends is a conflict", () => {
    const result = reschedule(plan, deps, { id: "launch", start: null, end: "2026-02-01" }, true);
    expect(result.moved).toEqual([{ id: "launch", start: null, end: "2026-02-01" }]);
    expect(result.conflicts).toEqual([
      {
        itemId: "launch",
        dependsOnId: "build",
        message: "Launch starts 2026-02-01, before Build ends 2026-02-13",
      },
    ]);
  });

  it("takes the latest of several predecessors", () => {
    const diamond = items(
      { id: "a", title: "A", start: "2026-03-02", end: "2026-03-06" },
      { id: "b", title: "B", start: "2026-03-02", end: "2026-03-13" },
      { id: "c", title: "C", start: "2026-03-16", end: "2026-03-20" },
    );
    const both = [
      { itemId: "c", dependsOnId: "a" },
      { itemId: "c", dependsOnId: "b" },
    ];
    const result = reschedule(
      diamond,
      both,
      { id: "a", start: "2026-03-09", end: "2026-03-27" },
      true,
    );
    expect(result.moved.at(-1)).toEqual({ id: "c", start: "2026-03-27", end: "2026-03-31" });
  });
});

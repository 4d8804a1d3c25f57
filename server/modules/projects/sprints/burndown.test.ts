import { describe, expect, it } from "vitest";
import { burndownOf, sprintDays } from "./burndown.ts";
import type { ReplayEvent } from "./replay.ts";

const S = "sprint-s";
const at = (iso: string) => new Date(iso);
const created = (taskId: string, estimate: string | null, sprintId: string | null, when: string) =>
  ({
    taskId,
    type: "created",
    at: at(when),
    data: { to: { columnId: "c", done: false, estimate, sprintId, assigneeId: null } },
  }) satisfies ReplayEvent;
const updated = (taskId: string, to: Record<string, unknown>, when: string): ReplayEvent => ({
  taskId,
  type: "updated",
  at: at(when),
  data: { from: {}, to },
});

const sprint = {
  id: S,
  startDate: "2025-03-03",
  endDate: "2025-03-07",
  startedAt: at("2025-03-03T09:00:00Z"),
  completedAt: null,
  committed: "8",
};

const history: ReplayEvent[] = [
  created("A", "3", S, "2025-03-01T10:00:00Z"),
  created("B", "5", S, "2025-03-01T10:01:00Z"),
  created("C", null, S, "2025-03-01T10:02:00Z"),
  created("X", "40", null, "2025-03-01T10:03:00Z"),
  updated("A", { done: true, columnId: "done" }, "2025-03-04T10:00:00Z"),
  created("D", "2", null, "2025-03-05T12:00:00Z"),
  updated("D", { sprintId: S }, "2025-03-05T13:00:00Z"),
  updated("B", { estimate: "8" }, "2025-03-05T15:00:00Z"),
  updated("A", { done: false, columnId: "todo" }, "2025-03-06T09:00:00Z"),
  { taskId: "C", type: "deleted", at: at("2025-03-06T10:00:00Z"), data: {} },
];

describe("burndownOf", () => {
  const chart = burndownOf(sprint, history, { now: at("2025-03-06T12:00:00Z"), timeZone: "UTC" });
  const row = (i: number) => {
    const d = chart.days[i]!;
    return [d.date, d.remaining, d.scope, d.completed, d.remainingTasks, d.scopeTasks];
  };

  it("starts from the committed estimate and falls evenly to zero on the last day", () => {
    expect(chart.start).toMatchObject({ ideal: "8", remaining: "8", scope: "8", scopeTasks: 3 });
    expect(chart.days.map((d) => d.ideal)).toEqual(["6.4", "4.8", "3.2", "1.6", "0"]);
    expect(chart.days.map((d) => d.idealTasks)).toEqual(["2.4", "1.8", "1.2", "0.6", "0"]);
  });

  it("replays completion, a task added mid-sprint, a new estimate, a reopen and a deletion", () => {
    expect(row(0)).toEqual(["2025-03-03", "8", "8", "0", 3, 3]);
    // A done: 3 completed; the unestimated C still counts as a task.
    expect(row(1)).toEqual(["2025-03-04", "5", "8", "3", 2, 3]);
    // D (2) joins and B grows 5 → 8: scope rises to 13.
    expect(row(2)).toEqual(["2025-03-05", "10", "13", "3", 3, 4]);
    // Measured at now (noon): A reopened, C deleted.
    expect(row(3)).toEqual(["2025-03-06", "13", "13", "0", 3, 3]);
    expect(row(4)).toEqual(["2025-03-07", null, null, null, null, null]);
  });

  it("measures a completed sprint at its completion, before the carry-over moves", () => {
    const completedAt = at("2025-03-07T16:00:00Z");
    const carried = [...history, updated("B", { sprintId: null }, "2025-03-07T16:00:00Z")];
    const done = burndownOf({ ...sprint, completedAt }, carried, {
      now: at("2025-03-20T00:00:00Z"),
      timeZone: "UTC",
    });
    expect(done.days[4]).toMatchObject({ remaining: "13", scope: "13", scopeTasks: 3 });
  });

  it("a sprint not yet started shows its plan and no actual days", () => {
    const planned = { ...sprint, startedAt: null, committed: null };
    const chart = burndownOf(planned, history, {
      now: at("2025-03-02T12:00:00Z"),
      timeZone: "UTC",
    });
    expect(chart.start).toMatchObject({ ideal: "8", scope: "8" });
    expect(chart.days.every((d) => d.remaining === null)).toBe(true);
  });

  it("ends each day at the workspace's midnight: work done at 23:30 UTC burns down a day later in Tokyo", () => {
    const events = [
      created("A", "3", S, "2025-03-01T10:00:00Z"),
      created("B", "5", S, "2025-03-01T10:00:00Z"),
      updated("A", { done: true, columnId: "done" }, "2025-03-04T23:30:00Z"),
    ];
    const remaining = (timeZone: string) =>
      burndownOf(sprint, events, { now: at("2025-03-10T00:00:00Z"), timeZone }).days.map(
        (d) => d.remaining,
      );
    expect(remaining("UTC")).toEqual(["8", "5", "5", "5", "5"]);
    expect(remaining("Asia/Tokyo")).toEqual(["8", "8", "5", "5", "5"]);
  });

  it("measures the 23-hour day of a DST change at the zone's real midnight", () => {
    // Berlin goes to UTC+2 on 30 March 2025: 22:30 UTC that evening is already 31 March.
    const spring = { ...sprint, startDate: "2025-03-29", endDate: "2025-04-01" };
    const events = [
      created("A", "3", S, "2025-03-01T10:00:00Z"),
      updated("A", { done: true, columnId: "done" }, "2025-03-30T22:30:00Z"),
    ];
    const chart = burndownOf({ ...spring, startedAt: at("2025-03-28T23:00:00Z") }, events, {
      now: at("2025-04-05T00:00:00Z"),
      timeZone: "Europe/Berlin",
    });
    expect(chart.days.map((d) => [d.date, d.remaining])).toEqual([
      ["2025-03-29", "3"],
      ["2025-03-30", "3"],
      ["2025-03-31", "0"],
      ["2025-04-01", "0"],
    ]);
  });

  it("lists every calendar day of the sprint", () => {
    expect(sprintDays("2025-02-27", "2025-03-02")).toEqual([
      "2025-02-27",
      "2025-02-28",
      "2025-03-01",
      "2025-03-02",
    ]);
  });
});

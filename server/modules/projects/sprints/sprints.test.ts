import { and, asc, eq, gte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { sprints, taskEvents } from "../projects.schema.ts";
import { makeProject, makeTask } from "../time/time.testkit.ts";

type Sprint = OperationOutput<"sprints.create">;
type Burndown = OperationOutput<"sprints.burndown">;
type Velocity = OperationOutput<"sprints.velocity">;

let rt: TestRuntime;
let owner: Caller;
let projectId: string;
let todo: string;
let done: string;
const task: Record<string, string> = {};

const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const dayOf = (offset: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
const instant = (offset: number, hour: number) =>
  new Date(Date.parse(`${dayOf(offset)}T00:00:00Z`) + hour * 3_600_000);

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

/**
 * Runs operations as if on an earlier day: the task history they record is moved to `at`,
 * a millisecond apart in the order it was recorded.
 */
async function back(at: Date, run: () => Promise<unknown>) {
  const mark = new Date();
  await run();
  const db = rt.database.db;
  const recorded = await db
    .select({ id: taskEvents.id })
    .from(taskEvents)
    .where(and(eq(taskEvents.projectId, projectId), gte(taskEvents.at, mark)))
    .orderBy(asc(taskEvents.at), asc(taskEvents.id));
  for (const [i, event] of recorded.entries())
    await db
      .update(taskEvents)
      .set({ at: new Date(at.getTime() + i) })
      .where(eq(taskEvents.id, event.id));
}

const op = (name: string, input: Record<string, unknown>) => rt.as(owner, name as never, input);
const createSprint = (name: string, from: number, to: number) =>
  op("sprints.create", {
    projectId,
    name,
    startDate: dayOf(from),
    endDate: dayOf(to),
  }) as Promise<Sprint>;
const move = (id: string, columnId: string) => op("tasks.move", { id, columnId });

let s1: Sprint;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "sprints@example.com", "Sprints");
  owner = o.caller;
  const project = await makeProject(rt, owner, { key: "SPR" });
  projectId = project.id;
  todo = project.columns!.find((c) => c.category === "todo")!.id;
  done = project.columns!.find((c) => c.category === "done")!.id;

  // A five-day sprint that began three days ago, replayed day by day.
  s1 = await createSprint("Sprint 1", -3, 1);
  await back(instant(-4, 10), async () => {
    for (const [name, estimate] of [
      ["A", "3"],
      ["B", "5"],
      ["C", null],
      ["D", "2"],
    ] as const)
      task[name] = (await makeTask(rt, owner, projectId, { title: name, estimate })).id;
    await op("sprints.plan", { id: s1.id, add: [task.A, task.B, task.C] });
  });
  await op("sprints.start", { id: s1.id });
  await rt.database.db
    .update(sprints)
    .set({ startedAt: instant(-3, 9) })
    .where(eq(sprints.id, s1.id));
  await back(instant(-2, 10), () => move(task.A!, done));
  // Mid-sprint: D joins (scope rises) and B is re-estimated 5 → 8.
  await back(instant(-1, 12), () => op("sprints.plan", { id: s1.id, add: [task.D] }));
  await back(instant(-1, 13), () => op("tasks.update", { id: task.B, estimate: "8" }));
  // Today: A is reopened and C deleted.
  await move(task.A!, todo);
  await op("tasks.delete", { id: task.C });
});
afterAll(async () => {
  await rt?.close();
});

describe("sprint lifecycle", () => {
  it("starting commits the estimate in the sprint and is listed as active", async () => {
    const [listed] = (await op("sprints.list", { projectId })) as Sprint[];
    expect(listed).toMatchObject({ id: s1.id, state: "active", committed: "8", taskCount: 3 });
    expect(listed!.scope).toBe("13");
  });

  it("replays the burndown: mid-sprint scope change, new estimate, reopen and deletion", async () => {
    const chart = (await op("sprints.burndown", { id: s1.id })) as Burndown;
    expect(chart.start).toMatchObject({ ideal: "8", remaining: "8", scope: "8", scopeTasks: 3 });
    const rows = chart.days.map((d) => [
      d.remaining,
      d.scope,
      d.completed,
      d.remainingTasks,
      d.scopeTasks,
    ]);
    expect(rows).toEqual([
      ["8", "8", "0", 3, 3],
      ["5", "8", "3", 2, 3],
      ["10", "13", "3", 3, 4],
      ["13", "13", "0", 3, 3],
      [null, null, null, null, null],
    ]);
    expect(chart.days.map((d) => d.ideal)).toEqual(["6.4", "4.8", "3.2", "1.6", "0"]);
    expect(chart.unestimatedTasks).toBe(0);
  });

  it("allows one active sprint per project, with a clear conflict", async () => {
    const s2 = await createSprint("Sprint 2", 2, 6);
    const error = await refusal(() => op("sprints.start", { id: s2.id }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("Sprint 1 is active");
    const del = await refusal(() => op("sprints.delete", { id: s1.id }));
    expect(del.code).toBe("conflict");
  });

  it("completes with carry-over to the next planned sprint and feeds velocity", async () => {
    await move(task.D!, done);
    const result = (await op("sprints.complete", { id: s1.id, carryOver: "next" })) as {
      sprint: Sprint;
      carriedOver: number;
      carriedTo: string;
    };
    expect(result.sprint).toMatchObject({ state: "completed", completed: "2", taskCount: 1 });
    expect(result.carriedOver).toBe(2);
    const [next] = (await op("sprints.list", { projectId })) as Sprint[];
    expect(next).toMatchObject({
      id: result.carriedTo,
      state: "planned",
      taskCount: 2,
      scope: "11",
    });
    const velocity = (await op("sprints.velocity", { projectId })) as Velocity;
    expect(velocity.sprints).toMatchObject([
      { id: s1.id, committed: "8", completed: "2", committedTasks: 3, completedTasks: 1 },
    ]);
    expect(velocity.averageCompleted).toBe("2");
    // The completed sprint's last measured day is at completion, before the carry-over moves.
    const chart = (await op("sprints.burndown", { id: s1.id })) as Burndown;
    expect(chart.days[3]).toMatchObject({ remaining: "11", scope: "13", completed: "2" });
  });

  it("carries over to the backlog or a chosen sprint, refusing what cannot take it", async () => {
    const next = ((await op("sprints.list", { projectId })) as Sprint[])[0]!;
    await op("sprints.start", { id: next.id });
    const none = await refusal(() => op("sprints.complete", { id: next.id, carryOver: "next" }));
    expect(none.details.field).toBe("carryOver");
    const self = await refusal(() => op("sprints.complete", { id: next.id, carryOver: next.id }));
    expect(self.details.field).toBe("carryOver");
    const result = (await op("sprints.complete", { id: next.id, carryOver: "backlog" })) as {
      carriedOver: number;
      carriedTo: string | null;
    };
    expect(result).toMatchObject({ carriedOver: 2, carriedTo: null });
    const backlog = (await op("tasks.list", { projectId, backlog: true })) as unknown;
    const ids = JSON.stringify(backlog);
    expect(ids).toContain(task.A);
    expect(ids).toContain(task.B);
    const velocity = (await op("sprints.velocity", { projectId })) as Velocity;
    expect(velocity.sprints.map((s) => s.completed)).toEqual(["2", "0"]);
    expect(velocity.averageCompleted).toBe("1");
    expect(velocity.averageCommitted).toBe("9.5");
  });
});

describe("planning", () => {
  it("moves tasks in and out with history, and refuses tasks of other projects", async () => {
    const s3 = await createSprint("Sprint 3", 10, 20);
    const other = await makeProject(rt, owner, { key: "OTHER" });
    const stranger = await makeTask(rt, owner, other.id, { title: "Elsewhere" });
    const error = await refusal(() => op("sprints.plan", { id: s3.id, add: [stranger.id] }));
    expect(error.details.field).toBe("add");
    const planned = (await op("sprints.plan", { id: s3.id, add: [task.A, task.B] })) as Sprint;
    expect(planned).toMatchObject({ taskCount: 2, scope: "11" });
    const removed = (await op("sprints.plan", { id: s3.id, remove: [task.B] })) as Sprint;
    expect(removed.taskCount).toBe(1);
    const notIn = await refusal(() => op("sprints.plan", { id: s3.id, remove: [task.B] }));
    expect(notIn.details.field).toBe("remove");
    const history = await rt.database.db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, task.B!));
    expect(history.at(-1)?.data).toEqual({ from: { sprintId: s3.id }, to: { sprintId: null } });
    await op("sprints.delete", { id: s3.id });
    const backlog = JSON.stringify(await op("tasks.list", { projectId, backlog: true }));
    expect(backlog).toContain(task.A);
  });

  it("refuses an end before the start and another workspace's sprint", async () => {
    const error = await refusal(() => createSprint("Backwards", 5, 1));
    expect(error.details.field).toBe("endDate");
    const other = await createOwner(rt, "other-sprints@example.com", "Other");
    const foreign = await refusal(() => rt.as(other.caller, "sprints.burndown", { id: s1.id }));
    expect(foreign.code).toBe("not_found");
  });

  it("two starts at once in one project leave one active sprint", async () => {
    const a = await createSprint("Race A", 30, 35);
    const b = await createSprint("Race B", 36, 40);
    const results = await Promise.allSettled([
      op("sprints.start", { id: a.id }),
      op("sprints.start", { id: b.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as AppError).code).toBe("conflict");
  });
});

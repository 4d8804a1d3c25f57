import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { sprints, taskEvents } from "../projects.schema.ts";
import { columnNamed, type ProjectDetail, projectKit, refusal } from "./tasks.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
let ownerId: string;
let workspaceId: string;
let member: { userId: string; caller: Caller };
let stranger: Caller;
let web: ProjectDetail;
const kit = projectKit(
  () => rt,
  () => owner,
);

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "tasks@example.com", "Tasks Co");
  owner = o.caller;
  ownerId = o.userId;
  workspaceId = o.workspaceId;
  member = await addMember(rt, workspaceId, "dev@example.com", "member");
  stranger = (await createOwner(rt, "other@example.com", "Other Co")).caller;
  web = await kit.project("WEB", { name: "Website" });
});
afterAll(async () => {
  await rt?.close();
});

const eventsOf = (taskId: string) =>
  rt.database.db
    .select()
    .from(taskEvents)
    .where(eq(taskEvents.taskId, taskId))
    .orderBy(asc(taskEvents.at), asc(taskEvents.id));

describe("numbering and ranks", () => {
  it("numbers tasks 1, 2, 3… per project, even when created at the same time", async () => {
    const p = await kit.project("NUM");
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => kit.task(p.id, `Task ${i}`)),
    );
    expect(created.map((t) => t.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(created.map((t) => t.rank)).size).toBe(8);
    expect(created.find((t) => t.number === 3)!.key).toBe("NUM-3");
  });

  it("appends to the end of the column and reorders by neighbours", async () => {
    const p = await kit.project("RANK");
    const todo = columnNamed(p, "To do").id;
    const [a, b, c] = [
      await kit.task(p.id, "A", { columnId: todo }),
      await kit.task(p.id, "B", { columnId: todo }),
      await kit.task(p.id, "C", { columnId: todo }),
    ];
    const order = async () =>
      (await kit.list({ projectId: p.id, columnIds: [todo] })).tasks.map((t) => t.title);
    expect(await order()).toEqual(["A", "B", "C"]);
    await kit.move({ id: c!.id, columnId: todo, afterId: a!.id });
    expect(await order()).toEqual(["A", "C", "B"]);
    await kit.move({ id: a!.id, columnId: todo, afterId: b!.id });
    expect(await order()).toEqual(["C", "B", "A"]);
    await kit.move({ id: b!.id, columnId: todo, beforeId: c!.id });
    expect(await order()).toEqual(["B", "C", "A"]);
    await kit.move({ id: a!.id, columnId: todo, afterId: b!.id, beforeId: c!.id });
    expect(await order()).toEqual(["B", "A", "C"]);
  });

  it("refuses a neighbour from another project or the task itself", async () => {
    const other = await kit.project("NEIGH");
    const stray = await kit.task(other.id, "Stray");
    const t = await kit.task(web.id, "Placed");
    const todo = columnNamed(web, "To do").id;
    const foreign = await refusal(() => kit.move({ id: t.id, columnId: todo, afterId: stray.id }));
    expect(foreign.details.field).toBe("afterId");
    const self = await refusal(() => kit.move({ id: t.id, columnId: todo, beforeId: t.id }));
    expect(self.details.field).toBe("beforeId");
    const column = await refusal(() =>
      kit.move({ id: t.id, columnId: columnNamed(other, "Done").id }),
    );
    expect(column.details.field).toBe("columnId");
  });
});

describe("moves, completion and history", () => {
  it("completes a task in a done column, reopens it outside, and records each step", async () => {
    const t = await kit.task(web.id, "Ship it", { estimate: "3" });
    expect(t.columnId).toBe(columnNamed(web, "Backlog").id);
    const done = await kit.move({ id: t.id, columnId: columnNamed(web, "Done").id });
    expect(done.task.completedAt).not.toBeNull();
    const reopened = await kit.move({ id: t.id, columnId: columnNamed(web, "Review").id });
    expect(reopened.task.completedAt).toBeNull();
    const events = await eventsOf(t.id);
    expect(events.map((e) => e.type)).toEqual(["created", "updated", "updated"]);
    expect(events[0]!.data).toEqual({
      to: {
        columnId: columnNamed(web, "Backlog").id,
        done: false,
        estimate: "3",
        sprintId: null,
        assigneeId: null,
      },
    });
    expect(events[1]!.data).toEqual({
      from: { columnId: columnNamed(web, "Backlog").id, done: false },
      to: { columnId: columnNamed(web, "Done").id, done: true },
    });
    expect(events[2]!.actorId).toBe(ownerId);
  });

  it("records estimate and assignee changes, not title edits", async () => {
    const t = await kit.task(web.id, "Estimate me", { estimate: "2" });
    await rt.as(owner, "tasks.update", { id: t.id, title: "Renamed" });
    await rt.as(owner, "tasks.update", { id: t.id, estimate: "2.0" });
    await rt.as(owner, "tasks.update", { id: t.id, estimate: "5", assigneeId: member.userId });
    const events = await eventsOf(t.id);
    expect(events.map((e) => e.type)).toEqual(["created", "updated"]);
    expect(events[1]!.data).toEqual({
      from: { estimate: "2", assigneeId: null },
      to: { estimate: "5", assigneeId: member.userId },
    });
  });

  it("warns, without refusing, when a move takes a column over its WIP limit", async () => {
    const p = await kit.project("WIP");
    const review = columnNamed(p, "Review");
    await rt.as(owner, "projects.columns.update", { id: review.id, wipLimit: 1 });
    const [a, b] = [await kit.task(p.id, "A"), await kit.task(p.id, "B")];
    expect((await kit.move({ id: a.id, columnId: review.id })).wip).toMatchObject({
      count: 1,
      limit: 1,
      isOver: false,
    });
    expect((await kit.move({ id: b.id, columnId: review.id })).wip.isOver).toBe(true);
    const detail = (await rt.as(owner, "projects.get", { key: "WIP" })) as ProjectDetail;
    expect(columnNamed(detail, "Review")).toMatchObject({ taskCount: 2, isOverWip: true });
  });

  it("deletes a task with its subtasks and keeps their deletion in the history", async () => {
    const parent = await kit.task(web.id, "Parent");
    const child = await kit.task(web.id, "Child", { parentId: parent.id });
    expect((await kit.get(parent.id)).subtaskList.map((s) => s.id)).toEqual([child.id]);
    await rt.as(owner, "tasks.delete", { id: parent.id });
    expect((await refusal(() => kit.get(child.id))).code).toBe("not_found");
    expect((await eventsOf(child.id)).map((e) => e.type)).toEqual(["created", "deleted"]);
  });

  it("refuses a parent that is the task's own subtask", async () => {
    const parent = await kit.task(web.id, "Top");
    const child = await kit.task(web.id, "Below", { parentId: parent.id });
    const error = await refusal(() =>
      rt.as(owner, "tasks.update", { id: parent.id, parentId: child.id }),
    );
    expect(error.details.field).toBe("parentId");
  });
});

describe("dependencies", () => {
  it("shows open blockers and refuses a cycle, naming it", async () => {
    const p = await kit.project("DEP");
    const [one, two, three] = [
      await kit.task(p.id, "One"),
      await kit.task(p.id, "Two"),
      await kit.task(p.id, "Three"),
    ];
    await rt.as(owner, "tasks.dependencies.add", { taskId: three.id, blockerId: two.id });
    await rt.as(owner, "tasks.dependencies.add", { taskId: two.id, blockerId: one.id });
    const cycle = await refusal(() =>
      rt.as(owner, "tasks.dependencies.add", { taskId: one.id, blockerId: three.id }),
    );
    expect(cycle.code).toBe("invalid_input");
    expect(cycle.message).toContain("DEP-1 → DEP-3 → DEP-2 → DEP-1 would be a cycle");
    const self = await refusal(() =>
      rt.as(owner, "tasks.dependencies.add", { taskId: one.id, blockerId: one.id }),
    );
    expect(self.message).toContain("cannot block itself");

    const detail = await kit.get(three.id);
    expect(detail.blockers).toEqual([{ id: two.id, key: "DEP-2", title: "Two", isDone: false }]);
    expect((await kit.get(one.id)).blocking.map((b) => b.key)).toEqual(["DEP-2"]);
    const rows = (await kit.list({ projectId: p.id })).tasks;
    expect(rows.find((r) => r.id === three.id)!.blockedBy).toBe(1);
    // A done blocker no longer counts as blocking.
    await kit.move({ id: two.id, columnId: columnNamed(p, "Done").id });
    const after = (await kit.list({ projectId: p.id })).tasks;
    expect(after.find((r) => r.id === three.id)!.blockedBy).toBe(0);
    await rt.as(owner, "tasks.dependencies.remove", { taskId: three.id, blockerId: two.id });
    expect((await kit.get(three.id)).blockers).toEqual([]);
  });

  it("links across projects of the workspace but not to another workspace's task", async () => {
    const foreignProject = (await rt.as(stranger, "projects.create", {
      key: "FOR",
      name: "Foreign",
    })) as ProjectDetail;
    const foreign = (await rt.as(stranger, "tasks.create", {
      projectId: foreignProject.id,
      title: "Theirs",
    })) as { id: string };
    const mine = await kit.task(web.id, "Mine");
    const error = await refusal(() =>
      rt.as(owner, "tasks.dependencies.add", { taskId: mine.id, blockerId: foreign.id }),
    );
    expect(error.code).toBe("not_found");
    const other = await kit.project("CROSS");
    const blocker = await kit.task(other.id, "Elsewhere");
    await rt.as(owner, "tasks.dependencies.add", { taskId: mine.id, blockerId: blocker.id });
    expect((await kit.get(mine.id)).blockers.map((b) => b.key)).toEqual(["CROSS-1"]);
  });
});

describe("links", () => {
  it("accepts http(s) URLs and this workspace's tasks, refuses the rest", async () => {
    const t = await kit.task(web.id, "Linked");
    const other = await kit.task(web.id, "Other");
    await rt.as(owner, "tasks.links.add", {
      taskId: t.id,
      kind: "url",
      target: "https://example.com/spec",
    });
    const js = await refusal(() =>
      rt.as(owner, "tasks.links.add", { taskId: t.id, kind: "url", target: "javascript:alert(1)" }),
    );
    expect(js.details.field).toBe("target");
    const anomaly = await refusal(() =>
      rt.as(owner, "tasks.links.add", {
        taskId: t.id,
        kind: "cost_anomaly",
        target: "4a1c2d5e-0000-4000-8000-000000000000",
      }),
    );
    expect(anomaly.code).toBe("not_found");
    const link = (await rt.as(owner, "tasks.links.add", {
      taskId: t.id,
      kind: "task",
      target: other.id,
    })) as { id: string; title: string };
    expect(link.title).toBe(`${other.key} Other`);
    expect((await kit.get(t.id)).links.map((l) => l.kind)).toEqual(["url", "task"]);
    await rt.as(owner, "tasks.links.remove", { id: link.id });
    expect((await kit.get(t.id)).links.map((l) => l.kind)).toEqual(["url"]);
  });
});

describe("tenancy", () => {
  it("treats another workspace's ids as missing", async () => {
    const theirs = (await rt.as(stranger, "projects.create", {
      key: "THEIRS",
      name: "Theirs",
    })) as ProjectDetail;
    expect((await refusal(() => kit.task(theirs.id, "Sneaky"))).code).toBe("not_found");
    expect((await refusal(() => kit.list({ projectId: theirs.id }))).code).toBe("not_found");
    const assignee = await refusal(() =>
      kit.task(web.id, "Assigned away", { assigneeId: "4a1c2d5e-0000-4000-8000-000000000001" }),
    );
    expect(assignee.details.field).toBe("assigneeId");
    const column = await refusal(() =>
      kit.task(web.id, "Column away", { columnId: theirs.columns[0]!.id }),
    );
    expect(column.code).toBe("not_found");
  });
});

describe("tasks.list filters", () => {
  let p: ProjectDetail;
  let sprintId: string;
  beforeAll(async () => {
    p = await kit.project("FLT");
    const [sprint] = await rt.database.db
      .insert(sprints)
      .values({
        workspaceId,
        projectId: p.id,
        name: "S1",
        startDate: "2025-01-06",
        endDate: "2025-01-20",
      })
      .returning();
    sprintId = sprint!.id;
    await kit.task(p.id, "Fix login bug", {
      labels: ["bug", "auth"],
      priority: "urgent",
      assigneeId: ownerId,
      dueDate: "2025-01-10",
      sprintId,
    });
    await kit.task(p.id, "Write docs", {
      labels: ["docs"],
      priority: "low",
      dueDate: "2025-02-01",
    });
    await kit.task(p.id, "Another bug", {
      labels: ["bug"],
      priority: "high",
      assigneeId: member.userId,
    });
    const done = await kit.task(p.id, "Old bug", { labels: ["bug"] });
    await kit.move({ id: done.id, columnId: columnNamed(p, "Done").id });
  });
  const titles = async (filters: Record<string, unknown>, as = owner) =>
    (await kit.list({ projectId: p.id, ...filters }, as)).tasks.map((t) => t.title).sort();

  it("filters by assignee (me, a member, none), labels and priority", async () => {
    expect(await titles({ assigneeId: "me" })).toEqual(["Fix login bug"]);
    expect(await titles({ assigneeId: "me" }, member.caller)).toEqual(["Another bug"]);
    expect(await titles({ assigneeId: "none" })).toEqual(["Write docs"]);
    expect(await titles({ labels: ["bug"] })).toEqual(["Another bug", "Fix login bug"]);
    expect(await titles({ labels: ["bug", "auth"] })).toEqual(["Fix login bug"]);
    expect(await titles({ priority: ["urgent", "low"] })).toEqual(["Fix login bug", "Write docs"]);
  });

  it("filters by sprint or backlog, due dates, words and keys, and done", async () => {
    expect(await titles({ sprintId })).toEqual(["Fix login bug"]);
    expect(await titles({ backlog: true })).toEqual(["Another bug", "Write docs"]);
    expect(await titles({ dueFrom: "2025-01-01", dueTo: "2025-01-31" })).toEqual(["Fix login bug"]);
    expect(await titles({ q: "BUG" })).toEqual(["Another bug", "Fix login bug"]);
    expect(await titles({ q: "flt-2" })).toEqual(["Write docs"]);
    expect(await titles({ labels: ["bug"], includeDone: true })).toEqual([
      "Another bug",
      "Fix login bug",
      "Old bug",
    ]);
  });

  it("sorts by priority and pages with a cursor", async () => {
    const sorted = await kit.list({ projectId: p.id, sort: "priority" });
    expect(sorted.tasks.map((t) => t.priority)).toEqual(["urgent", "high", "low"]);
    const first = await kit.list({ projectId: p.id, limit: 2, includeDone: true });
    expect(first.total).toBe(4);
    expect(first.nextCursor).not.toBeNull();
    const second = await kit.list({
      projectId: p.id,
      limit: 2,
      includeDone: true,
      cursor: first.nextCursor,
    });
    expect(second.nextCursor).toBeNull();
    const all = [...first.tasks, ...second.tasks].map((t) => t.number);
    expect(all).toEqual([1, 2, 3, 4]);
  });

  it("refuses a filter naming someone outside the workspace", async () => {
    const error = await refusal(() =>
      kit.list({ projectId: p.id, assigneeId: "4a1c2d5e-0000-4000-8000-000000000002" }),
    );
    expect(error.details.field).toBe("assigneeId");
  });

  it("counts subtasks done and total on the parent's row", async () => {
    const parent = await kit.task(p.id, "Epic-ish");
    await kit.task(p.id, "Part one", { parentId: parent.id });
    const two = await kit.task(p.id, "Part two", { parentId: parent.id });
    await kit.move({ id: two.id, columnId: columnNamed(p, "Done").id });
    const row = (await kit.list({ projectId: p.id, q: "Epic-ish" })).tasks[0]!;
    expect(row.subtasks).toEqual({ done: 1, total: 2 });
    const children = await kit.list({ parentId: parent.id, includeDone: true });
    expect(children.tasks.map((t) => t.title)).toEqual(["Part one", "Part two"]);
    const events = await rt.database.db
      .select()
      .from(taskEvents)
      .where(and(eq(taskEvents.projectId, p.id), eq(taskEvents.type, "created")));
    expect(events.length).toBeGreaterThanOrEqual(7);
  });
});

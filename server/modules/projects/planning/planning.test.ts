import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { type ProjectDetail, projectKit, refusal } from "../tasks/tasks.testkit.ts";

type Item = OperationOutput<"roadmap.create">;

let rt: TestRuntime;
let owner: Caller;
let ownerId: string;
let dev: { userId: string; caller: Caller };
let viewer: Caller;
let stranger: Caller;
let app: ProjectDetail;
const kit = projectKit(
  () => rt,
  () => owner,
);
const item = (input: Record<string, unknown>) =>
  rt.as(owner, "roadmap.create", { projectId: app.id, ...input }) as Promise<Item>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "plan@example.com", "Planning Co");
  owner = o.caller;
  ownerId = o.userId;
  dev = await addMember(rt, o.workspaceId, "dev@example.com", "member");
  viewer = (await addMember(rt, o.workspaceId, "view@example.com", "viewer")).caller;
  stranger = (await createOwner(rt, "other@example.com", "Other Co")).caller;
  app = await kit.project("APP", { name: "App", estimateUnit: "hours" });
});
afterAll(async () => {
  await rt?.close();
});

describe("roadmap", () => {
  it("keeps milestones to one date and epics to a forward span", async () => {
    const milestone = await refusal(() =>
      item({ kind: "milestone", title: "M", startDate: "2026-01-01", endDate: "2026-01-02" }),
    );
    expect(milestone.details?.field).toBe("startDate");
    const backwards = await refusal(() =>
      item({ kind: "epic", title: "E", startDate: "2026-02-01", endDate: "2026-01-02" }),
    );
    expect(backwards.message).toMatch(/before it starts/);
  });

  it("moves dependents along, refuses cycles by name, and counts task progress", async () => {
    const design = await item({
      kind: "epic",
      title: "Design",
      startDate: "2026-01-05",
      endDate: "2026-01-16",
    });
    const build = await item({
      kind: "epic",
      title: "Build",
      startDate: "2026-01-19",
      endDate: "2026-02-13",
    });
    const launch = await item({ kind: "milestone", title: "Launch", endDate: "2026-02-20" });
    await rt.as(owner, "roadmap.dependencies.add", { itemId: build.id, dependsOnId: design.id });
    await rt.as(owner, "roadmap.dependencies.add", { itemId: launch.id, dependsOnId: build.id });

    const cycle = await refusal(() =>
      rt.as(owner, "roadmap.dependencies.add", { itemId: design.id, dependsOnId: launch.id }),
    );
    expect(cycle.message).toBe(
      "dependsOnId: Design → Launch → Build → Design would be a cycle: Design cannot depend on it",
    );

    const moved = (await rt.as(owner, "roadmap.move", {
      id: design.id,
      startDate: "2026-01-12",
      endDate: "2026-01-30",
    })) as OperationOutput<"roadmap.move">;
    expect(moved.conflicts).toEqual([]);
    expect(moved.moved.map((m) => m.id)).toEqual([design.id, build.id, launch.id]);

    const done = await kit.task(app.id, "Wireframes", { estimate: "3" });
    const open = await kit.task(app.id, "Style guide", { estimate: "2" });
    const doneColumn = app.columns.find((c) => c.category === "done");
    await kit.move({ id: done.id, columnId: doneColumn?.id });
    for (const task of [done, open]) {
      await rt.as(owner, "roadmap.tasks.set", { itemId: design.id, taskId: task.id, linked: true });
    }
    const roadmap = (await rt.as(owner, "roadmap.list", {
      projectId: app.id,
    })) as OperationOutput<"roadmap.list">;
    const byId = new Map(roadmap.items.map((i) => [i.id, i]));
    expect(byId.get(design.id)?.tasks).toEqual({ total: 2, done: 1 });
    expect(byId.get(build.id)).toMatchObject({ startDate: "2026-01-30", endDate: "2026-02-24" });
    expect(byId.get(launch.id)).toMatchObject({ startDate: null, endDate: "2026-02-24" });
    expect(roadmap.dependencies).toHaveLength(2);

    const warned = (await rt.as(owner, "roadmap.move", {
      id: build.id,
      startDate: "2026-02-02",
      endDate: "2026-03-06",
      cascade: false,
    })) as OperationOutput<"roadmap.move">;
    expect(warned.moved).toHaveLength(1);
    expect(warned.conflicts).toEqual([
      {
        itemId: launch.id,
        dependsOnId: build.id,
        message: "Launch starts 2026-02-24, before Build ends 2026-03-06",
      },
    ]);
  });

  it("is the workspace's own: another workspace sees nothing and cannot touch it", async () => {
    const mine = await item({ kind: "milestone", title: "Private", endDate: "2026-05-01" });
    const error = await refusal(() => rt.as(stranger, "roadmap.delete", { id: mine.id }));
    expect(error.code).toBe("not_found");
    const theirs = (await rt.as(stranger, "roadmap.list", {})) as OperationOutput<"roadmap.list">;
    expect(theirs.items).toEqual([]);
    const readOnly = await refusal(() => rt.as(viewer, "roadmap.delete", { id: mine.id }));
    expect(readOnly.code).toBe("forbidden");
  });
});

describe("capacity", () => {
  it("sets capacity against planned estimates and logged hours per week", async () => {
    // Week of 2026-03-02: one 6 h task due; a 10 h sprint task spread over two weeks.
    await kit.task(app.id, "API", { estimate: "6", dueDate: "2026-03-04", assigneeId: dev.userId });
    const sprint = (await rt.as(owner, "sprints.create", {
      projectId: app.id,
      name: "March",
      startDate: "2026-03-02",
      endDate: "2026-03-13",
    })) as { id: string };
    const spread = await kit.task(app.id, "Backend", { estimate: "10", assigneeId: dev.userId });
    await rt.as(owner, "sprints.plan", { id: sprint.id, add: [spread.id] });
    await kit.task(app.id, "Someday", { estimate: "4", assigneeId: dev.userId });
    await rt.as(owner, "time.entries.create", {
      userId: dev.userId,
      startedAt: "2026-03-03T09:00:00Z",
      seconds: 5400,
    });
    await rt.as(owner, "planning.capacity.set", { userId: dev.userId, hours: 32 });
    await rt.as(owner, "planning.capacity.set", {
      userId: dev.userId,
      hours: 8,
      weekStart: "2026-03-09",
    });

    const report = (await rt.as(owner, "planning.capacity", {
      from: "2026-03-04",
      weeks: 2,
    })) as OperationOutput<"planning.capacity">;
    expect(report.weeks).toEqual(["2026-03-02", "2026-03-09"]);
    const person = report.people.find((p) => p.userId === dev.userId);
    expect(person).toMatchObject({ defaultHours: 32, unscheduled: 4 });
    expect(person?.weeks).toEqual([
      { week: "2026-03-02", capacity: 32, planned: 11, logged: 1.5 },
      { week: "2026-03-09", capacity: 8, planned: 5, logged: 0 },
    ]);
    expect(report.people.find((p) => p.userId === ownerId)?.weeks[0]?.capacity).toBe(40);

    await rt.as(owner, "planning.capacity.clear", { userId: dev.userId, weekStart: "2026-03-09" });
    const after = (await rt.as(owner, "planning.capacity", {
      from: "2026-03-09",
      weeks: 1,
    })) as OperationOutput<"planning.capacity">;
    expect(after.people.find((p) => p.userId === dev.userId)?.weeks[0]?.capacity).toBe(32);
  });

  it("counts logged time in the week of the day it started on in the workspace's zone", async () => {
    // Sunday 23:30 in UTC is Monday 08:30 in Tokyo: the next week there.
    await rt.as(owner, "time.entries.create", {
      userId: dev.userId,
      startedAt: "2026-03-15T23:30:00Z",
      seconds: 3600,
    });
    const loggedIn = async (timezone: string) => {
      await rt.as(owner, "workspaces.update", { timezone });
      const report = (await rt.as(owner, "planning.capacity", {
        from: "2026-03-09",
        weeks: 2,
      })) as OperationOutput<"planning.capacity">;
      return report.people.find((p) => p.userId === dev.userId)?.weeks.map((w) => w.logged);
    };
    try {
      expect(await loggedIn("UTC")).toEqual([1, 0]);
      expect(await loggedIn("Asia/Tokyo")).toEqual([0, 1]);
    } finally {
      await rt.as(owner, "workspaces.update", { timezone: "UTC" });
    }
  });

  it("refuses a week that does not start on Monday and a non-member", async () => {
    const tuesday = await refusal(() =>
      rt.as(owner, "planning.capacity.set", {
        userId: dev.userId,
        hours: 8,
        weekStart: "2026-03-10",
      }),
    );
    expect(tuesday.message).toMatch(/not a Monday/);
    const other = await refusal(() =>
      rt.as(stranger, "planning.capacity.set", { userId: dev.userId, hours: 8 }),
    );
    expect(other.details?.field).toBe("userId");
    const member = await refusal(() =>
      rt.as(dev.caller, "planning.capacity.set", { userId: dev.userId, hours: 80 }),
    );
    expect(member.code).toBe("forbidden");
  });
});

describe("risk register", () => {
  it("orders risks by exposure and hides closed ones unless asked", async () => {
    const low = (await rt.as(owner, "risks.create", {
      projectId: app.id,
      title: "Vendor delay",
      likelihood: 2,
      impact: 2,
    })) as OperationOutput<"risks.create">;
    await rt.as(owner, "risks.create", {
      projectId: app.id,
      title: "Key person leaves",
      likelihood: 3,
      impact: 5,
      ownerId: dev.userId,
      mitigation: "Pair on the billing code",
    });
    const list = async (includeClosed = false) =>
      (
        (await rt.as(owner, "risks.list", {
          projectId: app.id,
          includeClosed,
        })) as OperationOutput<"risks.list">
      ).items.map((r) => r.title);
    expect(await list()).toEqual(["Key person leaves", "Vendor delay"]);
    await rt.as(owner, "risks.update", { id: low.id, status: "closed" });
    expect(await list()).toEqual(["Key person leaves"]);
    expect(await list(true)).toEqual(["Key person leaves", "Vendor delay"]);
    const scale = await refusal(() => rt.as(owner, "risks.update", { id: low.id, impact: 6 }));
    expect(scale.details?.field).toBe("impact");
  });
});

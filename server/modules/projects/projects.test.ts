import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { todayIn } from "../../platform/time-zone.ts";
import { costAnomalies } from "../costs/anomalies/anomalies.schema.ts";
import { importDailyCosts, monthToDate } from "../costs/budgets/budgets.testkit.ts";
import { columnNamed, type ProjectDetail, projectKit, refusal } from "./tasks/tasks.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let viewer: Caller;
let member: Caller;
const kit = projectKit(
  () => rt,
  () => owner,
);

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "projects@example.com", "Projects Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  viewer = (await addMember(rt, workspaceId, "viewer@example.com", "viewer")).caller;
  member = (await addMember(rt, workspaceId, "member@example.com", "member")).caller;
});
afterAll(async () => {
  await rt?.close();
});

describe("projects", () => {
  it("starts with five columns and refuses a key already used, naming the field", async () => {
    const created = await kit.project("SITE", { name: "Site" });
    expect(created.columns.map((c) => [c.name, c.category, c.position])).toEqual([
      ["Backlog", "backlog", 0],
      ["To do", "todo", 1],
      ["In progress", "in_progress", 2],
      ["Review", "in_progress", 3],
      ["Done", "done", 4],
    ]);
    const again = await refusal(() => kit.project("SITE"));
    expect(again.code).toBe("conflict");
    expect(again.details.field).toBe("key");
    const lower = await refusal(() => kit.project("site"));
    expect(lower.details.field).toBe("key");
    const other = await kit.project("OTHER");
    const renamed = await refusal(() =>
      rt.as(owner, "projects.update", { id: other.id, key: "SITE" }),
    );
    expect(renamed.details.field).toBe("key");
  });

  it("lists active projects with their task counts; archived ones on request", async () => {
    const p = await kit.project("COUNT");
    await kit.task(p.id, "Open", { dueDate: "2020-01-01" });
    const closed = await kit.task(p.id, "Closed");
    await kit.move({ id: closed.id, columnId: columnNamed(p, "Done").id });
    type Listed = OperationOutput<"projects.list">;
    const listed = (await rt.as(viewer, "projects.list", {})) as Listed;
    expect(listed.find((x) => x.key === "COUNT")!.taskCounts).toEqual({
      open: 1,
      done: 1,
      total: 2,
      overdue: 1,
    });
    await rt.as(owner, "projects.update", { id: p.id, status: "archived" });
    expect(((await rt.as(viewer, "projects.list", {})) as Listed).map((x) => x.key)).not.toContain(
      "COUNT",
    );
    const all = (await rt.as(viewer, "projects.list", { includeArchived: true })) as Listed;
    expect(all.find((x) => x.key === "COUNT")!.status).toBe("archived");
  });

  it("counts a task overdue once its due date has passed in the workspace's time zone", async () => {
    const p = await kit.project("ZONE");
    // Due today at UTC−12, the last place on Earth to reach a date; at UTC+14 that day is past.
    await kit.task(p.id, "Due", { dueDate: todayIn("Etc/GMT+12") });
    type Listed = OperationOutput<"projects.list">;
    const overdueIn = async (timezone: string) => {
      await rt.as(owner, "workspaces.update", { timezone });
      const listed = (await rt.as(viewer, "projects.list", {})) as Listed;
      return listed.find((x) => x.key === "ZONE")!.taskCounts.overdue;
    };
    expect(await overdueIn("Etc/GMT+12")).toBe(0);
    expect(await overdueIn("Pacific/Kiritimati")).toBe(1);
    await rt.as(owner, "workspaces.update", { timezone: "UTC" });
  });

  it("lets viewers read and refuses their writes", async () => {
    const error = await refusal(() => rt.as(viewer, "projects.create", { key: "NOPE", name: "x" }));
    expect(error.code).toBe("forbidden");
  });

  it("deletes a project with its tasks", async () => {
    const p = await kit.project("GONE");
    const t = await kit.task(p.id, "Goes too");
    await rt.as(owner, "projects.delete", { id: p.id });
    expect((await refusal(() => kit.get(t.id))).code).toBe("not_found");
    expect((await refusal(() => rt.as(owner, "projects.get", { key: "GONE" }))).code).toBe(
      "not_found",
    );
  });
});

describe("columns", () => {
  let p: ProjectDetail;
  beforeAll(async () => {
    p = await kit.project("COLS");
  });
  const reload = async () => (await rt.as(owner, "projects.get", { id: p.id })) as ProjectDetail;

  it("adds, renames and reorders columns", async () => {
    const qa = (await rt.as(owner, "projects.columns.create", {
      projectId: p.id,
      name: "QA",
      category: "in_progress",
      position: 3,
      wipLimit: 2,
    })) as { id: string };
    expect((await reload()).columns.map((c) => c.name)).toEqual([
      "Backlog",
      "To do",
      "In progress",
      "QA",
      "Review",
      "Done",
    ]);
    await rt.as(owner, "projects.columns.update", { id: qa.id, name: "Testing" });
    const ids = (await reload()).columns.map((c) => c.id).reverse();
    await rt.as(owner, "projects.columns.reorder", { projectId: p.id, columnIds: ids });
    expect((await reload()).columns.map((c) => c.name)[0]).toBe("Done");
    const missing = await refusal(() =>
      rt.as(owner, "projects.columns.reorder", { projectId: p.id, columnIds: ids.slice(1) }),
    );
    expect(missing.details.field).toBe("columnIds");
  });

  it("moves a deleted column's tasks to the target and keeps one done column", async () => {
    const fresh = await reload();
    const review = columnNamed(fresh, "Review");
    const done = columnNamed(fresh, "Done");
    const t = await kit.task(p.id, "In review", { columnId: review.id });
    const noTarget = await refusal(() =>
      rt.as(owner, "projects.columns.delete", { id: review.id, targetColumnId: review.id }),
    );
    expect(noTarget.details.field).toBe("targetColumnId");
    await rt.as(owner, "projects.columns.delete", { id: review.id, targetColumnId: done.id });
    const moved = await kit.get(t.id);
    expect(moved.column.name).toBe("Done");
    expect(moved.completedAt).not.toBeNull();
    const last = await refusal(() =>
      rt.as(owner, "projects.columns.delete", {
        id: done.id,
        targetColumnId: columnNamed(fresh, "To do").id,
      }),
    );
    expect(last.message).toContain("only done column");
    const uncategorised = await refusal(() =>
      rt.as(owner, "projects.columns.update", { id: done.id, category: "todo" }),
    );
    expect(uncategorised.details.field).toBe("category");
  });

  it("completes a column's tasks when it becomes a done column", async () => {
    const fresh = await reload();
    const todo = columnNamed(fresh, "To do");
    const t = await kit.task(p.id, "Will be done", { columnId: todo.id });
    await rt.as(owner, "projects.columns.update", { id: todo.id, category: "done" });
    const after = await kit.get(t.id);
    expect(after.completedAt).not.toBeNull();
    expect(after.history[0]).toMatchObject({ type: "updated", to: { done: true } });
  });
});

describe("saved views", () => {
  it("shows one's own and shared views, and checks the ids they name", async () => {
    const p = await kit.project("VIEWS");
    type View = OperationOutput<"views.create">;
    await rt.as(owner, "views.create", {
      name: "Mine",
      projectId: p.id,
      query: { filters: { assigneeId: "me" }, groupBy: "priority" },
    });
    const shared = (await rt.as(owner, "views.create", {
      name: "Team bugs",
      query: { filters: { labels: ["bug"] }, groupBy: "assignee" },
      shared: true,
    })) as View;
    const seen = (await rt.as(member, "views.list", { projectId: p.id })) as View[];
    expect(seen.map((v) => [v.name, v.isMine])).toEqual([["Team bugs", false]]);
    const edit = await refusal(() =>
      rt.as(member, "views.update", { id: shared.id, name: "Hijacked" }),
    );
    expect(edit.code).toBe("forbidden");
    const foreign = await refusal(() =>
      rt.as(owner, "views.create", {
        name: "Probe",
        query: { filters: { sprintId: "4a1c2d5e-0000-4000-8000-000000000003" } },
      }),
    );
    expect(foreign.code).toBe("not_found");
    await rt.as(owner, "views.update", { id: shared.id, shared: false });
    expect((await rt.as(member, "views.list", {})) as View[]).toEqual([]);
    await rt.as(owner, "views.delete", { id: shared.id });
  });
});

describe("costs and anomalies", () => {
  it("reports the project's spend from its cost scope, as the explorer does", async () => {
    await importDailyCosts(rt, owner, [
      { service: "Amazon EC2", daily: "10.00", tags: { client: "acme" } },
      { service: "Amazon S3", daily: "2.50", tags: { client: "other" } },
    ]);
    const month = monthToDate();
    const p = await kit.project("COST", { costScope: { tags: { client: ["acme"] } } });
    type Costs = OperationOutput<"projects.costs">;
    const costs = (await rt.as(viewer, "projects.costs", {
      id: p.id,
      from: month.start,
      to: month.end,
    })) as Costs;
    expect(costs.total).toBe(String(10 * month.dayOfMonth));
    expect(costs.services).toEqual([{ service: "Amazon EC2", total: costs.total }]);
    expect(costs.daily[0]).toBe("10");
    const listed = (await rt.as(viewer, "projects.list", {})) as OperationOutput<"projects.list">;
    expect(listed.find((x) => x.key === "COST")!.monthCost).toMatchObject({
      total: costs.total,
      currency: "USD",
    });
  });

  it("makes an anomaly into a linked task and remembers it on the anomaly", async () => {
    const p = await kit.project("ANOM");
    const [anomaly] = await rt.database.db
      .insert(costAnomalies)
      .values({
        workspaceId,
        day: "2024-09-10",
        dimension: "ServiceName",
        key: "AWS Lambda",
        currency: "USD",
        actual: "91.5",
        expected: "10",
        lower: "8",
        upper: "12",
        score: 20,
        severity: "high",
        rootCause: [],
      })
      .returning();
    const task = (await rt.as(owner, "tasks.createFromAnomaly", {
      anomalyId: anomaly!.id,
      projectId: p.id,
    })) as { id: string; title: string; priority: string };
    expect(task.title).toBe("AWS Lambda cost spike: 91.50 USD on 2024-09-10");
    expect(task.priority).toBe("high");
    const [stored] = await rt.database.db
      .select()
      .from(costAnomalies)
      .where(eq(costAnomalies.id, anomaly!.id));
    expect(stored!.taskId).toBe(task.id);
    expect((await kit.get(task.id)).links).toMatchObject([
      { kind: "cost_anomaly", target: anomaly!.id, title: "AWS Lambda on 2024-09-10" },
    ]);
    const linked = await rt.as(viewer, "tasks.linkedTo", {
      kind: "cost_anomaly",
      target: anomaly!.id,
    });
    expect(linked).toEqual([
      { id: task.id, key: "ANOM-1", title: task.title, projectKey: "ANOM", isDone: false },
    ]);
    const twice = await refusal(() =>
      rt.as(owner, "tasks.createFromAnomaly", { anomalyId: anomaly!.id, projectId: p.id }),
    );
    expect(twice.code).toBe("conflict");
    await rt.as(owner, "tasks.delete", { id: task.id });
    const [cleared] = await rt.database.db
      .select()
      .from(costAnomalies)
      .where(eq(costAnomalies.id, anomaly!.id));
    expect(cleared!.taskId).toBeNull();
  });
});

describe("a project's client", () => {
  it("must be a client record of this workspace", async () => {
    const other = await createOwner(rt, "elsewhere@example.com", "Elsewhere");
    const theirs = (await rt.as(other.caller, "clients.create", {
      name: "Theirs",
      currency: "EUR",
    })) as { id: string };
    const refused = await refusal(() => kit.project("THEIRS", { clientId: theirs.id }));
    expect(refused.code).toBe("not_found");
    const ours = (await rt.as(owner, "clients.create", { name: "Ours", currency: "EUR" })) as {
      id: string;
    };
    const project = await kit.project("OURS", { clientId: ours.id });
    expect(project.clientId).toBe(ours.id);
    const moved = await refusal(() =>
      rt.as(owner, "projects.update", { id: project.id, clientId: theirs.id }),
    );
    expect(moved.code).toBe("not_found");
  });
});

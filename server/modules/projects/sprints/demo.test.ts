import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  sessionCaller,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";

let rt: TestRuntime;
let owner: Caller;
let webId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "demo-sprints@example.com", "Own");
  const demo = await rt.services.demo.createDemoWorkspace(rt.database.db, o.userId);
  owner = await sessionCaller(rt, o.userId, demo.id);
  webId = ((await rt.as(owner, "projects.get", { key: "WEB" })) as { id: string }).id;
});
afterAll(async () => {
  await rt?.close();
});

describe("demo sprints and time", () => {
  it("WEB has a completed sprint in its velocity and an active one with a burndown shape", async () => {
    const sprints = (await rt.as(owner, "sprints.list", {
      projectId: webId,
    })) as OperationOutput<"sprints.list">;
    expect(sprints.map((s) => s.state)).toEqual(["active", "completed"]);
    const velocity = (await rt.as(owner, "sprints.velocity", {
      projectId: webId,
    })) as OperationOutput<"sprints.velocity">;
    expect(velocity.sprints).toMatchObject([{ committed: "32", completed: "19" }]);
    const chart = (await rt.as(owner, "sprints.burndown", {
      id: sprints[0]!.id,
    })) as OperationOutput<"sprints.burndown">;
    const measured = chart.days.filter((d) => d.remaining !== null);
    expect(measured.length).toBeGreaterThanOrEqual(7);
    // Work got done and scope grew mid-sprint.
    expect(new Set(measured.map((d) => d.remaining)).size).toBeGreaterThan(2);
    expect(Number(measured.at(-1)!.scope)).toBeGreaterThan(Number(chart.start.scope));
  });

  it("two weeks of time with billable amounts in USD", async () => {
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const totals = (await rt.as(owner, "time.totals", {
      from: day(-14),
      to: day(0),
      groupBy: "person",
    })) as OperationOutput<"time.totals">;
    expect(totals.groups).toHaveLength(3);
    expect(totals.total.billableSeconds).toBeGreaterThan(40 * 3600);
    expect(totals.total.amounts[0]?.currency).toBe("USD");
  });

  it("a roadmap that follows the sprints, capacity and a risk register", async () => {
    const roadmap = (await rt.as(owner, "roadmap.list", {})) as OperationOutput<"roadmap.list">;
    expect(roadmap.items.map((i) => i.kind).filter((k) => k === "milestone")).toHaveLength(2);
    expect(roadmap.dependencies).toHaveLength(4);
    const checkout = roadmap.items.find((i) => i.title === "Checkout with Stripe");
    expect(checkout?.tasks.total).toBeGreaterThan(3);
    expect(checkout?.tasks.done).toBeGreaterThan(0);
    const risks = (await rt.as(owner, "risks.list", {})) as OperationOutput<"risks.list">;
    const [top] = risks.items;
    expect((top?.likelihood ?? 0) * (top?.impact ?? 0)).toBe(12);
    const capacity = (await rt.as(owner, "planning.capacity", {
      from: new Date().toISOString().slice(0, 10),
      weeks: 2,
    })) as OperationOutput<"planning.capacity">;
    const leo = capacity.people.find((p) => p.name === "Leo Brandt");
    expect(leo?.weeks.map((w) => w.capacity)).toEqual([32, 16]);
  });
});

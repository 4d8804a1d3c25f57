import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { projects } from "../projects.schema.ts";
import { makeProject, makeTask } from "./time.testkit.ts";

type Totals = OperationOutput<"time.totals">;
type Timesheet = OperationOutput<"time.timesheet">;

let rt: TestRuntime;
let owner: Caller;
let ownerId: string;
let member: Caller;
let memberId: string;
const ids: Record<string, string> = {};
let clientId: string;

const log = (caller: Caller, input: Record<string, unknown>) =>
  rt.as(caller, "time.entries.create", input);
const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, "0")}:00:00Z`;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "reports@example.com", "Reports");
  owner = o.caller;
  ownerId = o.userId;
  const m = await addMember(rt, o.workspaceId, "billable@example.com", "member");
  member = m.caller;
  memberId = m.userId;
  // Up to the quarter hour at 95.50 EUR: 7 min bills 15 min (23.875 → 23.88), 50 min bills 60.
  ids.up = (
    await makeProject(rt, owner, {
      key: "UP",
      name: "Rounded up",
      hourlyRate: "95.50",
      currency: "EUR",
      timeRounding: { mode: "up", minutes: 15 },
    })
  ).id;
  // No rounding at 100 USD: three single minutes are 1.67 each, 5.01 together (not 5.00).
  ids.raw = (await makeProject(rt, owner, { key: "RAW", hourlyRate: "100", currency: "USD" })).id;
  // To the nearest half hour at 60 USD: 44 min bills 30, 45 min bills 60.
  ids.near = (
    await makeProject(rt, owner, {
      key: "NEAR",
      hourlyRate: "60",
      currency: "USD",
      timeRounding: { mode: "nearest", minutes: 30 },
    })
  ).id;
  clientId = (
    (await rt.as(owner, "clients.create", { name: "Upwind", currency: "EUR" })) as { id: string }
  ).id;
  await rt.database.db.update(projects).set({ clientId }).where(eq(projects.id, ids.up));
  ids.task = (await makeTask(rt, owner, ids.up, { title: "Homepage" })).id;

  await log(member, { taskId: ids.task, startedAt: at("2025-03-03"), seconds: 420 });
  await log(member, { projectId: ids.up, startedAt: at("2025-03-04"), seconds: 3000 });
  await log(member, {
    projectId: ids.up,
    startedAt: at("2025-03-04", 14),
    seconds: 1200,
    billable: false,
  });
  for (const hour of [9, 10, 11])
    await log(owner, { projectId: ids.raw, startedAt: at("2025-03-05", hour), seconds: 60 });
  await log(owner, { projectId: ids.near, startedAt: at("2025-03-09", 22), seconds: 44 * 60 });
  await log(owner, { projectId: ids.near, startedAt: at("2025-03-09", 8), seconds: 45 * 60 });
  // Outside the week of 3 March: the Sunday before and the Monday after.
  await log(member, { projectId: ids.up, startedAt: at("2025-03-02", 23), seconds: 600 });
  await log(member, { projectId: ids.up, startedAt: at("2025-03-10", 0), seconds: 600 });
});
afterAll(async () => {
  await rt?.close();
});

const totals = (groupBy: string, extra: Record<string, unknown> = {}) =>
  rt.as(owner, "time.totals", {
    from: "2025-03-03",
    to: "2025-03-10",
    groupBy,
    ...extra,
  }) as Promise<Totals>;

describe("time.totals", () => {
  it("rounds billable time per entry and prices it to the cent, per currency", async () => {
    const { groups, total } = await totals("project");
    const up = groups.find((g) => g.key === ids.up)!;
    expect(up).toMatchObject({
      seconds: 4620,
      billableSeconds: 3420,
      roundedBillableSeconds: 4500,
      roundedBillableHours: "1.25",
      amounts: [{ currency: "EUR", amount: "119.38" }],
    });
    const raw = groups.find((g) => g.key === ids.raw)!;
    expect(raw).toMatchObject({
      seconds: 180,
      roundedBillableSeconds: 180,
      amounts: [{ currency: "USD", amount: "5.01" }],
    });
    const near = groups.find((g) => g.key === ids.near)!;
    expect(near).toMatchObject({
      roundedBillableSeconds: 90 * 60,
      roundedBillableHours: "1.50",
      amounts: [{ currency: "USD", amount: "90.00" }],
    });
    expect(total.amounts).toEqual([
      { currency: "EUR", amount: "119.38" },
      { currency: "USD", amount: "95.01" },
    ]);
    expect(total.seconds).toBe(4620 + 180 + 89 * 60);
    expect(total.hours).toBe("2.82");
  });

  it("groups by person, task and client", async () => {
    const people = await totals("person");
    expect(people.groups.map((g) => [g.key, g.seconds])).toEqual([
      [ownerId, 180 + 89 * 60],
      [memberId, 4620],
    ]);
    const byTask = await totals("task");
    expect(byTask.groups.map((g) => [g.label, g.seconds])).toEqual([
      ["No task", 180 + 89 * 60 + 4200],
      ["UP-1 Homepage", 420],
    ]);
    const clients = await totals("client");
    expect(clients.groups.find((g) => g.key === clientId)).toMatchObject({
      label: "Upwind",
      seconds: 4620,
    });
    expect(clients.groups.find((g) => g.key === null)?.label).toBe("No client");
  });

  it("filters by person, project and billable, and refuses an empty range", async () => {
    const mine = await totals("project", { userId: memberId, billable: true });
    expect(mine.total.seconds).toBe(3420);
    const near = await totals("person", { projectId: ids.near });
    expect(near.total.seconds).toBe(89 * 60);
    try {
      await totals("project", { to: "2025-03-03" });
      throw new Error("accepted an empty range");
    } catch (error) {
      expect((error as AppError).details.field).toBe("to");
    }
  });
});

describe("time.timesheet", () => {
  it("sums a person's week per project and task and per UTC day", async () => {
    const sheet = (await rt.as(member, "time.timesheet", { weekStart: "2025-03-03" })) as Timesheet;
    expect(sheet.days[0]).toBe("2025-03-03");
    expect(sheet.days[6]).toBe("2025-03-09");
    expect(sheet.rows.map((r) => [r.taskNumber, r.seconds, r.total])).toEqual([
      [null, [0, 4200, 0, 0, 0, 0, 0], 4200],
      [1, [420, 0, 0, 0, 0, 0, 0], 420],
    ]);
    expect(sheet.dayTotals).toEqual([420, 4200, 0, 0, 0, 0, 0]);
    expect(sheet.total).toBe(4620);
    expect(sheet.billableTotal).toBe(3420);
  });

  it("shows someone else's week to a reader, and refuses a week not starting on Monday", async () => {
    const sheet = (await rt.as(member, "time.timesheet", {
      weekStart: "2025-03-03",
      userId: ownerId,
    })) as Timesheet;
    expect(sheet.dayTotals).toEqual([0, 0, 180, 0, 0, 0, 89 * 60]);
    try {
      await rt.as(member, "time.timesheet", { weekStart: "2025-03-04" });
      throw new Error("accepted a Tuesday");
    } catch (error) {
      expect((error as AppError).details.field).toBe("weekStart");
    }
  });
});

// A client's rate card by task type: time on a labelled task is billed at the client's rate for
// that type, whoever logged it, in drafts and in the next-invoice forecast.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { projectColumns } from "../../projects/projects.schema.ts";
import { logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let ownerId: string;
let memberId: string;

const call = <T>(caller: Caller, name: string, input: unknown) =>
  rt.as(caller, name as never, input as never) as Promise<T>;

async function clientWith(name: string, hourly: unknown) {
  return call<{ id: string }>(owner, "clients.create", {
    name,
    currency: "EUR",
    defaultTaxRate: "0",
    pricing: { hourly },
  });
}

async function task(projectId: string, title: string, labels: string[]) {
  return call<{ id: string }>(owner, "tasks.create", { projectId, title, labels });
}

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "rates@example.com", "Rate Card Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  ownerId = o.userId;
  memberId = (await addMember(rt, workspaceId, "designer@example.com", "member")).userId;
});

afterAll(async () => {
  await rt?.close();
});

describe("rates by task type", () => {
  it("bills time on a labelled task at the client's rate for it, over the person's own rate", async () => {
    const client = await clientWith("Initech", {
      defaultRate: "80",
      taskRates: [
        { label: "support", rate: "60" },
        { label: "design", rate: "120" },
      ],
    });
    const project = await projectFor(rt, workspaceId, client.id);
    await rt.database.db
      .insert(projectColumns)
      .values({ workspaceId, projectId: project.id, name: "To do", category: "todo", position: 1 });
    const design = await task(project.id, "Landing page", ["ux", "design"]);
    const support = await task(project.id, "Fix login", ["support", "design"]);
    const plain = await task(project.id, "Refactor", ["backend"]);
    const at = (day: number) => `2024-09-${String(day).padStart(2, "0")}T09:00:00Z`;
    // The owner's entries carry a personal rate of 100; the member's none.
    await logTime(rt, {
      workspaceId,
      userId: ownerId,
      projectId: project.id,
      taskId: design.id,
      startedAt: at(2),
      seconds: 7_200,
      rate: "100",
      currency: "EUR",
    });
    await logTime(rt, {
      workspaceId,
      userId: memberId,
      projectId: project.id,
      taskId: design.id,
      startedAt: at(3),
      seconds: 3_600,
    });
    // Both labels are on the card: its first task type, support, wins.
    await logTime(rt, {
      workspaceId,
      userId: memberId,
      projectId: project.id,
      taskId: support.id,
      startedAt: at(4),
      seconds: 1_800,
    });
    await logTime(rt, {
      workspaceId,
      userId: ownerId,
      projectId: project.id,
      taskId: plain.id,
      startedAt: at(5),
      seconds: 3_600,
      rate: "100",
      currency: "EUR",
    });
    await logTime(rt, {
      workspaceId,
      userId: memberId,
      projectId: project.id,
      startedAt: at(6),
      seconds: 3_600,
    });

    const profit = await call<OperationOutput<"invoicing.profit">>(owner, "invoicing.profit", {
      from: PERIOD.periodStart,
      to: PERIOD.periodEnd,
      clientId: client.id,
    });
    // 2 h + 1 h of design at 120, 0.5 h of support at 60, 1 h at 100, 1 h at the default 80.
    expect(profit.forecast.map((f) => f.time)).toEqual(["570.00"]);

    const draft = await call<OperationOutput<"invoices.get">>(owner, "invoices.draft", {
      clientId: client.id,
      ...PERIOD,
    });
    const lines = draft.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.net]);
    const name = project.name;
    expect(lines).toEqual([
      [`${name} — designer`, "1", "80", "80.00"],
      [`${name} — designer (design)`, "1", "120", "120.00"],
      [`${name} — designer (support)`, "0.5", "60", "30.00"],
      [`${name} — rates`, "1", "100", "100.00"],
      [`${name} — rates (design)`, "2", "120", "240.00"],
    ]);
    expect(draft.total).toBe("570.00");
    expect(draft.lines[1]!.detail).toMatchObject({ taskType: "design", rate: "120" });
  });

  it("refuses a rate card naming a task type twice, naming the field", async () => {
    const error = await clientWith("Hooli", {
      taskRates: [
        { label: "design", rate: "120" },
        { label: "design", rate: "90" },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid_input" });
    expect((error as AppError).details.field).toMatch(/^pricing\.hourly\.taskRates/);
  });
});

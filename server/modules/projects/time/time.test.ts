import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
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
import { timeEntries } from "../projects.schema.ts";
import { makeProject, makeTask } from "./time.testkit.ts";

type Entry = OperationOutput<"time.stop">;
type Started = OperationOutput<"time.start">;

let rt: TestRuntime;
let owner: Caller;
let ownerId: string;
let member: Caller;
let memberId: string;
let projectId: string;
let taskId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "timer@example.com", "Timers");
  owner = o.caller;
  ownerId = o.userId;
  const m = await addMember(rt, o.workspaceId, "tracker@example.com", "member");
  member = m.caller;
  memberId = m.userId;
  const project = await makeProject(rt, owner, {
    key: "TIME",
    hourlyRate: "80",
    currency: "EUR",
  });
  projectId = project.id;
  taskId = (await makeTask(rt, owner, projectId, { title: "Log some time" })).id;
});
afterAll(async () => {
  await rt?.close();
});

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

const start = (caller: Caller, input: Record<string, unknown> = {}) =>
  rt.as(caller, "time.start", input) as Promise<Started>;
const stop = (caller: Caller) => rt.as(caller, "time.stop", {}) as Promise<Entry>;
const current = (caller: Caller) => rt.as(caller, "time.current", {}) as Promise<Entry | null>;
const create = (caller: Caller, input: Record<string, unknown>) =>
  rt.as(caller, "time.entries.create", input) as Promise<Entry>;

async function runningCount(userId: string) {
  const rows = await rt.database.db
    .select()
    .from(timeEntries)
    .where(eq(timeEntries.userId, userId));
  return rows.filter((r) => r.endedAt === null).length;
}

describe("the timer", () => {
  it("starts on a task, takes the task's project, survives as time.current and stops", async () => {
    const { entry, stopped } = await start(member, { taskId, description: "Reading the brief" });
    expect(stopped).toBeNull();
    expect(entry).toMatchObject({ projectId, taskId, isRunning: true, billable: true });
    expect(entry.seconds).toBeNull();
    expect((await current(member))?.id).toBe(entry.id);
    const done = await stop(member);
    expect(done).toMatchObject({ id: entry.id, isRunning: false, rate: "80", currency: "EUR" });
    expect(done.seconds).toBeGreaterThanOrEqual(0);
    expect(await current(member)).toBeNull();
  });

  it("stopping with no timer running is a clear conflict", async () => {
    const error = await refusal(() => stop(member));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/no timer is running/i);
  });

  it("starting while one runs stops the running one at the same instant and says so", async () => {
    const first = await start(member, { projectId, description: "first" });
    const second = await start(member, { description: "second" });
    expect(second.stopped?.id).toBe(first.entry.id);
    expect(second.stopped?.endedAt).toBe(second.entry.startedAt);
    expect(second.entry.projectId).toBeNull();
    expect(second.entry.billable).toBe(false);
    expect(await runningCount(memberId)).toBe(1);
    await stop(member);
  });

  it("starts at the same moment (tabs, CLI) queue: each stops the one before, one stays running", async () => {
    const results = await Promise.all(
      ["tab one", "tab two", "cli", "phone"].map((description) =>
        start(owner, { projectId, description }),
      ),
    );
    // They queue on the person's lock: each later start stops the earlier, no second is lost.
    const stoppedIds = results.map((r) => r.stopped?.id).filter(Boolean);
    expect(stoppedIds).toHaveLength(3);
    expect(new Set(stoppedIds).size).toBe(3);
    for (const r of results.filter((r) => r.stopped))
      expect(r.stopped?.endedAt).toBe(r.entry.startedAt);
    expect(await runningCount(ownerId)).toBe(1);
    await stop(owner);
  });

  it("refuses a task of another workspace as not found", async () => {
    const other = await createOwner(rt, "elsewhere@example.com", "Elsewhere");
    const error = await refusal(() => start(other.caller, { taskId }));
    expect(error.code).toBe("not_found");
  });
});

describe("manual entries", () => {
  const at = "2025-03-04T09:00:00Z";

  it("logs a start with seconds, or a start and an end", async () => {
    const a = await create(member, { projectId, startedAt: at, seconds: 5400 });
    expect(a).toMatchObject({ seconds: 5400, endedAt: "2025-03-04T10:30:00.000Z", rate: "80" });
    const b = await create(member, { taskId, startedAt: at, endedAt: "2025-03-04T09:45:00+00:00" });
    expect(b).toMatchObject({ seconds: 2700, projectId, taskId });
  });

  it.each([
    [{ seconds: 0 }, "seconds"],
    [{ seconds: -60 }, "seconds"],
    [{ seconds: 86_401 }, "seconds"],
    [{ endedAt: "2025-03-04T08:00:00Z" }, "endedAt"],
    [{ endedAt: at }, "endedAt"],
    [{ endedAt: "2025-03-05T09:00:01Z" }, "endedAt"],
    [{ seconds: 60, endedAt: "2025-03-04T10:00:00Z" }, "endedAt"],
    [{}, "seconds"],
  ])("refuses %o naming %s", async (timing, field) => {
    const error = await refusal(() => create(member, { projectId, startedAt: at, ...timing }));
    expect(error.code).toBe("invalid_input");
    expect(error.details.field).toBe(field);
  });

  it("only an admin logs or edits someone else's time", async () => {
    const mine = await create(owner, { startedAt: at, seconds: 600 });
    const edit = await refusal(() =>
      rt.as(member, "time.entries.update", { id: mine.id, description: "not mine" }),
    );
    expect(edit.code).toBe("forbidden");
    const forOther = await refusal(() =>
      create(member, { userId: ownerId, startedAt: at, seconds: 600 }),
    );
    expect(forOther.details.field).toBe("userId");
    const theirs = await create(owner, { userId: memberId, startedAt: at, seconds: 600 });
    expect(theirs.userId).toBe(memberId);
    const edited = (await rt.as(owner, "time.entries.update", {
      id: theirs.id,
      description: "fixed by admin",
    })) as Entry;
    expect(edited.description).toBe("fixed by admin");
  });

  it("an invoiced entry is locked against edits and deletion", async () => {
    const entry = await create(member, { projectId, startedAt: at, seconds: 900 });
    await rt.database.db
      .update(timeEntries)
      .set({ invoiceId: randomUUID() })
      .where(eq(timeEntries.id, entry.id));
    const edit = await refusal(() =>
      rt.as(member, "time.entries.update", { id: entry.id, seconds: 1800 }),
    );
    expect(edit.code).toBe("conflict");
    expect(edit.message).toMatch(/invoice/);
    const del = await refusal(() => rt.as(owner, "time.entries.delete", { id: entry.id }));
    expect(del.code).toBe("conflict");
  });

  it("a new start keeps the length; a new project re-resolves the rate", async () => {
    const entry = await create(member, { startedAt: at, seconds: 1200 });
    expect(entry.rate).toBeNull();
    const moved = (await rt.as(member, "time.entries.update", {
      id: entry.id,
      startedAt: "2025-03-04T13:00:00Z",
      projectId,
    })) as Entry;
    expect(moved).toMatchObject({ seconds: 1200, endedAt: "2025-03-04T13:20:00.000Z" });
    expect(moved).toMatchObject({ projectId, rate: "80", currency: "EUR" });
    await rt.as(member, "time.entries.delete", { id: entry.id });
    const gone = await refusal(() => rt.as(member, "time.entries.delete", { id: entry.id }));
    expect(gone.code).toBe("not_found");
  });
});

describe("rates", () => {
  it("a person's own rate beats the project's; logged entries keep the rate they had", async () => {
    const before = await create(owner, {
      projectId,
      startedAt: "2025-03-05T09:00:00Z",
      seconds: 60,
    });
    expect(before.rate).toBe("80");
    await rt.as(owner, "time.rates.set", {
      userId: ownerId,
      hourlyRate: "120.50",
      costRate: "40",
      currency: "EUR",
    });
    const after = await create(owner, {
      projectId,
      startedAt: "2025-03-05T10:00:00Z",
      seconds: 60,
    });
    expect(after.rate).toBe("120.50");
    const listed = (await rt.as(owner, "time.entries.list", {
      from: "2025-03-05",
      to: "2025-03-06",
      userId: ownerId,
    })) as Entry[];
    expect(listed.map((e) => e.rate)).toEqual(["80", "120.50"]);
    const rates = (await rt.as(owner, "time.rates.list", {})) as {
      userId: string;
      costRate: string | null;
    }[];
    expect(rates.find((r) => r.userId === ownerId)?.costRate).toBe("40");
    expect(rates.find((r) => r.userId === memberId)?.costRate).toBeNull();
  });

  it("refuses rates for someone outside the workspace and a member setting rates", async () => {
    const outsider = await createOwner(rt, "outsider@example.com", "Outside");
    const error = await refusal(() =>
      rt.as(owner, "time.rates.set", { userId: outsider.userId, hourlyRate: "1", currency: "EUR" }),
    );
    expect(error.code).toBe("not_found");
    const byMember = await refusal(() =>
      rt.as(member, "time.rates.set", { userId: memberId, hourlyRate: "999", currency: "EUR" }),
    );
    expect(byMember.code).toBe("forbidden");
  });
});

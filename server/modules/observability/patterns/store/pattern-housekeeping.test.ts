import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../../test/support/runtime.ts";
import { rowsOf } from "../../../../platform/db/copy.ts";
import { enforceLogRetention } from "../../logs/log-retention.ts";
import { insertLogLines } from "../../logs/log-store.ts";

const DAY = 86_400_000;
let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const lines = (workspaceId: string, time: Date, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    workspaceId,
    time,
    service: "api",
    level: "info" as const,
    message: `user ${i} logged in from 10.0.0.${i}`,
    attributes: {},
    resourceId: null,
    keyId: null,
  }));

async function jobStatus(id: string) {
  const [row] = rowsOf<{ status: string }>(
    await rt.database.db.execute(sql`SELECT status FROM jobs WHERE id = ${id}`),
  );
  return row?.status;
}

async function hoursOf(workspaceId: string) {
  return rowsOf<{ hour: Date; count: number }>(
    await rt.database.db.execute(
      sql`SELECT hour, count FROM log_pattern_hours WHERE workspace_id = ${workspaceId} ORDER BY hour`,
    ),
  );
}

describe("mining patterns on request, and pruning their hourly counts", () => {
  it("mines now through a job (admins only, one at a time) and prunes hours past retention", async () => {
    const db = rt.database.db;
    const a = await createOwner(rt, "a@example.com", "A");
    const b = await createOwner(rt, "b@example.com", "B");
    const member = await addMember(rt, a.workspaceId, "m@example.com", "member");
    const now = new Date();
    const old = new Date(now.getTime() - 20 * DAY);
    for (const ws of [a.workspaceId, b.workspaceId]) {
      await insertLogLines(db, lines(ws, old, 5));
      await insertLogLines(db, lines(ws, now, 5));
    }
    // B keeps 30 days of logs, A the default 14.
    await rt.as(b.caller, "observability.settings.set", { logRetentionDays: 30 });
    // Asked for right after the lines came in: the queued job mines them.
    await expect(rt.as(member.caller, "logs.minePatterns", {})).rejects.toMatchObject({
      code: "forbidden",
    });
    const first = (await rt.as(a.caller, "logs.minePatterns", {})) as { jobId: string };
    const again = (await rt.as(a.caller, "logs.minePatterns", {})) as { jobId: string };
    expect(again.jobId).toBe(first.jobId);
    const ofB = (await rt.as(b.caller, "logs.minePatterns", {})) as { jobId: string };
    expect(ofB.jobId).not.toBe(first.jobId);
    rt.services.jobs.start();
    const deadline = Date.now() + 60_000;
    while (
      ((await jobStatus(first.jobId)) !== "succeeded" ||
        (await jobStatus(ofB.jobId)) !== "succeeded") &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 200));
    expect(await jobStatus(first.jobId)).toBe("succeeded");
    expect((await hoursOf(a.workspaceId)).length).toBe(2);
    expect((await hoursOf(b.workspaceId)).length).toBe(2);

    const result = await enforceLogRetention(db, now);
    expect(result.deletedPatternHours).toBe(1);
    const leftA = await hoursOf(a.workspaceId);
    expect(leftA).toHaveLength(1);
    expect(new Date(leftA[0]!.hour).getTime()).toBeGreaterThan(now.getTime() - 2 * 3_600_000);
    // B's 20-day-old hour is within its 30 days.
    expect(await hoursOf(b.workspaceId)).toHaveLength(2);
    // The templates stay, with their all-time totals.
    const patterns = rowsOf<{ count: number }>(
      await db.execute(sql`SELECT count FROM log_patterns WHERE workspace_id = ${a.workspaceId}`),
    );
    expect(patterns.reduce((s, p) => s + Number(p.count), 0)).toBe(10);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { healthDaily } from "./uptime.schema.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  ({ caller: owner, workspaceId } = await createOwner(rt, "ops@example.com", "Ops"));
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

type Listed = OperationOutput<"health.checks.list">[number];
const DAY_MS = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);

describe("health.checks.list", () => {
  it("gives each check its uptime over 30 days and its days with runs, from the daily roll-ups", async () => {
    const create = (name: string) =>
      rt.as(owner, "health.checks.create", {
        kind: "tcp",
        name,
        target: "db.example:5432",
        isEnabled: false,
      }) as Promise<{ id: string }>;
    const db = await create("Database");
    const idle = await create("Idle");
    const day = (n: number, upCount: number, totalCount: number) => ({
      checkId: db.id,
      workspaceId,
      day: dayAgo(n),
      upCount,
      totalCount,
      latencySumMs: 10 * upCount,
      latencyCount: upCount,
    });
    // 45 days ago is outside the window; 29 days ago is its first day.
    await rt.database.db
      .insert(healthDaily)
      .values([day(45, 0, 1440), day(29, 1440, 1440), day(3, 1368, 1440), day(0, 700, 700)]);
    const list = (await rt.as(owner, "health.checks.list", {})) as Listed[];
    const listed = list.find((c) => c.id === db.id)!;
    expect(listed.days.map((d) => d.day)).toEqual([dayAgo(29), dayAgo(3), dayAgo(0)]);
    expect(listed.days[1]).toEqual({
      day: dayAgo(3),
      upCount: 1368,
      totalCount: 1440,
      avgLatencyMs: 10,
    });
    expect(listed.uptimeMonth).toBeCloseTo((1440 + 1368 + 700) / (1440 + 1440 + 700), 12);
    expect(list.find((c) => c.id === idle.id)).toMatchObject({ days: [], uptimeMonth: null });
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertLogLines } from "../../server/modules/observability/logs/log-store.ts";
import { insertSamples } from "../../server/modules/observability/metrics/metric-store.ts";
import { rowsOf } from "../../server/platform/db/copy.ts";
import { tablesWithoutWorkspaceCascade } from "../../server/platform/workspaces/workspace-purge.ts";
import { fillWorkspaceTables, workspaceKeyedTables } from "../support/fill-workspace-tables.ts";
import { createOwner, createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

async function countsOf(workspaceId: string) {
  const db = rt.database.db;
  const counts: Record<string, number> = {};
  for (const table of await workspaceKeyedTables(db)) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE workspace_id = ${workspaceId}`,
      ),
    );
    counts[table] = row!.n;
  }
  return counts;
}

describe("deleting a workspace", () => {
  it("finds the workspace-keyed tables that no foreign key cascades to", async () => {
    const tables = await tablesWithoutWorkspaceCascade(rt.database.db);
    // The partitioned stores have no key to workspaces by design; they must be in the list.
    expect(tables).toEqual(expect.arrayContaining(["log_lines", "metric_samples"]));
    expect(tables).not.toContain("audit_log");
  });

  it("leaves no row of the workspace in any table, and the other workspace's rows alone", async () => {
    const db = rt.database.db;
    const doomed = await createOwner(rt, "doomed@example.com", "Doomed");
    const kept = await createOwner(rt, "kept@example.com", "Kept");
    // The partitioned stores through their own writers (they create the day's partition).
    for (const ws of [doomed.workspaceId, kept.workspaceId]) {
      const time = new Date();
      await insertLogLines(db, [
        {
          workspaceId: ws,
          time,
          service: "api",
          level: "info",
          message: "hello",
          attributes: {},
          resourceId: null,
          keyId: null,
        },
      ]);
      await insertSamples(db, [
        { workspaceId: ws, name: "up", labels: { job: "api" }, time, value: 1, resourceId: null },
      ]);
    }
    // One row per other workspace-keyed table, for both workspaces, built from the catalog.
    expect(Object.fromEntries(await fillWorkspaceTables(db, doomed.workspaceId))).toEqual({});
    expect(Object.fromEntries(await fillWorkspaceTables(db, kept.workspaceId))).toEqual({});
    const before = await countsOf(doomed.workspaceId);
    const empty = Object.entries(before).filter(([, n]) => n === 0);
    expect(empty).toEqual([]);

    await rt.as(doomed.caller, "workspaces.delete", { confirmName: "Doomed" });

    const after = await countsOf(doomed.workspaceId);
    const left = Object.entries(after).filter(([table, n]) => n > 0 && table !== "audit_log");
    expect(left).toEqual([]);
    // The audit log is append-only: what stays of the workspace there is its deletion record.
    const audit = rowsOf<{ action: string }>(
      await db.execute(
        sql`SELECT action FROM audit_log WHERE workspace_id = ${doomed.workspaceId} AND action <> 'test'`,
      ),
    );
    expect(audit.map((a) => a.action)).toContain("workspaces.delete");
    const keptCounts = await countsOf(kept.workspaceId);
    expect(Object.entries(keptCounts).filter(([, n]) => n === 0)).toEqual([]);
  });
});

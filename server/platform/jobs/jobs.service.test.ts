import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { waitFor } from "../../../test/support/test-database.ts";
import { jobs } from "./jobs.schema.ts";
import { setupJobsTest } from "./jobs.testing.ts";

const t = setupJobsTest();
const { makeService, waitForStatus } = t;

describe("job service", () => {
  it("runs an enqueued job at once, without waiting for the poll, and stores its result", async () => {
    const service = makeService({ pollMs: 3_600_000 });
    const seen: unknown[] = [];
    service.define({
      name: "double",
      payload: z.object({ n: z.number() }),
      handler: async ({ n }, ctx) => {
        seen.push({ attempt: ctx.attempt, workspaceId: ctx.workspaceId, jobId: ctx.jobId });
        return { doubled: n * 2 };
      },
    });
    service.start();
    const workspaceId = "00000000-0000-4000-8000-000000000001";
    const job = await service.enqueue(t.db, "double", { n: 21 }, { workspaceId });

    const done = await waitForStatus(job.id, "succeeded");
    expect(done.result).toEqual({ doubled: 42 });
    expect(done.attempts).toBe(1);
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(seen).toEqual([{ attempt: 1, workspaceId, jobId: job.id }]);
  });

  it("refuses a payload that does not match the schema, naming the field", async () => {
    const service = makeService();
    const double = service.define({
      name: "double",
      payload: z.object({ n: z.number() }),
      handler: async () => null,
    });
    await expect(service.enqueue(t.db, "double", { n: "21" })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "payload.n" },
    });
    await expect(service.enqueue(t.db, "triple", { n: 1 })).rejects.toMatchObject({
      details: { field: "name" },
    });
    await expect(double.enqueue(t.db, { n: 1 })).resolves.toMatchObject({ name: "double" });
  });

  it("enqueues inside the caller's transaction, so a rollback leaves no job", async () => {
    const service = makeService();
    service.define({ name: "noop", payload: z.object({}), handler: async () => null });
    await expect(
      t.db.transaction(async (tx) => {
        await service.enqueue(tx, "noop", {});
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const [row] = await t.db.select({ n: count() }).from(jobs);
    expect(row!.n).toBe(0);
  });

  it("fails a job no handler is defined for, saying so", async () => {
    const service = makeService();
    service.start();
    const [job] = await t.db.insert(jobs).values({ name: "renamed-away", payload: {} }).returning();
    const failed = await waitForStatus(job!.id, "failed");
    expect(failed.lastError).toContain('No handler for job "renamed-away"');
    expect(failed.attempts).toBe(1);
  });

  it("returns the queued job for a singleton key instead of adding another", async () => {
    const service = makeService();
    service.define({ name: "sync", payload: z.object({}), handler: async () => "synced" });
    const first = await service.enqueue(t.db, "sync", {}, { singletonKey: "sync:acme" });
    const again = await t.db.transaction((tx) =>
      service.enqueue(tx, "sync", {}, { singletonKey: "sync:acme" }),
    );
    const other = await service.enqueue(t.db, "sync", {}, { singletonKey: "sync:globex" });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);

    service.start();
    await waitForStatus(first.id, "succeeded");
    const next = await service.enqueue(t.db, "sync", {}, { singletonKey: "sync:acme" });
    expect(next.id).not.toBe(first.id);
  });

  it("runs a running singleton once more when asked again with rerunIfRunning, once only", async () => {
    const service = makeService({ pollMs: 3_600_000 });
    let runs = 0;
    let release!: () => void;
    const first = new Promise<void>((resolve) => {
      release = resolve;
    });
    service.define({
      name: "index",
      payload: z.object({}),
      handler: async () => {
        runs++;
        if (runs === 1) await first; // the first run holds the key while the callers ask again
        return runs;
      },
    });
    service.start();
    const key = { singletonKey: "index:acme", rerunIfRunning: true };
    const job = await service.enqueue(t.db, "index", {}, key);
    await waitFor(async () => runs === 1, { what: "the first run to start" });
    // Asked twice while it runs, once inside a transaction that commits: one more run, not two.
    const again = await t.db.transaction((tx) => service.enqueue(tx, "index", {}, key));
    expect(again.id).toBe(job.id);
    await service.enqueue(t.db, "index", {}, key);
    // Without the option a running job absorbs the request, as before.
    await service.enqueue(t.db, "index", {}, { singletonKey: "index:acme" });
    release();
    await waitForStatus(job.id, "succeeded");
    const rows = await waitFor(
      async () => {
        const all = await t.db.select().from(jobs).where(eq(jobs.singletonKey, "index:acme"));
        return all.length === 2 && all.every((r) => r.status === "succeeded") && all;
      },
      { what: "the second run to succeed" },
    );
    expect(runs).toBe(2);
    expect(rows.find((r) => r.id !== job.id)?.rerunRequested).toBe(false);
  });
});

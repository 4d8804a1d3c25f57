import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { waitFor } from "../../../test/support/test-database.ts";
import { jobs } from "./jobs.schema.ts";
import { setupJobsTest } from "./jobs.testing.ts";

const t = setupJobsTest();
const { connectAgain, jobById, makeService, waitForStatus } = t;

const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

describe("worker", () => {
  it("retries a failing job with growing delays, then fails it after maxAttempts", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const service = makeService({ clock: () => now });
    let runs = 0;
    service.define({
      name: "flaky",
      payload: z.object({}),
      maxAttempts: 3,
      handler: async () => {
        runs++;
        throw new Error(`boom ${runs}`);
      },
    });
    service.start();
    const job = await service.enqueue(t.db, "flaky", {});
    const attempt = (n: number) =>
      waitFor(async () => {
        const row = await jobById(job.id);
        return row.attempts === n && row.status === "queued" && row;
      });

    const first = await attempt(1);
    expect(first.lastError).toBe("boom 1");
    const firstDelay = first.runAt.getTime() - now.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(1_600);
    expect(firstDelay).toBeLessThanOrEqual(2_400);
    expect(runs).toBe(1); // the clock has not moved, so it is not due again

    now = new Date(now.getTime() + 3_600_000);
    const second = await attempt(2);
    const secondDelay = second.runAt.getTime() - now.getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(3_200);
    expect(secondDelay).toBeLessThanOrEqual(4_800);

    now = new Date(now.getTime() + 3_600_000);
    const failed = await waitForStatus(job.id, "failed");
    expect(failed).toMatchObject({ attempts: 3, lastError: "boom 3", finishedAt: now });
    expect(runs).toBe(3);
  });

  it("aborts a job that exceeds its timeout and records why", async () => {
    const service = makeService();
    let isAborted = false;
    service.define({
      name: "hang",
      payload: z.object({}),
      maxAttempts: 1,
      timeoutMs: 50,
      handler: (_, { signal }) => {
        signal.addEventListener("abort", () => {
          isAborted = true;
        });
        return untilAborted(signal);
      },
    });
    service.start();
    const job = await service.enqueue(t.db, "hang", {});
    const failed = await waitForStatus(job.id, "failed");
    expect(failed.lastError).toBe("Timed out after 50 ms");
    expect(isAborted).toBe(true);
  });

  it("keeps a success whose result cannot be stored as JSON, without the result", async () => {
    const service = makeService();
    let runs = 0;
    service.define({
      name: "bigint",
      payload: z.object({}),
      handler: async () => {
        runs++;
        return 10n;
      },
    });
    service.start();
    const job = await service.enqueue(t.db, "bigint", {});
    expect(await waitForStatus(job.id, "succeeded")).toMatchObject({ result: null, attempts: 1 });
    expect(runs).toBe(1);
  });

  it("never runs a job twice when two instances share the queue", async () => {
    const otherDb = await connectAgain();
    const executions = new Map<string, number>();
    const a = makeService({ instanceId: "a", concurrency: 4 });
    const b = makeService({ db: otherDb, instanceId: "b", concurrency: 4 });
    for (const service of [a, b]) {
      service.define({
        name: "count",
        payload: z.object({ i: z.number() }),
        handler: async (_, { jobId }) => {
          executions.set(jobId, (executions.get(jobId) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        },
      });
    }
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 50; i++) await a.enqueue(tx, "count", { i });
    });
    a.start();
    b.start();

    await waitFor(
      async () => {
        const [row] = await t.db
          .select({ n: count() })
          .from(jobs)
          .where(eq(jobs.status, "succeeded"));
        return row!.n === 50;
      },
      { what: "50 jobs succeeded" },
    );
    expect(executions.size).toBe(50);
    expect([...executions.values()].every((n) => n === 1)).toBe(true);
  });

  it("stop() waits for a running job and claims nothing new", async () => {
    const service = makeService();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hasStarted = false;
    service.define({
      name: "slow",
      payload: z.object({}),
      handler: async () => {
        hasStarted = true;
        await gate;
        return "done";
      },
    });
    service.start();
    const job = await service.enqueue(t.db, "slow", {});
    await waitFor(() => hasStarted);

    let isStopped = false;
    const stopping = service.stop(60_000).then(() => {
      isStopped = true;
    });
    const late = await service.enqueue(t.db, "slow", {});
    expect(isStopped).toBe(false);
    release();
    await stopping;

    expect((await jobById(job.id)).status).toBe("succeeded");
    expect((await jobById(late.id)).status).toBe("queued");
  });

  it("stop() aborts a job that outlasts the grace period and hands it to another instance", async () => {
    const first = makeService({ instanceId: "first" });
    let isAborted = false;
    first.define({
      name: "long",
      payload: z.object({}),
      handler: (_, { signal }) => {
        signal.addEventListener("abort", () => {
          isAborted = true;
        });
        return untilAborted(signal);
      },
    });
    first.start();
    const job = await first.enqueue(t.db, "long", {});
    await waitForStatus(job.id, "running");
    await first.stop(50);

    expect(isAborted).toBe(true);
    expect(await jobById(job.id)).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });

    const second = makeService({ instanceId: "second" });
    second.define({ name: "long", payload: z.object({}), handler: async () => "finished" });
    second.start();
    const done = await waitForStatus(job.id, "succeeded");
    expect(done).toMatchObject({ lockedBy: "second", attempts: 1, result: "finished" });
  });

  it("takes back jobs left running by a dead instance", async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    const running = {
      name: "recover",
      payload: {},
      status: "running" as const,
      lockedBy: "dead-1",
    };
    const [stale, exhausted, fresh] = await t.db
      .insert(jobs)
      .values([
        { ...running, attempts: 1, lockedAt: hourAgo },
        { ...running, attempts: 3, maxAttempts: 3, lockedAt: hourAgo },
        { ...running, attempts: 1, lockedAt: new Date() },
      ])
      .returning();
    const service = makeService();
    let runs = 0;
    service.define({
      name: "recover",
      payload: z.object({}),
      handler: async () => {
        runs++;
      },
    });
    service.start();

    expect(await waitForStatus(stale!.id, "succeeded")).toMatchObject({ attempts: 2 });
    const failed = await waitForStatus(exhausted!.id, "failed");
    expect(failed.lastError).toBe("Instance dead-1 stopped during this attempt");
    expect(await jobById(fresh!.id)).toMatchObject({ status: "running", lockedBy: "dead-1" });
    expect(runs).toBe(1);
  });
});

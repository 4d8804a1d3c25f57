import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jobs } from "./jobs.schema.ts";
import { setupJobsTest } from "./jobs.testing.ts";

const acme = "00000000-0000-4000-8000-000000000001";
const globex = "00000000-0000-4000-8000-000000000002";
const t = setupJobsTest();

function makeService() {
  // Never started: these are the admin page's reads and actions, with no worker involved.
  const service = t.makeService();
  service.define({ name: "sync", payload: z.object({}), handler: async () => null });
  return service;
}

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));

describe("job admin", () => {
  it("lists a workspace's jobs newest first, page by page", async () => {
    const service = makeService();
    await t.db
      .insert(jobs)
      .values([
        ...[1, 2, 3, 4, 5].map((m) => ({ name: "sync", workspaceId: acme, createdAt: at(m) })),
        { name: "sync", workspaceId: globex, createdAt: at(6) },
        { name: "sync", workspaceId: null, createdAt: at(7), status: "failed" },
      ]);

    const page1 = await service.list(t.db, { workspaceId: acme, limit: 2 });
    const page2 = await service.list(t.db, { workspaceId: acme, limit: 2, before: page1[1]!.id });
    const page3 = await service.list(t.db, { workspaceId: acme, limit: 2, before: page2[1]!.id });
    expect([...page1, ...page2, ...page3].map((j) => j.createdAt)).toEqual([5, 4, 3, 2, 1].map(at));
    expect(await service.list(t.db, { workspaceId: null, limit: 10 })).toHaveLength(1);
    expect(await service.list(t.db, { status: "failed", limit: 10 })).toHaveLength(1);
    expect(await service.list(t.db, { limit: 10 })).toHaveLength(7);
  });

  it("retries a failed job from its first attempt, and refuses one that is queued", async () => {
    const service = makeService();
    const [failed, queued] = await t.db
      .insert(jobs)
      .values([
        { name: "sync", status: "failed", attempts: 5, lastError: "boom", finishedAt: at(1) },
        { name: "sync", status: "queued" },
      ])
      .returning();

    const retried = await service.retry(t.db, failed!.id);
    expect(retried).toMatchObject({ status: "queued", attempts: 0, finishedAt: null });
    await expect(service.retry(t.db, queued!.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(service.retry(t.db, "not-a-job")).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses to retry a job of another workspace", async () => {
    const service = makeService();
    const [job] = await t.db
      .insert(jobs)
      .values({ name: "sync", workspaceId: acme, status: "failed" })
      .returning();
    await expect(service.retry(t.db, job!.id, globex)).rejects.toMatchObject({ code: "not_found" });
    await expect(service.cancel(t.db, job!.id, globex)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("refuses to retry a singleton job whose key is taken again", async () => {
    const service = makeService();
    const [failed] = await t.db
      .insert(jobs)
      .values({ name: "sync", status: "failed", singletonKey: "sync:acme" })
      .returning();
    await service.enqueue(t.db, "sync", {}, { singletonKey: "sync:acme" });
    await expect(service.retry(t.db, failed!.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("cancels a queued job but not a running one", async () => {
    const service = makeService();
    const queued = await service.enqueue(t.db, "sync", {});
    const [running] = await t.db
      .insert(jobs)
      .values({ name: "sync", status: "running" })
      .returning();

    expect(await service.cancel(t.db, queued.id)).toMatchObject({ status: "cancelled" });
    await expect(service.cancel(t.db, running!.id)).rejects.toMatchObject({
      code: "conflict",
      message: "The job is running; only queued jobs can be cancelled",
    });
  });

  it("prunes finished jobs older than the cut-off and nothing else", async () => {
    const service = makeService();
    await t.db.insert(jobs).values([
      { name: "sync", status: "succeeded", finishedAt: at(1) },
      { name: "sync", status: "failed", finishedAt: at(2) },
      { name: "sync", status: "cancelled", finishedAt: at(3) },
      { name: "sync", status: "succeeded", finishedAt: at(30) },
      { name: "sync", status: "queued", createdAt: at(0) },
    ]);
    expect(await service.prune(t.db, at(10))).toBe(3);
    const left = await service.list(t.db, { limit: 10 });
    expect(left.map((j) => j.status).sort()).toEqual(["queued", "succeeded"]);
  });
});

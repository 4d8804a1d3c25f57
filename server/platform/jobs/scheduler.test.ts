import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { waitFor } from "../../../test/support/test-database.ts";
import { jobs, schedules } from "./jobs.schema.ts";
import type { JobServiceDeps } from "./jobs.service.ts";
import { setupJobsTest } from "./jobs.testing.ts";

const t = setupJobsTest();

function makeService(deps: Partial<JobServiceDeps> = {}) {
  const service = t.makeService(deps);
  service.define({
    name: "report",
    payload: z.object({ kind: z.enum(["costs", "uptime"]) }),
    handler: async ({ kind }) => `sent ${kind}`,
  });
  return service;
}

const scheduleByKey = async (key: string) =>
  (await t.db.select().from(schedules).where(eq(schedules.key, key)))[0]!;

describe("schedules", () => {
  it("fires a due schedule once, however many runs were missed, and moves to the next time", async () => {
    let now = new Date("2030-01-01T00:00:30Z");
    const clock = () => now;
    const first = makeService({ clock, instanceId: "first" });
    const created = await first.schedule(t.db, {
      key: "report:costs",
      cron: "*/5 * * * *",
      jobName: "report",
      payload: { kind: "costs" },
    });
    expect(created.nextRunAt).toEqual(new Date("2030-01-01T00:05:00Z"));

    now = new Date("2030-01-01T00:17:00Z"); // three runs missed while nothing was running
    const second = makeService({
      clock,
      db: await t.connectAgain(),
      instanceId: "second",
    });
    first.start();
    second.start();
    const job = await waitFor(
      async () => {
        const [row] = await t.db
          .select()
          .from(jobs)
          .where(eq(jobs.singletonKey, "schedule:report:costs"));
        return row?.status === "succeeded" && row;
      },
      { what: "the scheduled job to succeed" },
    );
    await Promise.all([first.stop(), second.stop()]);

    expect(job).toMatchObject({ name: "report", payload: { kind: "costs" }, result: "sent costs" });
    expect(await t.db.select().from(jobs)).toHaveLength(1);
    expect(await scheduleByKey("report:costs")).toMatchObject({
      nextRunAt: new Date("2030-01-01T00:20:00Z"),
      lastRunAt: now,
    });
  });

  it("refuses an invalid cron expression, naming the cron field", async () => {
    const service = makeService();
    for (const cron of ["61 * * * *", "every day", ""]) {
      await expect(
        service.schedule(t.db, { key: "bad", cron, jobName: "report", payload: { kind: "costs" } }),
      ).rejects.toMatchObject({ code: "invalid_input", details: { field: "cron" } });
    }
    expect(await service.listSchedules(t.db)).toEqual([]);
  });

  it("refuses an unknown job, a bad payload and an unknown time zone, naming each field", async () => {
    const service = makeService();
    const input = { key: "k", cron: "0 3 * * *", jobName: "report", payload: { kind: "costs" } };
    await expect(service.schedule(t.db, { ...input, jobName: "nope" })).rejects.toMatchObject({
      details: { field: "jobName" },
    });
    await expect(
      service.schedule(t.db, { ...input, payload: { kind: "x" } }),
    ).rejects.toMatchObject({
      details: { field: "payload.kind" },
    });
    await expect(
      service.schedule(t.db, { ...input, timezone: "Mars/Olympus" }),
    ).rejects.toMatchObject({ details: { field: "timezone" } });
  });

  it("keeps a due run when the same schedule is declared again at start-up", async () => {
    let now = new Date("2030-01-01T02:59:00Z");
    const service = makeService({ clock: () => now });
    const input = {
      key: "nightly",
      cron: "0 3 * * *",
      jobName: "report",
      payload: { kind: "costs" },
    };
    await service.schedule(t.db, input);

    now = new Date("2030-01-01T03:05:00Z"); // restarted after the run was due
    const again = await service.schedule(t.db, input);
    expect(again.nextRunAt).toEqual(new Date("2030-01-01T03:00:00Z"));

    const changed = await service.schedule(t.db, { ...input, cron: "0 4 * * *" });
    expect(changed.nextRunAt).toEqual(new Date("2030-01-01T04:00:00Z"));
    expect(changed.cron).toBe("0 4 * * *");
  });

  it("lists schedules by workspace and removes them by key", async () => {
    const service = makeService();
    const acme = "00000000-0000-4000-8000-000000000ace";
    const base = { cron: "0 3 * * *", jobName: "report", payload: { kind: "uptime" } };
    await service.schedule(t.db, { ...base, key: "instance-wide" });
    await service.schedule(t.db, { ...base, key: `uptime:${acme}`, workspaceId: acme });

    expect((await service.listSchedules(t.db)).map((s) => s.key)).toEqual([
      "instance-wide",
      `uptime:${acme}`,
    ]);
    expect((await service.listSchedules(t.db, acme)).map((s) => s.key)).toEqual([`uptime:${acme}`]);
    expect((await service.listSchedules(t.db, null)).map((s) => s.key)).toEqual(["instance-wide"]);
    expect(await service.unschedule(t.db, "instance-wide")).toBe(true);
    expect(await service.unschedule(t.db, "instance-wide")).toBe(false);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { seedDemoInventory } from "../demo.ts";
import { COMPLIANCE_SNAPSHOT_JOB } from "../inventory.jobs.ts";
import { complianceDaily } from "../inventory.schema.ts";
import { recordComplianceDay } from "./compliance.service.ts";

type Findings = OperationOutput<"compliance.findings">;
type Trend = OperationOutput<"compliance.trend">;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let viewer: Person;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "compliance@example.com", "Compliance");
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  await seedDemoInventory(rt.database.db, {
    workspaceId: owner.workspaceId,
    ownerUserId: owner.userId,
  });
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const findings = (input: object = {}) =>
  rt.as(owner.caller, "compliance.findings", input) as Promise<Findings>;
const count = (f: Findings, rule: string) => f.counts.find((c) => c.rule === rule)?.count;

describe("compliance.findings", () => {
  it("finds the demo's public bucket, open SSH, unencrypted orphan volume and stopped box", async () => {
    const f = await findings();
    const by = (rule: string) => f.items.filter((i) => i.rule === rule).map((i) => i.resourceName);
    expect(by("public-bucket")).toEqual(["acme-assets"]);
    expect(by("open-admin-port")).toEqual(["acme-web-sg"]);
    expect(f.items.find((i) => i.rule === "open-admin-port")?.message).toBe(
      "Port 22 open to 0.0.0.0/0 or ::/0",
    );
    expect(by("unencrypted-volume")).toEqual(["vol-orphaned"]);
    expect(by("unattached-volume")).toEqual(["vol-orphaned"]);
    expect(by("stopped-with-disks")).toEqual(["staging-box"]);
    expect(count(f, "unencrypted-database")).toBe(0);
    // No policy yet: nobody is missing a required tag. High severity first.
    expect(count(f, "missing-tags")).toBe(0);
    expect(f.items[0]?.severity).toBe("high");
    // The demo's month of trend ends with today's counts; staging-box's finding began with its
    // stop three days ago (its change history says so too).
    const trend = (await rt.as(owner.caller, "compliance.trend", { days: 31 })) as Trend;
    expect(trend.days).toHaveLength(31);
    expect(trend.days.at(-1)!.total).toBe(f.total);
    const ago = (n: number) => trend.days[trend.days.length - 1 - n]!.byRule;
    expect([ago(4)["stopped-with-disks"], ago(3)["stopped-with-disks"]]).toEqual([0, 1]);
    expect(ago(20)["public-bucket"]).toBe(1);
  });

  it("applies the workspace's tag policy; viewers read findings but cannot change the policy", async () => {
    await rt.as(owner.caller, "compliance.tagPolicy.set", {
      requiredTags: ["client", "env"],
      types: ["compute.vm"],
    });
    const f = await findings({ rule: "missing-tags" });
    // VMs: acme-web-1/2 and initech-app carry both; staging-box lacks client; agency-tools both.
    expect(f.items.map((i) => i.resourceName).sort()).toEqual(["agency-tools", "staging-box"]);
    expect(f.total).toBe(2);
    await expect(
      rt.as(viewer.caller, "compliance.tagPolicy.set", { requiredTags: [], types: [] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(
      ((await rt.as(viewer.caller, "compliance.findings", {})) as Findings).total,
    ).toBeGreaterThan(0);
  });

  it("keeps a daily count per rule: the trend, with today's last count", async () => {
    const db = rt.database.db;
    const now = new Date();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const iso = (at: Date) => at.toISOString().slice(0, 10);
    // Policy from the test above in force: two VMs miss a tag.
    await rt.as(owner.caller, "compliance.tagPolicy.set", { requiredTags: [], types: [] });
    await recordComplianceDay(db, owner.workspaceId, daysAgo(40));
    await recordComplianceDay(db, owner.workspaceId, daysAgo(3));
    await rt.as(owner.caller, "compliance.tagPolicy.set", {
      requiredTags: ["client", "env"],
      types: ["compute.vm"],
    });
    const trend = (await rt.as(viewer.caller, "compliance.trend", { days: 30 })) as Trend;
    expect(trend.from).toBe(iso(daysAgo(29)));
    // The demo recorded a month before today; the day 40 days ago is outside the window.
    const days = trend.days.map((d) => d.day);
    expect(days[0]).toBe(iso(daysAgo(29)));
    expect(days.at(-1)).toBe(iso(now));
    expect(days).toEqual([...days].sort());
    expect(days).not.toContain(iso(daysAgo(40)));
    const before = trend.days.find((d) => d.day === iso(daysAgo(3)));
    const today = trend.days.at(-1);
    expect(before!.byRule["missing-tags"]).toBe(0);
    // Setting the policy recorded today's counts, replacing the earlier ones of today.
    expect(today!.byRule["missing-tags"]).toBe(2);
    expect(today!.total - before!.total).toBe(2);
    const live = await findings();
    expect(today!.total).toBe(live.total);
    expect(today!.resources).toBeGreaterThan(0);
    expect(trend.rules.map((r) => r.rule)).toEqual(live.counts.map((c) => c.rule));
    const quarter = (await rt.as(owner.caller, "compliance.trend", {})) as Trend;
    expect(quarter.days.map((d) => d.day)).toContain(iso(daysAgo(40)));
  });

  it("records every workspace's day from the daily snapshot job", async () => {
    const other = await createOwner(rt, "snapshot-compliance@example.com", "Snapshot");
    await seedDemoInventory(rt.database.db, {
      workspaceId: other.workspaceId,
      ownerUserId: other.userId,
    });
    // The demo recorded today already: start from an empty trend, so only the job can fill it.
    await rt.database.db
      .delete(complianceDaily)
      .where(eq(complianceDaily.workspaceId, other.workspaceId));
    rt.services.jobs.start();
    await rt.services.jobs.enqueue(rt.database.db, COMPLIANCE_SNAPSHOT_JOB, {});
    const trend = await waitFor(async () => {
      const t = (await rt.as(other.caller, "compliance.trend", { days: 1 })) as Trend;
      return t.days.length === 1 ? t : undefined;
    });
    const live = (await rt.as(other.caller, "compliance.findings", {})) as Findings;
    expect(trend.days[0]!.total).toBe(live.total);
    expect(trend.days[0]!.byRule["public-bucket"]).toBe(1);
  });

  it("shows nothing of another workspace", async () => {
    const other = await createOwner(rt, "other-compliance@example.com", "Other");
    expect(((await rt.as(other.caller, "compliance.findings", {})) as Findings).total).toBe(0);
    expect(((await rt.as(other.caller, "compliance.trend", {})) as Trend).days).toEqual([]);
  });
});

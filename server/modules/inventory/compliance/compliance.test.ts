import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { seedDemoInventory } from "../demo.ts";

type Findings = OperationOutput<"compliance.findings">;

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

  it("shows nothing of another workspace", async () => {
    const other = await createOwner(rt, "other-compliance@example.com", "Other");
    expect(((await rt.as(other.caller, "compliance.findings", {})) as Findings).total).toBe(0);
  });
});

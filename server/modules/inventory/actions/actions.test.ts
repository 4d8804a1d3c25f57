import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsReplay, fullRegion } from "../../../../test/support/aws-replay.ts";
import { createOwner, type Person, type TestRuntime } from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { DigitalOceanReplay } from "../../../connectors/digitalocean/replay.testing.ts";
import {
  createAutomation,
  runDetail,
  runNow,
  settledRun,
} from "../../ai/automations/automations.testkit.ts";
import { insertSamples } from "../../observability/metrics/metric-store.ts";
import { type ReplayInventory, startReplayInventory } from "../replay-inventory.testkit.ts";

type Results = OperationOutput<"resources.stop">;

let inventory: ReplayInventory;
let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let member: Person;
let doReplay: DigitalOceanReplay;
let aws: AwsReplay;
const find = (provider: string, type: string, q?: string) => inventory.find(provider, type, q);

/** EC2 volumes as the replay serves them, with vol-a8d2e991 detached from its instance. */
function regionWithFreeVolume() {
  const region = fullRegion();
  region.DescribeVolumes = region.DescribeVolumes!.map((item) =>
    item.includes("vol-a8d2e991")
      ? item
          .replace(/<attachmentSet>[\s\S]*<\/attachmentSet>/, "<attachmentSet/>")
          .replace("<status>in-use</status>", "<status>available</status>")
      : item,
  );
  return region;
}

beforeAll(async () => {
  inventory = await startReplayInventory({
    ownerEmail: "ops@example.com",
    workspace: "Operations",
    awsRegion: regionWithFreeVolume(),
  });
  ({ rt, owner, member, doReplay, aws } = inventory);
}, 120_000);

afterAll(async () => {
  await inventory?.close();
});

describe("resource actions through the connectors", () => {
  it("stops a running EC2 instance and refuses one that is already stopped", async () => {
    const vms = await find("aws", "compute.vm");
    const running = vms.find((v) => v.state === "running")!;
    const stopped = vms.find((v) => v.state === "stopped")!;
    const out = (await rt.as(member.caller, "resources.stop", {
      ids: [running.id, stopped.id],
    })) as Results;
    expect(out).toMatchObject({ succeeded: 1, failed: 1 });
    expect(out.results[0]).toMatchObject({
      id: running.id,
      status: "succeeded",
      state: "stopping",
    });
    expect(out.results[1]).toMatchObject({ id: stopped.id, status: "refused" });
    expect(out.results[1]!.detail).toMatch(/stopped, not running/);
    const sent = aws.requests.filter((r) => r.operation === "StopInstances");
    expect(sent.map((r) => r.params?.get("InstanceId.1"))).toEqual(["i-78f1b94a"]);
    // The inventory shows the new state until the next scan tells otherwise.
    const detail = (await rt.as(owner.caller, "inventory.get", { id: running.id })) as {
      state: string;
    };
    expect(detail.state).toBe("stopping");
    const actions = (await rt.as(owner.caller, "resources.actions", {
      id: running.id,
    })) as OperationOutput<"resources.actions">;
    expect(actions.history[0]).toMatchObject({ action: "stop", status: "succeeded" });
    expect(actions.available.find((a) => a.action === "stop")).toMatchObject({ allowed: false });
  });

  it("retries an idempotent stop through throttling, but sends a snapshot only once", async () => {
    const vms = await find("aws", "compute.vm");
    const stopped = vms.find((v) => v.state === "stopped")!;
    aws.faults = [{ operation: "StartInstances", fault: "throttle", times: 1 }];
    const started = (await rt.as(owner.caller, "resources.start", {
      ids: [stopped.id],
    })) as Results;
    expect(started.results[0]).toMatchObject({ status: "succeeded", state: "pending" });
    expect(aws.requests.filter((r) => r.operation === "StartInstances")).toHaveLength(2);

    const [volume] = await find("aws", "storage.volume", "vol-bc71579a");
    aws.faults = [{ operation: "CreateSnapshot", fault: "server-error", times: 1 }];
    const failed = (await rt.as(owner.caller, "resources.snapshot", {
      ids: [volume!.id],
    })) as Results;
    expect(failed.results[0]!.status).toBe("failed");
    expect(aws.requests.filter((r) => r.operation === "CreateSnapshot")).toHaveLength(1);
    aws.faults = [];
  });

  it("snapshots an unattached EBS volume, then deletes it; deletion without a snapshot is refused", async () => {
    const [free] = await find("aws", "storage.volume", "vol-a8d2e991");
    const [attached] = await find("aws", "storage.volume", "vol-bc71579a");
    const early = (await rt.as(owner.caller, "resources.deleteVolume", {
      ids: [free!.id],
    })) as Results;
    expect(early.results[0]).toMatchObject({ status: "refused" });
    expect(early.results[0]!.detail).toMatch(/not snapshotted/);

    const candidates = (await rt.as(owner.caller, "inventory.unattachedVolumes", {
      minDays: 0,
    })) as OperationOutput<"inventory.unattachedVolumes">;
    expect(candidates.ids).toContain(free!.id);
    expect(candidates.ids).not.toContain(attached!.id);

    const snap = (await rt.as(owner.caller, "resources.snapshot", {
      ids: [free!.id],
      name: "before-cleanup",
    })) as Results;
    expect(snap.results[0]).toMatchObject({ status: "succeeded" });
    expect(snap.results[0]!.createdNativeId).toMatch(/^snap-/);
    const create = aws.requests.findLast((r) => r.operation === "CreateSnapshot")!;
    expect(create.params?.get("VolumeId")).toBe("vol-a8d2e991");

    await expect(
      rt.as(member.caller, "resources.deleteVolume", { ids: [free!.id] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const deleted = (await rt.as(owner.caller, "resources.deleteVolume", {
      ids: [free!.id, attached!.id],
    })) as Results;
    expect(deleted.results.map((r) => r.status)).toEqual(["succeeded", "refused"]);
    expect(aws.requests.filter((r) => r.operation === "DeleteVolume")).toHaveLength(1);
  });

  it("shuts a droplet down, snapshots and deletes a DigitalOcean volume", async () => {
    const [droplet] = await find("digitalocean", "compute.vm", "stage.example.com");
    const stop = (await rt.as(owner.caller, "resources.stop", { ids: [droplet!.id] })) as Results;
    expect(stop.results[0]).toMatchObject({ status: "succeeded", state: "off" });
    expect(stop.results[0]!.detail).toMatch(/still billed/);
    const action = doReplay.requests.find((r) => r.path === "/v2/droplets/3164412/actions")!;
    expect(action).toMatchObject({ method: "POST", body: { type: "shutdown" } });

    const [volume] = await find("digitalocean", "storage.volume");
    await rt.as(owner.caller, "resources.snapshot", { ids: [volume!.id], name: "keep" });
    const post = doReplay.requests.find((r) => r.path.endsWith("/snapshots"))!;
    expect(post).toMatchObject({ method: "POST", body: { name: "keep" } });
    const gone = (await rt.as(owner.caller, "resources.deleteVolume", {
      ids: [volume!.id],
    })) as Results;
    expect(gone.results[0]).toMatchObject({ status: "succeeded", state: "deleted" });
    expect(doReplay.requests.some((r) => r.method === "DELETE")).toBe(true);
  });

  it("refuses ids of another workspace before touching anything", async () => {
    const other = await createOwner(rt, "other@example.com", "Other");
    const [vm] = await find("digitalocean", "compute.vm");
    const before = doReplay.requests.length;
    await expect(rt.as(other.caller, "resources.stop", { ids: [vm!.id] })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(doReplay.requests.length).toBe(before);
  });

  it("finds running VMs with low CPU over the period from their hourly roll-ups", async () => {
    const vms = (await find("digitalocean", "compute.vm")).filter((v) => v.state === "active");
    const [quiet, busy] = vms;
    const now = new Date();
    const samples = [];
    for (let h = 1; h <= 7 * 24; h++) {
      const time = new Date(now.getTime() - h * 3_600_000);
      samples.push(
        { name: "cpu_utilization_percent", value: 1 + (h % 3), resourceId: quiet!.id, time },
        {
          name: "cpu_utilization_percent",
          value: h % 24 === 0 ? 90 : 3,
          resourceId: busy!.id,
          time,
        },
      );
    }
    await insertSamples(
      rt.database.db,
      samples.map((s) => ({
        ...s,
        workspaceId: owner.workspaceId,
        labels: { resource: s.resourceId },
      })),
    );
    const idle = (await rt.as(owner.caller, "inventory.idleInstances", {
      days: 7,
    })) as OperationOutput<"inventory.idleInstances">;
    expect(idle.ids).toEqual([quiet!.id]);
    expect(idle.items[0]!.avgCpuPercent).toBeCloseTo(2, 0);
    expect(idle.items[0]!.hoursMeasured).toBeGreaterThanOrEqual(7 * 24 - 1);
    // A fortnight asked for, a week measured: not enough to judge.
    const longer = (await rt.as(owner.caller, "inventory.idleInstances", {
      days: 30,
    })) as OperationOutput<"inventory.idleInstances">;
    expect(longer.total).toBe(0);
  });

  it("runs the snapshot-then-delete playbook with an approval before each change", async () => {
    const templates = (await rt.as(owner.caller, "automations.templates", {})) as {
      id: string;
      available: boolean;
      steps: { key: string; input?: Record<string, unknown> }[];
    }[];
    const playbook = templates.find((t) => t.id === "snapshot-then-delete-volume")!;
    expect(playbook.available).toBe(true);
    const steps = structuredClone(playbook.steps);
    steps[0]!.input = { minDays: 0 };
    const automation = await createAutomation(rt, owner.caller, {
      name: "Volume cleanup",
      trigger: { kind: "manual" },
      steps,
    });
    const [left] = (await find("digitalocean", "storage.volume")).filter(
      (v) => v.state === "unattached",
    );
    const before = doReplay.requests.length;
    const first = await runNow(rt, owner.caller, automation.id);
    expect(first.steps.map((s) => [s.key, s.status])).toEqual([
      ["find", "succeeded"],
      ["any", "succeeded"],
      ["snapshot", "waiting"],
    ]);
    // Nothing reached the provider before the approval.
    expect(doReplay.requests.length).toBe(before);
    await rt.as(owner.caller, "approvals.approve", { id: first.steps[2]!.approvalId });
    // The approval resumes the run through a job: wait until it reaches the next approval.
    const second = await waitFor(
      async () => {
        const run = await runDetail(rt, owner.caller, first.id);
        return run.steps[3]?.status === "waiting" && run;
      },
      { timeoutMs: 30_000, what: "the delete step to wait for approval" },
    );
    expect(second.steps[3]).toMatchObject({ key: "delete", status: "waiting" });
    await rt.as(owner.caller, "approvals.approve", { id: second.steps[3]!.approvalId });
    const done = await settledRun(rt, owner.caller, first.id, ["succeeded", "failed", "stopped"]);
    expect(done.status).toBe("succeeded");
    expect(done.steps[3]!.output).toMatchObject({ succeeded: 1, failed: 0 });
    const id = left!.id;
    const history = (await rt.as(owner.caller, "resources.actions", {
      id,
    })) as OperationOutput<"resources.actions">;
    expect(history.history.map((h) => [h.action, h.status])).toEqual([
      ["delete", "succeeded"],
      ["snapshot", "succeeded"],
    ]);
  });
});

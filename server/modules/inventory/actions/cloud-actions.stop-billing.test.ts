import { beforeAll, describe, expect, it } from "vitest";
import { createAutomation, runNow, settledRun } from "../../ai/automations/automations.testkit.ts";
import { insertSamples } from "../../observability/metrics/metric-store.ts";
import { type Results, setupCloudActionsTest } from "./cloud-actions.testing.ts";

const kit = setupCloudActionsTest(["azure", "gcp"]);

// The playbook ends the billing of running VMs; Compute Engine's batch-1 is discovered stopped.
beforeAll(async () => {
  const batch = await kit.findOne("gcp", "compute.vm", "batch-1");
  await kit.act("resources.start", { ids: [batch.id] });
});

describe("ending idle VMs' compute billing", () => {
  /** A week of hourly CPU samples around 2% for each resource. */
  async function quietWeek(ids: string[]) {
    const now = Date.now();
    const samples = ids.flatMap((resourceId) =>
      Array.from({ length: 7 * 24 }, (_, h) => ({
        workspaceId: kit.owner.workspaceId,
        name: "cpu_utilization_percent",
        value: 1 + (h % 3),
        resourceId,
        labels: { resource: resourceId },
        time: new Date(now - (h + 1) * 3_600_000),
      })),
    );
    await insertSamples(kit.rt.database.db, samples);
  }

  it("runs the idle-instance playbook: deallocates the Azure VM, stops the Compute Engine one", async () => {
    const templates = (await kit.rt.as(kit.owner.caller, "automations.templates", {})) as {
      id: string;
      available: boolean;
      steps: { key: string; operation?: string }[];
    }[];
    const playbook = templates.find((t) => t.id === "stop-idle-instance")!;
    expect(playbook.available).toBe(true);
    expect(playbook.steps.find((s) => s.key === "stop")!.operation).toBe("resources.stopBilling");

    const azureVm = await kit.findOne("azure", "compute.vm", "virtualMachine-1");
    const gcpVm = await kit.findOne("gcp", "compute.vm", "batch-1");
    expect([azureVm.state, gcpVm.state]).toEqual(["running", "running"]);
    await quietWeek([azureVm.id, gcpVm.id]);
    const automation = await createAutomation(kit.rt, kit.owner.caller, {
      name: "Idle VMs",
      trigger: { kind: "manual" },
      steps: playbook.steps,
    });
    const fromAzure = kit.azure.requests.length;
    const fromGcp = kit.gcp.requests.length;
    const run = await runNow(kit.rt, kit.owner.caller, automation.id);
    expect(run.steps.map((s) => [s.key, s.status])).toEqual([
      ["find", "succeeded"],
      ["any", "succeeded"],
      ["stop", "waiting"],
    ]);
    expect((run.steps[0]!.output as { ids: string[] }).ids.sort()).toEqual(
      [azureVm.id, gcpVm.id].sort(),
    );
    await kit.rt.as(kit.owner.caller, "approvals.approve", { id: run.steps[2]!.approvalId });
    const done = await settledRun(kit.rt, kit.owner.caller, run.id, [
      "succeeded",
      "failed",
      "stopped",
    ]);
    expect(done.status).toBe("succeeded");
    const out = done.steps[2]!.output as Results;
    expect(out).toMatchObject({ succeeded: 2, failed: 0 });
    const byId = new Map(out.results.map((r) => [r.id, r]));
    expect(byId.get(azureVm.id)).toMatchObject({ action: "deallocate", state: "deallocated" });
    expect(byId.get(gcpVm.id)).toMatchObject({ action: "stop", state: "stopped" });

    // Azure was asked to deallocate, never to power off (which would leave the cores billed).
    const azurePosts = kit.armSince(fromAzure).filter((r) => r.method === "POST");
    expect(azurePosts.map((r) => r.path)).toEqual([
      `/subscriptions/${kit.azure.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/virtualmachines/virtualmachine-1/deallocate`,
    ]);
    const gcpPosts = kit.gcp.requests
      .slice(fromGcp)
      .filter((r) => r.method === "POST" && r.path.startsWith("/compute/"));
    expect(gcpPosts.map((r) => r.path)).toEqual([
      `/compute/v1/projects/${kit.gcp.project}/zones/us-central1-a/instances/batch-1/stop`,
    ]);
    const history = await kit.actions(azureVm.id);
    expect(history.history[0]).toMatchObject({ action: "deallocate", status: "succeeded" });
  });

  it("refuses to end the billing of a VM that is not running, naming the action it needed", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-1");
    expect(vm.state).toBe("deallocated");
    const from = kit.azure.requests.length;
    const out = await kit.act("resources.stopBilling", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "refused", action: "deallocate" });
    expect(out.results[0]!.detail).toBe("The VM is deallocated, not running or stopped");
    expect(kit.azure.requests.length).toBe(from);
  });
});

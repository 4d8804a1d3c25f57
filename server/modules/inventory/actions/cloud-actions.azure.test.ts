import { describe, expect, it } from "vitest";
import { setupCloudActionsTest } from "./cloud-actions.testing.ts";

const kit = setupCloudActionsTest(["azure"]);

describe("Azure VM and managed-disk actions, through the SDK's pollers", () => {
  const vmPath = (name: string) =>
    `/subscriptions/${kit.azure.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/virtualmachines/${name}`;
  const operations = () =>
    `/subscriptions/${kit.azure.subscriptionId}/providers/microsoft.compute/locations/eastus/operations/`;

  it("powers a VM off, polling Azure-AsyncOperation then Location, and says it is still billed", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-1");
    expect(vm.state).toBe("running");
    const from = kit.azure.requests.length;
    const out = await kit.act("resources.stop", { ids: [vm.id] }, kit.member);
    expect(out.results[0]).toMatchObject({ status: "succeeded", state: "stopped" });
    expect(out.results[0]!.detail).toMatch(/still billed.*deallocate/);
    const sent = kit.armSince(from);
    expect(sent.map(({ method, path, monitor }) => ({ method, path, monitor }))).toEqual([
      { method: "POST", path: `${vmPath("virtualmachine-1")}/poweroff`, monitor: false },
      { method: "GET", path: expect.stringContaining(operations()), monitor: false },
      { method: "GET", path: sent[1]!.path, monitor: true },
    ]);
    expect(sent[0]!.body).toBeUndefined();
    expect(kit.azure.requests[from]!.query.get("api-version")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Azure's own view agrees: the next scan reads the instance view's power state.
    await kit.rediscover("azure");
    expect((await kit.findOne("azure", "compute.vm", "virtualMachine-1")).state).toBe("stopped");
  });

  it("deallocates the stopped VM, starts it again, and offers each action only where it applies", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-1");
    const before = await kit.actions(vm.id);
    const allowed = before.available.filter((a) => a.allowed).map((a) => a.action);
    expect(allowed.sort()).toEqual(["deallocate", "start"]);
    expect(before.available.find((a) => a.action === "restart")!.reason).toBe(
      "The VM is stopped, not running",
    );

    const from = kit.azure.requests.length;
    const gone = await kit.act("resources.deallocate", { ids: [vm.id] });
    expect(gone.results[0]).toMatchObject({ status: "succeeded", state: "deallocated" });
    const started = await kit.act("resources.start", { ids: [vm.id] });
    expect(started.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    const posts = kit.armSince(from).filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual([
      `${vmPath("virtualmachine-1")}/deallocate`,
      `${vmPath("virtualmachine-1")}/start`,
    ]);
    expect(kit.azure.operations.powerStateOf(vmPath("virtualmachine-1"))).toBe("running");
  });

  it("keeps polling while Azure answers InProgress, then restarts the VM", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-1");
    kit.azure.operations.polls = 1;
    const from = kit.azure.requests.length;
    try {
      const out = await kit.act("resources.restart", { ids: [vm.id] });
      expect(out.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    } finally {
      kit.azure.operations.polls = 0;
    }
    const sent = kit.armSince(from);
    expect(sent.map((r) => `${r.method} ${r.monitor ? "location" : r.path}`)).toEqual([
      `POST ${vmPath("virtualmachine-1")}/restart`,
      `GET ${sent[1]!.path}`,
      `GET ${sent[1]!.path}`,
      "GET location",
    ]);
  });

  it("fails the action with the error of a failed operation, and keeps the state it had", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-2");
    kit.azure.operations.failNext({
      code: "OperationNotAllowed",
      message: "Operation 'powerOff' is not allowed since the VM is marked for deletion.",
    });
    const out = await kit.act("resources.stop", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "failed", state: "running" });
    expect(out.results[0]!.detail).toBe(
      "Azure could not power off virtualMachine-2: OperationNotAllowed. Operation 'powerOff' is not allowed since the VM is marked for deletion.",
    );
    expect((await kit.findOne("azure", "compute.vm", "virtualMachine-2")).state).toBe("running");
    const history = await kit.actions(vm.id);
    expect(history.history[0]).toMatchObject({ action: "stop", status: "failed" });
  });

  it("reports a refused request with ARM's message and the role that grants the action", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-2");
    kit.azure.fail("/poweroff", {
      status: 403,
      body: {
        error: {
          code: "AuthorizationFailed",
          message:
            "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/powerOff/action'.",
        },
      },
    });
    const out = await kit.act("resources.stop", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "failed", state: "running" });
    expect(out.results[0]!.detail).toMatch(
      /^Azure answered 403: AuthorizationFailed: .*powerOff\/action.*Virtual Machine Contributor/,
    );
  });

  it("refuses a start of a running VM without calling Azure", async () => {
    const vm = await kit.findOne("azure", "compute.vm", "virtualMachine-2");
    const from = kit.azure.requests.length;
    const out = await kit.act("resources.start", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "refused" });
    expect(out.results[0]!.detail).toBe("The VM is running, not stopped or deallocated");
    expect(kit.azure.requests.length).toBe(from);
  });

  it("snapshots a disk as an incremental copy, refuses a name taken, then deletes the disk", async () => {
    const disk = await kit.findOne("azure", "storage.volume", "myManagedDisk1");
    const from = kit.azure.requests.length;
    const snap = await kit.act("resources.snapshot", { ids: [disk.id], name: "before cleanup" });
    expect(snap.results[0]).toMatchObject({ status: "succeeded" });
    const snapshotPath = `/subscriptions/${kit.azure.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/snapshots/before-cleanup`;
    expect(snap.results[0]!.createdNativeId).toBe(snapshotPath);
    expect(snap.results[0]!.detail).toBe("Snapshot before-cleanup of myManagedDisk1 is Succeeded");
    const sent = kit.armSince(from);
    expect(sent.map((r) => `${r.method} ${r.monitor ? "location" : r.path}`)).toEqual([
      `GET ${snapshotPath}`, // is the name free?
      `PUT ${snapshotPath}`,
      `GET ${sent[2]!.path}`, // Azure-AsyncOperation
      `GET ${snapshotPath}`, // the SDK's final GET of a PUT: the snapshot made
    ]);
    expect(sent[1]!.body).toEqual({
      location: "westus",
      tags: { "created-by": "glasspane" },
      properties: {
        creationData: { createOption: "Copy", sourceResourceId: disk.nativeId },
        incremental: true,
      },
    });

    const again = await kit.act("resources.snapshot", { ids: [disk.id], name: "before-cleanup" });
    expect(again.results[0]).toMatchObject({ status: "failed" });
    expect(again.results[0]!.detail).toMatch(/before-cleanup already exists.*another name/);
    expect(kit.armSince(from).filter((r) => r.method === "PUT")).toHaveLength(1);

    const fromDelete = kit.azure.requests.length;
    const deleted = await kit.act("resources.deleteVolume", { ids: [disk.id] });
    expect(deleted.results[0]).toMatchObject({ status: "succeeded", state: "deleted" });
    expect(kit.armSince(fromDelete).map((r) => `${r.method} ${r.path}`)[0]).toBe(
      `DELETE ${disk.nativeId}`,
    );
    await kit.rediscover("azure");
    expect(await kit.find("azure", "storage.volume", "myManagedDisk1")).toEqual([]);
  });

  it("refuses to delete a disk a VM holds, before asking Azure", async () => {
    const disk = await kit.findOne("azure", "storage.volume", "myManagedDisk");
    const from = kit.azure.requests.length;
    const out = await kit.act("resources.deleteVolume", { ids: [disk.id], withoutSnapshot: true });
    expect(out.results[0]).toMatchObject({ status: "refused" });
    expect(out.results[0]!.detail).toBe("The disk is attached to a VM; detach it first");
    expect(kit.azure.requests.length).toBe(from);
  });
});

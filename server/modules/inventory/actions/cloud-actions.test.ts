import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AzureReplay, startAzureReplay } from "../../../../test/support/azure-replay.ts";
import { type GcpReplay, startGcpReplay } from "../../../../test/support/gcp-replay.ts";
import type { Person, TestRuntime } from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { createAutomation, runNow, settledRun } from "../../ai/automations/automations.testkit.ts";
import { insertSamples } from "../../observability/metrics/metric-store.ts";
import { type ReplayInventory, startReplayInventory } from "../replay-inventory.testkit.ts";

type Results = OperationOutput<"resources.stop">;
type Actions = OperationOutput<"resources.actions">;

let inventory: ReplayInventory;
let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let member: Person;
let azure: AzureReplay;
let gcp: GcpReplay;
const find = async (provider: string, type: string, q: string) => {
  const [item] = await inventory.find(provider, type, q);
  if (!item) throw new Error(`No ${provider} ${type} matching ${q}`);
  return item;
};
type ActionOp =
  | "resources.stop"
  | "resources.stopBilling"
  | "resources.start"
  | "resources.restart"
  | "resources.deallocate"
  | "resources.snapshot"
  | "resources.deleteVolume";
const act = (op: ActionOp, input: object, who: Person = owner) =>
  rt.as(who.caller, op, input) as Promise<Results>;

beforeAll(async () => {
  inventory = await startReplayInventory({ ownerEmail: "ops@example.com", workspace: "Clouds" });
  ({ rt, owner, member } = inventory);
  azure = await startAzureReplay({ pageSize: 50 });
  gcp = await startGcpReplay({ pageSize: 50 });
  await inventory.connect("azure", {
    credentials: {
      method: "service-principal",
      tenantId: azure.tenantId,
      clientId: azure.clientId,
      clientSecret: azure.clientSecret,
      subscriptionIds: azure.subscriptionId,
    },
    endpoint: azure.endpoint,
  });
  await inventory.connect("gcp", {
    credentials: { method: "service-account-key", serviceAccountKey: gcp.keyText },
    endpoint: gcp.endpoint,
  });
}, 120_000);

afterAll(async () => {
  await inventory?.close();
  await azure?.close();
  await gcp?.close();
});

/** The ARM requests since `from` (each action signs in first: not these), in order. */
const armSince = (from: number) =>
  azure.requests
    .slice(from)
    .filter((r) => r.path.startsWith("/subscriptions/"))
    .map((r) => ({
      method: r.method,
      path: r.path.toLowerCase(),
      monitor: r.query.get("monitor") === "true",
      body: r.body ? JSON.parse(r.body) : undefined,
    }));

describe("Azure VM and managed-disk actions, through the SDK's pollers", () => {
  const vmPath = (name: string) =>
    `/subscriptions/${azure.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/virtualmachines/${name}`;
  const operations = () =>
    `/subscriptions/${azure.subscriptionId}/providers/microsoft.compute/locations/eastus/operations/`;

  it("powers a VM off, polling Azure-AsyncOperation then Location, and says it is still billed", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-1");
    expect(vm.state).toBe("running");
    const from = azure.requests.length;
    const out = await act("resources.stop", { ids: [vm.id] }, member);
    expect(out.results[0]).toMatchObject({ status: "succeeded", state: "stopped" });
    expect(out.results[0]!.detail).toMatch(/still billed.*deallocate/);
    const sent = armSince(from);
    expect(sent.map(({ method, path, monitor }) => ({ method, path, monitor }))).toEqual([
      { method: "POST", path: `${vmPath("virtualmachine-1")}/poweroff`, monitor: false },
      { method: "GET", path: expect.stringContaining(operations()), monitor: false },
      { method: "GET", path: sent[1]!.path, monitor: true },
    ]);
    expect(sent[0]!.body).toBeUndefined();
    expect(azure.requests[from]!.query.get("api-version")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Azure's own view agrees: the next scan reads the instance view's power state.
    await inventory.rediscover("azure");
    expect((await find("azure", "compute.vm", "virtualMachine-1")).state).toBe("stopped");
  });

  it("deallocates the stopped VM, starts it again, and offers each action only where it applies", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-1");
    const before = (await rt.as(owner.caller, "resources.actions", { id: vm.id })) as Actions;
    const allowed = before.available.filter((a) => a.allowed).map((a) => a.action);
    expect(allowed.sort()).toEqual(["deallocate", "start"]);
    expect(before.available.find((a) => a.action === "restart")!.reason).toBe(
      "The VM is stopped, not running",
    );

    const from = azure.requests.length;
    const gone = await act("resources.deallocate", { ids: [vm.id] });
    expect(gone.results[0]).toMatchObject({ status: "succeeded", state: "deallocated" });
    const started = await act("resources.start", { ids: [vm.id] });
    expect(started.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    const posts = armSince(from).filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual([
      `${vmPath("virtualmachine-1")}/deallocate`,
      `${vmPath("virtualmachine-1")}/start`,
    ]);
    expect(azure.operations.powerStateOf(vmPath("virtualmachine-1"))).toBe("running");
  });

  it("keeps polling while Azure answers InProgress, then restarts the VM", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-1");
    azure.operations.polls = 1;
    const from = azure.requests.length;
    try {
      const out = await act("resources.restart", { ids: [vm.id] });
      expect(out.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    } finally {
      azure.operations.polls = 0;
    }
    const sent = armSince(from);
    expect(sent.map((r) => `${r.method} ${r.monitor ? "location" : r.path}`)).toEqual([
      `POST ${vmPath("virtualmachine-1")}/restart`,
      `GET ${sent[1]!.path}`,
      `GET ${sent[1]!.path}`,
      "GET location",
    ]);
  });

  it("fails the action with the error of a failed operation, and keeps the state it had", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-2");
    azure.operations.failNext({
      code: "OperationNotAllowed",
      message: "Operation 'powerOff' is not allowed since the VM is marked for deletion.",
    });
    const out = await act("resources.stop", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "failed", state: "running" });
    expect(out.results[0]!.detail).toBe(
      "Azure could not power off virtualMachine-2: OperationNotAllowed. Operation 'powerOff' is not allowed since the VM is marked for deletion.",
    );
    expect((await find("azure", "compute.vm", "virtualMachine-2")).state).toBe("running");
    const history = (await rt.as(owner.caller, "resources.actions", { id: vm.id })) as Actions;
    expect(history.history[0]).toMatchObject({ action: "stop", status: "failed" });
  });

  it("reports a refused request with ARM's message and the role that grants the action", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-2");
    azure.fail("/poweroff", {
      status: 403,
      body: {
        error: {
          code: "AuthorizationFailed",
          message:
            "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/powerOff/action'.",
        },
      },
    });
    const out = await act("resources.stop", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "failed", state: "running" });
    expect(out.results[0]!.detail).toMatch(
      /^Azure answered 403: AuthorizationFailed: .*powerOff\/action.*Virtual Machine Contributor/,
    );
  });

  it("refuses a start of a running VM without calling Azure", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-2");
    const from = azure.requests.length;
    const out = await act("resources.start", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "refused" });
    expect(out.results[0]!.detail).toBe("The VM is running, not stopped or deallocated");
    expect(azure.requests.length).toBe(from);
  });

  it("snapshots a disk as an incremental copy, refuses a name taken, then deletes the disk", async () => {
    const disk = await find("azure", "storage.volume", "myManagedDisk1");
    const from = azure.requests.length;
    const snap = await act("resources.snapshot", { ids: [disk.id], name: "before cleanup" });
    expect(snap.results[0]).toMatchObject({ status: "succeeded" });
    const snapshotPath = `/subscriptions/${azure.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/snapshots/before-cleanup`;
    expect(snap.results[0]!.createdNativeId).toBe(snapshotPath);
    expect(snap.results[0]!.detail).toBe("Snapshot before-cleanup of myManagedDisk1 is Succeeded");
    const sent = armSince(from);
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

    const again = await act("resources.snapshot", { ids: [disk.id], name: "before-cleanup" });
    expect(again.results[0]).toMatchObject({ status: "failed" });
    expect(again.results[0]!.detail).toMatch(/before-cleanup already exists.*another name/);
    expect(armSince(from).filter((r) => r.method === "PUT")).toHaveLength(1);

    const fromDelete = azure.requests.length;
    const deleted = await act("resources.deleteVolume", { ids: [disk.id] });
    expect(deleted.results[0]).toMatchObject({ status: "succeeded", state: "deleted" });
    expect(armSince(fromDelete).map((r) => `${r.method} ${r.path}`)[0]).toBe(
      `DELETE ${disk.nativeId}`,
    );
    await inventory.rediscover("azure");
    expect(await inventory.find("azure", "storage.volume", "myManagedDisk1")).toEqual([]);
  });

  it("refuses to delete a disk a VM holds, before asking Azure", async () => {
    const disk = await find("azure", "storage.volume", "myManagedDisk");
    const from = azure.requests.length;
    const out = await act("resources.deleteVolume", { ids: [disk.id], withoutSnapshot: true });
    expect(out.results[0]).toMatchObject({ status: "refused" });
    expect(out.results[0]!.detail).toBe("The disk is Attached to a VM; detach it first");
    expect(azure.requests.length).toBe(from);
  });
});

describe("Compute Engine instance and disk actions, waiting on zonal operations", () => {
  const zone = (z: string) => `/compute/v1/projects/${gcp.project}/zones/${z}`;
  /** The Compute requests since `from` (each action gets a token first: not these), in order. */
  const computeSince = (from: number) =>
    gcp.requests.slice(from).filter((r) => r.path.startsWith("/compute/"));
  const gcpSince = (from: number) => computeSince(from).map((r) => `${r.method} ${r.path}`);

  it("stops a running instance with a requestId and reads its operation until DONE", async () => {
    const vm = await find("gcp", "compute.vm", "web-1");
    gcp.operations.polls = 1;
    const from = gcp.requests.length;
    try {
      const out = await act("resources.stop", { ids: [vm.id] }, member);
      expect(out.results[0]).toMatchObject({ status: "succeeded", state: "stopped" });
      expect(out.results[0]!.detail).toMatch(/^web-1: stop done \(operation-.*disks .* still are/);
    } finally {
      gcp.operations.polls = 0;
    }
    const [stop, ...polls] = computeSince(from);
    expect(stop).toMatchObject({
      method: "POST",
      path: `${zone("us-central1-a")}/instances/web-1/stop`,
    });
    expect(stop!.query.get("requestId")).toMatch(/^[0-9a-f-]{36}$/);
    const [name] = [...gcp.operations.started.keys()].slice(-1);
    expect(polls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${zone("us-central1-a")}/operations/${name}`,
      `GET ${zone("us-central1-a")}/operations/${name}`,
    ]);
    await inventory.rediscover("gcp");
    expect((await find("gcp", "compute.vm", "web-1")).state).toBe("stopped");
  });

  it("starts and resets instances; a resent request (same requestId) makes one operation", async () => {
    const stopped = await find("gcp", "compute.vm", "batch-1");
    const started = gcp.operations.started.size;
    gcp.fail("/instances/batch-1/start", { status: 503, body: { error: { code: 503 } } });
    const from = gcp.requests.length;
    const out = await act("resources.start", { ids: [stopped.id] });
    expect(out.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    const posts = computeSince(from).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1]!.query.get("requestId")).toBe(posts[0]!.query.get("requestId"));
    expect(gcp.operations.started.size).toBe(started + 1);

    const running = await find("gcp", "compute.vm", "web-eu-1");
    const reset = await act("resources.restart", { ids: [running.id] });
    expect(reset.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    expect(reset.results[0]!.detail).toMatch(/hard reset/);
    expect(gcpSince(from)).toContain(`POST ${zone("europe-west1-b")}/instances/web-eu-1/reset`);
  });

  it("refuses deallocate on Compute Engine and a start of a running instance, sending nothing", async () => {
    const running = await find("gcp", "compute.vm", "web-eu-1");
    const from = gcp.requests.length;
    const deallocate = await act("resources.deallocate", { ids: [running.id] });
    expect(deallocate.results[0]!.detail).toMatch(/^Compute Engine has no deallocate/);
    const start = await act("resources.start", { ids: [running.id] });
    expect(start.results[0]).toMatchObject({ status: "refused" });
    expect(start.results[0]!.detail).toBe("The instance is running, not stopped");
    expect(gcp.requests.length).toBe(from);
  });

  it("surfaces the error of an operation that ends DONE with an error", async () => {
    const vm = await find("gcp", "compute.vm", "web-eu-1");
    gcp.operations.failNext(
      [
        {
          code: "ZONE_RESOURCE_POOL_EXHAUSTED",
          message:
            "The zone 'projects/acme-web-prod/zones/europe-west1-b' does not have enough resources available to fulfill the request.",
        },
      ],
      503,
    );
    const out = await act("resources.stop", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "failed", state: "running" });
    expect(out.results[0]!.detail).toBe(
      "Google Cloud could not stop web-eu-1: ZONE_RESOURCE_POOL_EXHAUSTED: The zone 'projects/acme-web-prod/zones/europe-west1-b' does not have enough resources available to fulfill the request. (503)",
    );
    expect((await find("gcp", "compute.vm", "web-eu-1")).state).toBe("running");
  });

  it("snapshots an unattached disk under a Compute-valid name, then deletes it", async () => {
    const disk = await find("gcp", "storage.volume", "old-data");
    const from = gcp.requests.length;
    const snap = await act("resources.snapshot", { ids: [disk.id], name: "Before Cleanup" });
    expect(snap.results[0]).toMatchObject({
      status: "succeeded",
      createdNativeId: `//compute.googleapis.com/projects/${gcp.project}/global/snapshots/before-cleanup`,
    });
    const create = computeSince(from)[0]!;
    expect(create).toMatchObject({
      method: "POST",
      path: `${zone("us-central1-a")}/disks/old-data/createSnapshot`,
    });
    expect(JSON.parse(create.body)).toEqual({
      name: "before-cleanup",
      labels: { "created-by": "glasspane" },
    });
    expect(gcp.operations.snapshots.get("before-cleanup")).toMatchObject({ status: "READY" });

    const fromDelete = gcp.requests.length;
    const deleted = await act("resources.deleteVolume", { ids: [disk.id] });
    expect(deleted.results[0]).toMatchObject({ status: "succeeded", state: "deleted" });
    expect(gcpSince(fromDelete)[0]).toBe(`DELETE ${zone("us-central1-a")}/disks/old-data`);
    await inventory.rediscover("gcp");
    expect(await inventory.find("gcp", "storage.volume", "old-data")).toEqual([]);
  });

  it("refuses to delete a disk an instance uses, before asking Google", async () => {
    const disk = await find("gcp", "storage.volume", "web-1-boot");
    const from = gcp.requests.length;
    const out = await act("resources.deleteVolume", { ids: [disk.id], withoutSnapshot: true });
    expect(out.results[0]).toMatchObject({ status: "refused" });
    expect(out.results[0]!.detail).toBe(
      `The disk is attached to //compute.googleapis.com/projects/${gcp.project}/zones/us-central1-a/instances/web-1; detach it first`,
    );
    expect(gcp.requests.length).toBe(from);
  });
});

describe("ending idle VMs' compute billing", () => {
  /** A week of hourly CPU samples around 2% for each resource. */
  async function quietWeek(ids: string[]) {
    const now = Date.now();
    const samples = ids.flatMap((resourceId) =>
      Array.from({ length: 7 * 24 }, (_, h) => ({
        workspaceId: owner.workspaceId,
        name: "cpu_utilization_percent",
        value: 1 + (h % 3),
        resourceId,
        labels: { resource: resourceId },
        time: new Date(now - (h + 1) * 3_600_000),
      })),
    );
    await insertSamples(rt.database.db, samples);
  }

  it("runs the idle-instance playbook: deallocates the Azure VM, stops the Compute Engine one", async () => {
    const templates = (await rt.as(owner.caller, "automations.templates", {})) as {
      id: string;
      available: boolean;
      steps: { key: string; operation?: string }[];
    }[];
    const playbook = templates.find((t) => t.id === "stop-idle-instance")!;
    expect(playbook.available).toBe(true);
    expect(playbook.steps.find((s) => s.key === "stop")!.operation).toBe("resources.stopBilling");

    const azureVm = await find("azure", "compute.vm", "virtualMachine-1");
    const gcpVm = await find("gcp", "compute.vm", "batch-1");
    expect([azureVm.state, gcpVm.state]).toEqual(["running", "running"]);
    await quietWeek([azureVm.id, gcpVm.id]);
    const automation = await createAutomation(rt, owner.caller, {
      name: "Idle VMs",
      trigger: { kind: "manual" },
      steps: playbook.steps,
    });
    const fromAzure = azure.requests.length;
    const fromGcp = gcp.requests.length;
    const run = await runNow(rt, owner.caller, automation.id);
    expect(run.steps.map((s) => [s.key, s.status])).toEqual([
      ["find", "succeeded"],
      ["any", "succeeded"],
      ["stop", "waiting"],
    ]);
    expect((run.steps[0]!.output as { ids: string[] }).ids.sort()).toEqual(
      [azureVm.id, gcpVm.id].sort(),
    );
    await rt.as(owner.caller, "approvals.approve", { id: run.steps[2]!.approvalId });
    const done = await settledRun(rt, owner.caller, run.id, ["succeeded", "failed", "stopped"]);
    expect(done.status).toBe("succeeded");
    const out = done.steps[2]!.output as Results;
    expect(out).toMatchObject({ succeeded: 2, failed: 0 });
    const byId = new Map(out.results.map((r) => [r.id, r]));
    expect(byId.get(azureVm.id)).toMatchObject({ action: "deallocate", state: "deallocated" });
    expect(byId.get(gcpVm.id)).toMatchObject({ action: "stop", state: "stopped" });

    // Azure was asked to deallocate, never to power off (which would leave the cores billed).
    const azurePosts = armSince(fromAzure).filter((r) => r.method === "POST");
    expect(azurePosts.map((r) => r.path)).toEqual([
      `/subscriptions/${azure.subscriptionId}/resourcegroups/myresourcegroup/providers/microsoft.compute/virtualmachines/virtualmachine-1/deallocate`,
    ]);
    const gcpPosts = gcp.requests
      .slice(fromGcp)
      .filter((r) => r.method === "POST" && r.path.startsWith("/compute/"));
    expect(gcpPosts.map((r) => r.path)).toEqual([
      `/compute/v1/projects/${gcp.project}/zones/us-central1-a/instances/batch-1/stop`,
    ]);
    const history = (await rt.as(owner.caller, "resources.actions", { id: azureVm.id })) as Actions;
    expect(history.history[0]).toMatchObject({ action: "deallocate", status: "succeeded" });
  });

  it("refuses to end the billing of a VM that is not running, naming the action it needed", async () => {
    const vm = await find("azure", "compute.vm", "virtualMachine-1");
    expect(vm.state).toBe("deallocated");
    const from = azure.requests.length;
    const out = await act("resources.stopBilling", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "refused", action: "deallocate" });
    expect(out.results[0]!.detail).toBe("The VM is deallocated, not running or stopped");
    expect(azure.requests.length).toBe(from);
  });
});

import { describe, expect, it } from "vitest";
import { setupCloudActionsTest } from "./cloud-actions.testing.ts";

const kit = setupCloudActionsTest(["gcp"]);

describe("Compute Engine instance and disk actions, waiting on zonal operations", () => {
  const zone = (z: string) => `/compute/v1/projects/${kit.gcp.project}/zones/${z}`;
  /** The Compute requests since `from` (each action gets a token first: not these), in order. */
  const computeSince = (from: number) =>
    kit.gcp.requests.slice(from).filter((r) => r.path.startsWith("/compute/"));
  const gcpSince = (from: number) => computeSince(from).map((r) => `${r.method} ${r.path}`);

  it("stops a running instance with a requestId and reads its operation until DONE", async () => {
    const vm = await kit.findOne("gcp", "compute.vm", "web-1");
    kit.gcp.operations.polls = 1;
    const from = kit.gcp.requests.length;
    try {
      const out = await kit.act("resources.stop", { ids: [vm.id] }, kit.member);
      expect(out.results[0]).toMatchObject({ status: "succeeded", state: "stopped" });
      expect(out.results[0]!.detail).toMatch(/^web-1: stop done \(operation-.*disks .* still are/);
    } finally {
      kit.gcp.operations.polls = 0;
    }
    const [stop, ...polls] = computeSince(from);
    expect(stop).toMatchObject({
      method: "POST",
      path: `${zone("us-central1-a")}/instances/web-1/stop`,
    });
    expect(stop!.query.get("requestId")).toMatch(/^[0-9a-f-]{36}$/);
    const [name] = [...kit.gcp.operations.started.keys()].slice(-1);
    expect(polls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${zone("us-central1-a")}/operations/${name}`,
      `GET ${zone("us-central1-a")}/operations/${name}`,
    ]);
    await kit.rediscover("gcp");
    expect((await kit.findOne("gcp", "compute.vm", "web-1")).state).toBe("stopped");
  });

  it("starts and resets instances; a resent request (same requestId) makes one operation", async () => {
    const stopped = await kit.findOne("gcp", "compute.vm", "batch-1");
    const started = kit.gcp.operations.started.size;
    kit.gcp.fail("/instances/batch-1/start", { status: 503, body: { error: { code: 503 } } });
    const from = kit.gcp.requests.length;
    const out = await kit.act("resources.start", { ids: [stopped.id] });
    expect(out.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    const posts = computeSince(from).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1]!.query.get("requestId")).toBe(posts[0]!.query.get("requestId"));
    expect(kit.gcp.operations.started.size).toBe(started + 1);

    const running = await kit.findOne("gcp", "compute.vm", "web-eu-1");
    const reset = await kit.act("resources.restart", { ids: [running.id] });
    expect(reset.results[0]).toMatchObject({ status: "succeeded", state: "running" });
    expect(reset.results[0]!.detail).toMatch(/hard reset/);
    expect(gcpSince(from)).toContain(`POST ${zone("europe-west1-b")}/instances/web-eu-1/reset`);
  });

  it("refuses deallocate on Compute Engine and a start of a running instance, sending nothing", async () => {
    const running = await kit.findOne("gcp", "compute.vm", "web-eu-1");
    const from = kit.gcp.requests.length;
    const deallocate = await kit.act("resources.deallocate", { ids: [running.id] });
    expect(deallocate.results[0]!.detail).toMatch(/^Compute Engine has no deallocate/);
    const start = await kit.act("resources.start", { ids: [running.id] });
    expect(start.results[0]).toMatchObject({ status: "refused" });
    expect(start.results[0]!.detail).toBe("The instance is running, not stopped");
    expect(kit.gcp.requests.length).toBe(from);
  });

  it("surfaces the error of an operation that ends DONE with an error", async () => {
    const vm = await kit.findOne("gcp", "compute.vm", "web-eu-1");
    kit.gcp.operations.failNext(
      [
        {
          code: "ZONE_RESOURCE_POOL_EXHAUSTED",
          message:
            "The zone 'projects/acme-web-prod/zones/europe-west1-b' does not have enough resources available to fulfill the request.",
        },
      ],
      503,
    );
    const out = await kit.act("resources.stop", { ids: [vm.id] });
    expect(out.results[0]).toMatchObject({ status: "failed", state: "running" });
    expect(out.results[0]!.detail).toBe(
      "Google Cloud could not stop web-eu-1: ZONE_RESOURCE_POOL_EXHAUSTED: The zone 'projects/acme-web-prod/zones/europe-west1-b' does not have enough resources available to fulfill the request. (503)",
    );
    expect((await kit.findOne("gcp", "compute.vm", "web-eu-1")).state).toBe("running");
  });

  it("snapshots an unattached disk under a Compute-valid name, then deletes it", async () => {
    const disk = await kit.findOne("gcp", "storage.volume", "old-data");
    const from = kit.gcp.requests.length;
    const snap = await kit.act("resources.snapshot", { ids: [disk.id], name: "Before Cleanup" });
    expect(snap.results[0]).toMatchObject({
      status: "succeeded",
      createdNativeId: `//compute.googleapis.com/projects/${kit.gcp.project}/global/snapshots/before-cleanup`,
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
    expect(kit.gcp.operations.snapshots.get("before-cleanup")).toMatchObject({ status: "READY" });

    const fromDelete = kit.gcp.requests.length;
    const deleted = await kit.act("resources.deleteVolume", { ids: [disk.id] });
    expect(deleted.results[0]).toMatchObject({ status: "succeeded", state: "deleted" });
    expect(gcpSince(fromDelete)[0]).toBe(`DELETE ${zone("us-central1-a")}/disks/old-data`);
    await kit.rediscover("gcp");
    expect(await kit.find("gcp", "storage.volume", "old-data")).toEqual([]);
  });

  it("refuses to delete a disk an instance uses, before asking Google", async () => {
    const disk = await kit.findOne("gcp", "storage.volume", "web-1-boot");
    const from = kit.gcp.requests.length;
    const out = await kit.act("resources.deleteVolume", { ids: [disk.id], withoutSnapshot: true });
    expect(out.results[0]).toMatchObject({ status: "refused" });
    expect(out.results[0]!.detail).toBe(
      `The disk is attached to //compute.googleapis.com/projects/${kit.gcp.project}/zones/us-central1-a/instances/web-1; detach it first`,
    );
    expect(kit.gcp.requests.length).toBe(from);
  });
});

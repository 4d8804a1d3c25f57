import { describe, expect, it } from "vitest";
import { setupTagsTest } from "./tags.testing.ts";

const kit = setupTagsTest("gcp");

describe("resources.setTags on Google Cloud labels", () => {
  const computeCalls = (from: number) =>
    kit.gcp.requests
      .slice(from)
      .filter((r) => r.path.startsWith("/compute/v1/projects/") && !r.path.includes("/aggregated/"))
      .map((r) => [
        r.method,
        r.path.replace(/^.*\/zones\//, ""),
        r.body ? JSON.parse(r.body) : null,
      ]);

  it("sets an instance's labels with setLabels on the labels it has now and their fingerprint", async () => {
    const [vm] = await kit.find("gcp", "compute.vm", "web-1");
    expect(vm!.tags).toEqual({ app: "storefront", team: "web" });
    const from = kit.gcp.requests.length;
    const out = await kit.setTags(
      {
        id: vm!.id,
        set: { env: "prod" },
        remove: ["team"],
      },
      kit.member,
    );
    expect(out.tags).toEqual({ app: "storefront", env: "prod" });
    expect(computeCalls(from)).toEqual([
      ["GET", "us-central1-a/instances/web-1", null],
      [
        "POST",
        "us-central1-a/instances/web-1/setLabels",
        { labels: { app: "storefront", env: "prod" }, labelFingerprint: "6Zla6gwVOUc=" },
      ],
    ]);
    const detail = await kit.detail(vm!.id);
    expect(detail.tags).toEqual({ app: "storefront", env: "prod" });
    expect(detail.changes[0]).toMatchObject({ kind: "modified", actorUserId: kit.member.userId });
    expect(detail.changes[0]!.diff?.tags).toEqual({
      env: { before: null, after: "prod" },
      team: { before: "web", after: null },
    });
  });

  it("re-reads a disk and retries once when its fingerprint went stale (412)", async () => {
    const [disk] = await kit.find("gcp", "storage.volume", "web-1-boot");
    const stale = {
      status: 412,
      body: {
        error: {
          code: 412,
          message: "Labels fingerprint either invalid or resource labels have changed",
          errors: [{ reason: "conditionNotMet", message: "Labels fingerprint either invalid" }],
        },
      },
    };
    kit.gcp.fail("/disks/web-1-boot/setLabels", stale);
    const from = kit.gcp.requests.length;
    await kit.setTags({ id: disk!.id, set: { tier: "gold" } });
    expect(computeCalls(from).map(([method, path]) => `${method} ${path}`)).toEqual([
      "GET us-central1-a/disks/web-1-boot",
      "POST us-central1-a/disks/web-1-boot/setLabels",
      "GET us-central1-a/disks/web-1-boot",
      "POST us-central1-a/disks/web-1-boot/setLabels",
    ]);
    expect((await kit.stored(disk!.id)).tags).toEqual({ app: "storefront", tier: "gold" });

    // Stale twice: reported, nothing stored.
    kit.gcp.fail("/disks/web-1-boot/setLabels", stale, stale);
    const again = kit.setTags({
      id: disk!.id,
      set: { tier: "silver" },
    });
    await expect(again).rejects.toMatchObject({ code: "unavailable" });
    await expect(again).rejects.toThrow(/Labels fingerprint/);
    expect((await kit.stored(disk!.id)).tags.tier).toBe("gold");
    kit.gcp.clearFaults();
  });

  it("patches a bucket's labels, a removed one as null", async () => {
    const [bucket] = await kit.find("gcp", "storage.bucket", "acme-assets");
    const from = kit.gcp.requests.length;
    await kit.setTags({
      id: bucket!.id,
      set: { owner: "web-team" },
      remove: ["app"],
    });
    const patch = kit.gcp.requests.slice(from).find((r) => r.method === "PATCH")!;
    expect(patch.path).toBe("/storage/v1/b/acme-assets");
    expect(JSON.parse(patch.body)).toEqual({ labels: { owner: "web-team", app: null } });
    expect((await kit.stored(bucket!.id)).tags).toEqual({ owner: "web-team" });
  });

  it("refuses keys and values Google does not allow, naming the key, before calling Google", async () => {
    const [vm] = await kit.find("gcp", "compute.vm", "batch-1");
    const from = kit.gcp.requests.length;
    const upper = kit.setTags({ id: vm!.id, set: { Team: "data" } });
    await expect(upper).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "set.Team" },
    });
    await expect(upper).rejects.toThrow(/label key "Team"/);
    const value = kit.setTags({ id: vm!.id, set: { env: "Prod!" } });
    await expect(value).rejects.toThrow(/value of label "env"/);
    await expect(kit.setTags({ id: vm!.id, set: { ["k".repeat(64)]: "x" } })).rejects.toMatchObject(
      { code: "invalid_input" },
    );
    expect(kit.gcp.requests.length).toBe(from);
  });

  it("gives Google's 404 and stores nothing", async () => {
    const [disk] = await kit.find("gcp", "storage.volume", "old-data");
    const before = await kit.stored(disk!.id);
    kit.gcp.fail("/disks/old-data", {
      status: 404,
      body: {
        error: {
          code: 404,
          message:
            "The resource 'projects/acme-web-prod/zones/us-central1-a/disks/old-data' was not found",
          errors: [{ reason: "notFound", message: "not found" }],
        },
      },
    });
    const gone = kit.setTags({ id: disk!.id, set: { team: "x" } });
    await expect(gone).rejects.toMatchObject({ code: "unavailable" });
    await expect(gone).rejects.toThrow(/Google Cloud answered 404: .*old-data' was not found/);
    expect(await kit.stored(disk!.id)).toEqual(before);
  });
});

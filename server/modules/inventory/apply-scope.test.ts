import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import type { DiscoveredResource } from "../../connectors/types.ts";
import { applyScope, deleteVanished } from "./apply-scope.ts";
import { connectors, resourceChanges, resourceRelations, resources } from "./inventory.schema.ts";

let rt: TestRuntime;
let workspaceId: string;
let connectorId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  ({ workspaceId } = await createOwner(rt, "apply@example.com", "Apply"));
  const [row] = await rt.database.db
    .insert(connectors)
    .values({
      workspaceId,
      provider: "aws",
      name: "apply-test",
      secretName: "unused",
      credentialsMethod: "access-keys",
      credentialsHint: "AKIA…0002",
    })
    .returning();
  connectorId = row!.id;
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const SCOPE = "ec2@eu-west-1";

function vm(i: number, over: Partial<DiscoveredResource> = {}): DiscoveredResource {
  return {
    nativeId: `i-${String(i).padStart(6, "0")}`,
    provider: "aws",
    account: "123456789012",
    region: "eu-west-1",
    type: "compute.vm",
    nativeType: "AWS::EC2::Instance",
    name: `node-${i}`,
    state: "running",
    tags: { env: "prod" },
    createdAt: new Date("2026-01-02T03:04:05.000Z"),
    costResourceId: `i-${i}`,
    attributes: { size: "m5.large", disks: [i] },
    relations: [{ type: "member-of", targetNativeId: "vpc-1" }],
    ...over,
  };
}

/** One complete scan of the scope: apply, then delete what it did not see. */
async function scan(found: DiscoveredResource[], now: Date) {
  const target = { workspaceId, connectorId, scanId: crypto.randomUUID(), scope: SCOPE, now };
  const counts = await applyScope(rt.database.db, target, found);
  const deleted = await deleteVanished(
    rt.database.db,
    target,
    found.map((r) => r.nativeId),
  );
  return { ...counts, deleted, scanId: target.scanId };
}

const changesOf = (scanId: string) =>
  rt.database.db
    .select({
      nativeId: resources.nativeId,
      kind: resourceChanges.kind,
      diff: resourceChanges.diff,
    })
    .from(resourceChanges)
    .innerJoin(resources, eq(resources.id, resourceChanges.resourceId))
    .where(eq(resourceChanges.scanId, scanId));

const stored = async (nativeId: string) => {
  const [row] = await rt.database.db
    .select()
    .from(resources)
    .where(and(eq(resources.connectorId, connectorId), eq(resources.nativeId, nativeId)));
  const relations = await rt.database.db
    .select({ type: resourceRelations.type, target: resourceRelations.targetNativeId })
    .from(resourceRelations)
    .where(eq(resourceRelations.resourceId, row!.id));
  return { ...row!, relations };
};

describe("applyScope", () => {
  // 1,001 resources: more than one write chunk, so the chunk boundary is crossed every time.
  const estate = Array.from({ length: 1001 }, (_, i) => vm(i));

  it("writes every resource of a large scope with its relations and one created change each", async () => {
    const first = await scan(estate, new Date("2026-03-01T00:00:00Z"));
    expect(first).toMatchObject({ created: 1001, modified: 0, deleted: 0 });
    const changes = await changesOf(first.scanId);
    expect(changes).toHaveLength(1001);
    expect(changes.every((c) => c.kind === "created" && c.diff === null)).toBe(true);
    const last = await stored("i-001000");
    expect(last).toMatchObject({
      name: "node-1000",
      scope: SCOPE,
      tags: { env: "prod" },
      attributes: { size: "m5.large", disks: [1000] },
      costResourceId: "i-1000",
      deletedAt: null,
    });
    expect(last.nativeCreatedAt?.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(last.relations).toEqual([{ type: "member-of", target: "vpc-1" }]);
  });

  it("records nothing for an unchanged rescan and only moves last-seen", async () => {
    const now = new Date("2026-03-02T00:00:00Z");
    const again = await scan(estate, now);
    expect(again).toMatchObject({ created: 0, modified: 0, deleted: 0 });
    expect(await changesOf(again.scanId)).toHaveLength(0);
    expect((await stored("i-000500")).lastSeenAt.toISOString()).toBe(now.toISOString());
  });

  it("stores a state in one case whatever the API spells, so a respelling is no change", async () => {
    // One API says "RUNNING", another "Running": both are the "running" already stored.
    const shouted = estate.map((r, i) => ({ ...r, state: i % 2 ? "RUNNING" : "Running" }));
    const again = await scan(shouted, new Date("2026-03-02T12:00:00Z"));
    expect(again).toMatchObject({ created: 0, modified: 0, deleted: 0 });
    expect((await stored("i-000001")).state).toBe("running");
  });

  it("diffs a changed resource, replaces its relations, deletes the unseen and brings one back", async () => {
    const changed = estate
      .filter((r) => r.nativeId !== "i-000007")
      .map((r) =>
        r.nativeId === "i-000999"
          ? vm(999, {
              state: "stopped",
              tags: { env: "dev" },
              relations: [{ type: "attached-to", targetNativeId: "vol-9" }],
            })
          : r,
      );
    const third = await scan(changed, new Date("2026-03-03T00:00:00Z"));
    expect(third).toMatchObject({ created: 0, modified: 1, deleted: 1 });
    const [modified] = (await changesOf(third.scanId)).filter((c) => c.kind === "modified");
    expect(modified?.nativeId).toBe("i-000999");
    expect(modified?.diff?.fields).toEqual({
      state: { before: "running", after: "stopped" },
      relations: { before: "member-of>vpc-1", after: "attached-to>vol-9" },
    });
    expect(modified?.diff?.tags).toEqual({ env: { before: "prod", after: "dev" } });
    expect((await stored("i-000999")).relations).toEqual([
      { type: "attached-to", target: "vol-9" },
    ]);
    expect((await stored("i-000007")).deletedAt).not.toBeNull();

    const fourth = await scan(estate, new Date("2026-03-04T00:00:00Z"));
    expect(fourth).toMatchObject({ created: 1, modified: 1, deleted: 0 });
    const back = await stored("i-000007");
    expect(back.deletedAt).toBeNull();
    expect(back.relations).toEqual([{ type: "member-of", target: "vpc-1" }]);
    expect((await changesOf(fourth.scanId)).map((c) => `${c.kind} ${c.nativeId}`).sort()).toEqual([
      "created i-000007",
      "modified i-000999",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { resourceRelations, resources } from "../inventory.schema.ts";

type Service = OperationOutput<"services.create">;
type Detail = OperationOutput<"services.get">;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let viewer: Person;
let other: Person & { workspaceId: string };
const ids: Record<string, string> = {};

async function resource(
  workspaceId: string,
  nativeId: string,
  type: string,
  tags: Record<string, string> = {},
  relations: [string, string][] = [],
) {
  const now = new Date();
  const [row] = await rt.database.db
    .insert(resources)
    .values({
      workspaceId,
      provider: "aws",
      account: "1",
      region: "eu-west-1",
      scope: "ec2@eu-west-1",
      type,
      nativeType: type,
      nativeId,
      name: nativeId,
      state: "running",
      tags,
      firstSeenAt: now,
      lastSeenAt: now,
    })
    .returning();
  if (relations.length)
    await rt.database.db.insert(resourceRelations).values(
      relations.map(([type, targetNativeId]) => ({
        workspaceId,
        resourceId: row!.id,
        type,
        targetNativeId,
      })),
    );
  return row!.id;
}

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "catalog@example.com", "Catalog");
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  other = await createOwner(rt, "other-catalog@example.com", "Other");
  const ws = owner.workspaceId;
  ids.api = await resource(ws, "i-api", "compute.vm", { service: "checkout", env: "prod" });
  ids.db = await resource(ws, "db-1", "db.instance", {}, [["depends-on", "i-api"]]);
  ids.disk = await resource(ws, "vol-1", "storage.volume", {}, [["attached-to", "i-api"]]);
  ids.stray = await resource(ws, "i-stray", "compute.vm", { service: "search" });
  ids.foreign = await resource(other.workspaceId, "i-theirs", "compute.vm", {
    service: "checkout",
  });
});

afterAll(async () => {
  await rt?.close();
});

describe("service catalog", () => {
  it("groups listed and tag-matched resources, with their map, and keeps owners to members", async () => {
    const checkout = (await rt.as(owner.caller, "services.create", {
      name: "Checkout",
      ownerUserId: owner.userId,
      tier: "critical",
      repoUrl: "https://git.example.com/shop/checkout",
      tagSelector: { service: "checkout" },
    })) as Service;
    await rt.as(owner.caller, "services.addResources", {
      id: checkout.id,
      resourceIds: [ids.db, ids.disk],
    });
    const detail = (await rt.as(viewer.caller, "services.get", { id: checkout.id })) as Detail;
    expect(detail.members.map((m) => [m.name, m.via]).sort()).toEqual([
      ["db-1", "listed"],
      ["i-api", "tags"],
      ["vol-1", "listed"],
    ]);
    expect(detail.graph.edges).toHaveLength(2);
    expect(detail.graph.edges).toContainEqual({
      source: ids.db,
      target: ids.api,
      type: "depends-on",
    });
    expect(detail).toMatchObject({ tier: "critical", ownerUserId: owner.userId });

    // A resource tagged later joins without an edit; untagged, it leaves.
    await rt.as(owner.caller, "services.update", {
      id: checkout.id,
      tagSelector: { service: "search" },
    });
    const moved = (await rt.as(owner.caller, "services.get", { id: checkout.id })) as Detail;
    expect(moved.members.map((m) => m.name).sort()).toEqual(["db-1", "i-stray", "vol-1"]);
    await rt.as(owner.caller, "services.removeResources", {
      id: checkout.id,
      resourceIds: [ids.disk],
    });
    const list = (await rt.as(
      owner.caller,
      "services.list",
      {},
    )) as OperationOutput<"services.list">;
    expect(list.items.map((s) => [s.name, s.members])).toEqual([["Checkout", 2]]);
    // Listed and matched by tags at once, a member counts once, as the detail shows it.
    await rt.as(owner.caller, "services.addResources", {
      id: checkout.id,
      resourceIds: [ids.stray, ids.api],
    });
    const counted = (await rt.as(owner.caller, "services.list", {})) as typeof list;
    const shown = (await rt.as(owner.caller, "services.get", { id: checkout.id })) as Detail;
    expect(counted.items[0]?.members).toBe(3);
    expect(shown.members).toHaveLength(3);
    await rt.as(owner.caller, "services.removeResources", {
      id: checkout.id,
      resourceIds: [ids.stray, ids.api],
    });

    await expect(
      rt.as(owner.caller, "services.create", { name: "Checkout" }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      rt.as(owner.caller, "services.update", { id: checkout.id, ownerUserId: other.userId }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { field: "ownerUserId" } });
    await expect(
      rt.as(viewer.caller, "services.create", { name: "Viewer's" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("keeps workspaces apart: foreign resources neither join by tag nor by id", async () => {
    const mine = (await rt.as(owner.caller, "services.create", {
      name: "Everything checkout",
      tagSelector: { service: "checkout" },
    })) as Service;
    const detail = (await rt.as(owner.caller, "services.get", { id: mine.id })) as Detail;
    expect(detail.members.map((m) => m.name)).toEqual(["i-api"]);
    await expect(
      rt.as(owner.caller, "services.addResources", { id: mine.id, resourceIds: [ids.foreign] }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(rt.as(other.caller, "services.get", { id: mine.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await rt.as(owner.caller, "services.delete", { id: mine.id });
    await expect(rt.as(owner.caller, "services.get", { id: mine.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

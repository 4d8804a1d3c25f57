import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { resourceRelations, resources } from "../inventory.schema.ts";

type Graph = OperationOutput<"inventory.graph">;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let other: Person & { workspaceId: string };
const ids: Record<string, string> = {};

async function resource(
  workspaceId: string,
  nativeId: string,
  type: string,
  relations: [string, string][] = [],
  provider = "aws",
) {
  const now = new Date();
  const [row] = await rt.database.db
    .insert(resources)
    .values({
      workspaceId,
      provider,
      account: "1",
      region: "eu-west-1",
      scope: "ec2@eu-west-1",
      type,
      nativeType: type,
      nativeId,
      name: nativeId,
      state: null,
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

const graph = (caller: Person, input: Record<string, unknown>) =>
  rt.as(caller.caller, "inventory.graph", input) as Promise<Graph>;
const names = (g: Graph) => g.nodes.map((n) => n.name).sort();

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "graph@example.com", "Graph");
  other = await createOwner(rt, "other-graph@example.com", "Other");
  const ws = owner.workspaceId;
  ids.vpc = await resource(ws, "vpc-1", "network.vpc");
  ids.web = await resource(ws, "i-web", "compute.vm", [
    ["member-of", "vpc-1"],
    ["member-of", "sg-gone"],
  ]);
  ids.db = await resource(ws, "i-db", "compute.vm", [["member-of", "vpc-1"]]);
  ids.disk = await resource(ws, "vol-1", "storage.volume", [["attached-to", "i-web"]]);
  ids.lone = await resource(ws, "bucket-1", "storage.bucket", [], "digitalocean");
  // The same native id in another workspace must never join this one's graph.
  await resource(other.workspaceId, "vol-x", "storage.volume", [["attached-to", "i-web"]]);
});

afterAll(async () => {
  await rt?.close();
});

describe("inventory.graph", () => {
  it("walks a resource's neighbourhood both ways, one depth at a time", async () => {
    const one = await graph(owner, { id: ids.disk, depth: 1 });
    expect(names(one)).toEqual(["i-web", "vol-1"]);
    expect(one.edges).toEqual([{ source: ids.disk, target: ids.web, type: "attached-to" }]);
    const two = await graph(owner, { id: ids.disk, depth: 2 });
    expect(names(two)).toEqual(["i-web", "sg-gone", "vol-1", "vpc-1"]);
    const gone = two.nodes.find((n) => n.name === "sg-gone")!;
    expect(gone).toMatchObject({ id: "native:sg-gone", resourceId: null, type: null });
    const three = await graph(owner, { id: ids.disk, depth: 3 });
    expect(names(three)).toEqual(["i-db", "i-web", "sg-gone", "vol-1", "vpc-1"]);
    expect(three.edges).toContainEqual({ source: ids.db, target: ids.vpc, type: "member-of" });
    expect(three.truncated).toBe(false);
    const capped = await graph(owner, { id: ids.disk, depth: 3, limit: 3 });
    expect(capped.nodes).toHaveLength(3);
    expect(capped.truncated).toBe(true);
  });

  it("maps the whole workspace with filters and a cap that says so", async () => {
    const all = await graph(owner, {});
    expect(names(all)).toEqual(["bucket-1", "i-db", "i-web", "vol-1", "vpc-1"]);
    expect(all.edges).toHaveLength(3);
    expect(all.truncated).toBe(false);
    const vms = await graph(owner, { type: "compute.vm" });
    expect(names(vms)).toEqual(["i-db", "i-web"]);
    expect(vms.edges).toEqual([]);
    expect((await graph(owner, { provider: "digitalocean" })).nodes).toHaveLength(1);
    const capped = await graph(owner, { limit: 2 });
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.nodes).toHaveLength(2);
  });

  it("keeps workspaces apart", async () => {
    await expect(graph(other, { id: ids.web })).rejects.toMatchObject({ code: "not_found" });
    const theirs = await graph(other, {});
    expect(names(theirs)).toEqual(["vol-x"]);
    const web = await graph(owner, { id: ids.web, depth: 1 });
    expect(names(web)).toEqual(["i-web", "sg-gone", "vol-1", "vpc-1"]);
  });
});

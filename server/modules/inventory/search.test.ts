import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import type { DiscoveredResource } from "../../connectors/types.ts";
import { rowsOf } from "../../platform/db/copy.ts";
import { applyScope, deleteVanished } from "./apply-scope.ts";
import { connectors } from "./inventory.schema.ts";
import { MATCH_CAP } from "./search-counts.ts";

type Search = OperationOutput<"inventory.search">;
type Facet = { value: string | null; count: number }[];

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let connectorId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "search@example.com", "Search");
  const [row] = await rt.database.db
    .insert(connectors)
    .values({
      workspaceId: owner.workspaceId,
      provider: "aws",
      name: "search-test",
      secretName: "unused",
      credentialsMethod: "access-keys",
      credentialsHint: "AKIA…0001",
    })
    .returning();
  connectorId = row!.id;
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const search = (input: object = {}) =>
  rt.as(owner.caller, "inventory.search", { limit: 500, ...input }) as Promise<Search>;

function vm(i: number, over: Partial<DiscoveredResource> = {}): DiscoveredResource {
  return {
    nativeId: `i-${String(i).padStart(6, "0")}`,
    provider: "aws",
    account: "123456789012",
    region: i % 2 ? "eu-west-1" : "us-east-1",
    type: i % 3 ? "compute.vm" : "storage.volume",
    nativeType: "AWS::EC2::Instance",
    name: `node-${i}-blue`,
    state: i % 5 ? "running" : "stopped",
    tags: i % 4 ? { env: i % 2 ? "prod" : "dev", ...(i % 7 ? {} : { team: "core" }) } : {},
    createdAt: null,
    costResourceId: null,
    attributes: { index: i },
    relations: [],
    ...over,
  };
}

async function scan(scope: string, found: DiscoveredResource[], at: Date, complete = true) {
  const target = {
    workspaceId: owner.workspaceId,
    connectorId,
    scanId: crypto.randomUUID(),
    scope,
    now: at,
  };
  await applyScope(rt.database.db, target, found);
  if (complete)
    await deleteVanished(
      rt.database.db,
      target,
      found.map((r) => r.nativeId),
    );
}

/** The facets counted the slow way, straight from resources: the oracle for the roll-up. */
async function countedFromResources(filter: string) {
  const db = rt.database.db;
  const ws = owner.workspaceId;
  const count = async (column: string) =>
    rowsOf<{ value: string | null; count: number }>(
      await db.execute(
        sql.raw(`SELECT ${column} AS value, count(*)::int AS count FROM resources
          WHERE workspace_id = '${ws}' AND ${filter} GROUP BY 1`),
      ),
    );
  return {
    provider: await count("provider"),
    type: await count("type"),
    region: await count("region"),
    state: await count("state"),
    tagKey: await count("jsonb_object_keys(tags)"),
  };
}

const asMap = (facet: Facet) => Object.fromEntries(facet.map((f) => [String(f.value), f.count]));

async function expectFacetsMatchResources(input: object, filter: string) {
  const out = await search(input);
  const expected = await countedFromResources(filter);
  expect(out.totalIsLowerBound).toBeUndefined();
  for (const key of ["provider", "type", "region", "state", "tagKey"] as const)
    expect(asMap(out.facets![key])).toEqual(asMap(expected[key]));
  const total = expected.provider.reduce((s, f) => s + f.count, 0);
  expect(out.total).toBe(total);
  return out;
}

describe("inventory.search counts", () => {
  it("keeps the facet roll-up right through scans that create, change and delete", async () => {
    const t0 = new Date("2026-11-01T00:00:00Z");
    await scan(
      "ec2@all",
      Array.from({ length: 60 }, (_, i) => vm(i)),
      t0,
    );
    let out = await expectFacetsMatchResources({}, "deleted_at IS NULL");
    expect(out.total).toBe(60);

    // Second scan: 10 gone, 5 change state and tags, one changes region and type.
    const t1 = new Date("2026-11-02T00:00:00Z");
    const second = Array.from({ length: 50 }, (_, i) =>
      i < 5 ? vm(i, { state: "terminated", tags: { owner: "ops" } }) : vm(i),
    );
    second[7] = vm(7, { region: "ap-south-1", type: "db.instance" });
    await scan("ec2@all", second, t1);
    out = await expectFacetsMatchResources({}, "deleted_at IS NULL");
    expect(out.total).toBe(50);
    expect(asMap(out.facets!.state).terminated).toBe(5);
    expect(asMap(out.facets!.tagKey).owner).toBe(5);
    expect(asMap(out.facets!.region)["ap-south-1"]).toBe(1);
    await expectFacetsMatchResources({ includeDeleted: true }, "true");
    expect((await search({ includeDeleted: true })).total).toBe(60);

    // Filtered by dimensions only: still from the roll-up, still exact.
    await expectFacetsMatchResources(
      { type: "compute", region: "eu-west-1" },
      "deleted_at IS NULL AND type LIKE 'compute.%' AND region = 'eu-west-1'",
    );
    await expectFacetsMatchResources(
      { state: "running", connectorId, includeDeleted: true },
      "state = 'running'",
    );

    // A partial scan deletes nothing; a deleted resource that comes back counts again.
    const t2 = new Date("2026-11-03T00:00:00Z");
    await scan("ec2@all", [vm(55)], t2, false);
    out = await expectFacetsMatchResources({}, "deleted_at IS NULL");
    expect(out.total).toBe(51);

    // Deleting rows outright (a connector removed) takes them out of the roll-up too.
    await rt.database.db.execute(
      sql`DELETE FROM resources WHERE workspace_id = ${owner.workspaceId} AND name LIKE 'node-1%'`,
    );
    await expectFacetsMatchResources({}, "deleted_at IS NULL");
    const leftover = rowsOf<{ n: number }>(
      await rt.database.db.execute(
        sql`SELECT count(*)::int AS n FROM resource_facet_counts WHERE n <= 0`,
      ),
    );
    expect(leftover[0]!.n).toBe(0);
  });

  it("counts text and tag searches exactly when small, and flags a capped count when large", async () => {
    const t = new Date("2026-11-04T00:00:00Z");
    const many = Array.from({ length: MATCH_CAP + 50 }, (_, i) =>
      vm(10_000 + i, { tags: { env: "load", [`k${i % 3}`]: "x" } }),
    );
    await scan("ec2@bulk", many, t);
    const capped = await search({ tag: "env=load", limit: 10 });
    expect(capped.totalIsLowerBound).toBe(true);
    expect(capped.total).toBe(MATCH_CAP);
    expect(capped.items).toHaveLength(10);
    expect(capped.nextCursor).not.toBeNull();
    const cappedTags = asMap(capped.facets!.tagKey);
    expect(cappedTags.env).toBe(MATCH_CAP);
    expect(cappedTags.k0! + cappedTags.k1! + cappedTags.k2!).toBe(MATCH_CAP);

    const small = await search({ tag: "env=prod" });
    expect(small.totalIsLowerBound).toBeUndefined();
    const expected = await countedFromResources(`deleted_at IS NULL AND tags @> '{"env":"prod"}'`);
    expect(small.total).toBe(expected.provider.reduce((s, f) => s + f.count, 0));
    expect(asMap(small.facets!.state)).toEqual(asMap(expected.state));
    expect(asMap(small.facets!.tagKey)).toEqual(asMap(expected.tagKey));
    expect(small.items.every((i) => i.tags.env === "prod")).toBe(true);

    const hasKey = await search({ tag: "team", facets: false });
    expect(hasKey.facets).toBeNull();
    expect(hasKey.items.every((i) => "team" in i.tags)).toBe(true);
    expect(hasKey.total).toBe(hasKey.items.length);
  });

  it("pages by name with a cursor, every match once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search({ tag: "env=load", limit: 200, facets: false, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(MATCH_CAP + 50);
    expect(new Set(seen).size).toBe(seen.length);
    await expect(search({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow(/cursor/);
  });

  it("finds substrings of names and native ids, with trigram indexes where pg_trgm exists", async () => {
    const middle = await search({ q: "de-4" });
    expect(middle.items.length).toBeGreaterThan(0);
    expect(middle.items.every((i) => i.name.includes("de-4") || i.nativeId.includes("de-4"))).toBe(
      true,
    );
    const byNativeId = await search({ q: "010042", includeDeleted: true });
    expect(byNativeId.items.map((i) => i.nativeId)).toEqual(["i-010042"]);

    const db = rt.database.db;
    const installed = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`),
    );
    // PGlite always loads it; a PostgreSQL server may not offer it (search then scans).
    if (rt.database.kind === "pglite") expect(installed[0]!.n).toBe(1);
    if (installed[0]!.n === 0) return;
    // Whether the planner uses them depends on table size and statistics (the bench shows it).
    const indexes = rowsOf<{ name: string }>(
      await db.execute(
        sql`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'resources' AND indexname LIKE '%trgm'`,
      ),
    );
    expect(indexes.map((i) => i.name).sort()).toEqual([
      "resources_cost_resource_id_trgm",
      "resources_name_trgm",
      "resources_native_id_trgm",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import type { DiscoveredResource } from "../../connectors/types.ts";
import { dayFromToday, focusBill } from "../costs/anomalies/cost-file.testkit.ts";
import { applyScope } from "./apply-scope.ts";
import { connectors } from "./inventory.schema.ts";

type Search = OperationOutput<"inventory.search">;

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let connectorId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "resource-costs@example.com", "Costs");
  const [row] = await rt.database.db
    .insert(connectors)
    .values({
      workspaceId: owner.workspaceId,
      provider: "aws",
      name: "costs-test",
      secretName: "unused",
      credentialsMethod: "access-keys",
      credentialsHint: "AKIA…0002",
    })
    .returning();
  connectorId = row!.id;
  // The costs are rebuilt by a job after the ledger changes.
  rt.services.jobs.start();
  await scan([
    resource("alpha", "arn:alpha"),
    resource("bravo", "arn:bravo"),
    resource("charlie", null),
    resource("delta", "arn:delta"),
    resource("echo", "arn:echo"),
    resource("foxtrot", "arn:not-billed"),
  ]);
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

function resource(name: string, costResourceId: string | null): DiscoveredResource {
  return {
    nativeId: `i-${name}`,
    provider: "aws",
    account: "123456789012",
    region: "eu-west-1",
    type: "compute.vm",
    nativeType: "AWS::EC2::Instance",
    name,
    state: "running",
    tags: {},
    createdAt: null,
    costResourceId,
    attributes: {},
    relations: [],
  };
}

function scan(found: DiscoveredResource[]) {
  return applyScope(
    rt.database.db,
    {
      workspaceId: owner.workspaceId,
      connectorId,
      scanId: crypto.randomUUID(),
      scope: "ec2@eu-west-1",
      now: new Date(),
    },
    found,
  );
}

const search = (input: object = {}) =>
  rt.as(owner.caller, "inventory.search", input) as Promise<Search>;

/** The search once the job has rebuilt the costs after a ledger change (stale until then). */
async function searchRebuilt(input: object = {}) {
  const first = await search(input);
  expect(first.costWindow.stale).toBe(true);
  return waitFor(
    async () => {
      const out = await search(input);
      return out.costWindow.stale ? undefined : out;
    },
    { what: "the resource costs job" },
  );
}

/** Every item of a sort, page by page through the cursors. */
async function allPages(input: object, limit: number) {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const out = await search({ ...input, limit, facets: false, ...(cursor ? { cursor } : {}) });
    names.push(...out.items.map((i) => i.name));
    if (!out.nextCursor) return names;
    cursor = out.nextCursor;
  }
  throw new Error("more pages than resources");
}

const bill = (daily: Record<string, number>) =>
  focusBill(
    Object.entries(daily).map(([name, amount]) => ({
      service: "Amazon Elastic Compute Cloud",
      id: `arn:${name}`,
      name,
      region: "eu-west-1",
      daily: amount,
    })),
    { days: 40, noise: 0 },
  );

async function importBill(daily: Record<string, number>) {
  return (await rt.as({ ...owner.caller, upload: bill(daily) }, "costs.import", {})) as {
    id: string;
  };
}

describe("inventory.search sorted by cost", () => {
  it("is name order with no cost while the ledger is empty", async () => {
    const out = await search({ sort: "cost" });
    expect(out.items.map((i) => i.name)).toEqual([
      "alpha",
      "bravo",
      "charlie",
      "delta",
      "echo",
      "foxtrot",
    ]);
    expect(out.items.every((i) => i.cost === null)).toBe(true);
    expect(out.costWindow).toEqual({ from: null, to: null, stale: false });
  });

  it("shows each resource's last-30-day cost and sorts by it, most expensive first", async () => {
    // 40 days up to yesterday: the window is the last 30 of them.
    const imported = await importBill({ alpha: 10, bravo: 2, delta: 5, echo: 5, golf: 7 });
    const out = await searchRebuilt({ sort: "cost" });
    expect(out.costWindow).toEqual({ from: dayFromToday(-30), to: dayFromToday(-1), stale: false });
    expect(out.items.map((i) => [i.name, i.cost && Number(i.cost.effectiveCost)])).toEqual([
      ["alpha", 300],
      ["delta", 150],
      ["echo", 150],
      ["bravo", 60],
      ["charlie", null],
      ["foxtrot", null],
    ]);
    expect(out.items[0]!.cost!.currency).toBe("USD");
    // Name order shows the same costs.
    const byName = await search({});
    expect(byName.items.find((i) => i.name === "bravo")!.cost!.effectiveCost).toMatch(
      /^60(\.0+)?$/,
    );

    // Pages of two and of one give the same order, every resource once (ties and no-cost
    // resources included).
    const order = out.items.map((i) => i.name);
    expect(await allPages({ sort: "cost" }, 2)).toEqual(order);
    expect(await allPages({ sort: "cost" }, 1)).toEqual(order);
    // A resource discovered after the import is ranked by the costs as it is written.
    await scan([resource("golf", "arn:golf")]);
    expect((await allPages({ sort: "cost" }, 3)).slice(0, 3)).toEqual(["alpha", "golf", "delta"]);
    // Filters still apply.
    expect((await search({ sort: "cost", q: "ch" })).items.map((i) => i.name)).toEqual([
      "echo",
      "charlie",
    ]);

    // A restated bill for the same periods replaces the costs; deleting it removes them.
    const restated = await importBill({ alpha: 1, bravo: 20 });
    expect((await searchRebuilt({ sort: "cost", limit: 2 })).items.map((i) => i.name)).toEqual([
      "bravo",
      "alpha",
    ]);
    await rt.as(owner.caller, "costs.imports.delete", { id: restated.id });
    await rt.as(owner.caller, "costs.imports.delete", { id: imported.id });
    const emptied = await searchRebuilt({ sort: "cost" });
    expect(emptied.items.every((i) => i.cost === null)).toBe(true);
  });

  it("refuses a cursor of another sort", async () => {
    const byName = await search({ limit: 1 });
    await expect(search({ sort: "cost", cursor: byName.nextCursor })).rejects.toThrow(/cursor/);
    const byCost = await search({ sort: "cost", limit: 1 });
    await expect(search({ cursor: byCost.nextCursor })).rejects.toThrow(/cursor/);
  });
});

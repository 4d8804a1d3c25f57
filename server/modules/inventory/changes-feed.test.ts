// inventory.changes pages through a workspace's changes newest first, and a scan's changes,
// which share one instant, are neither skipped nor repeated across pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { applyScope } from "./apply-scope.ts";
import { connectors } from "./inventory.schema.ts";

let rt: TestRuntime;
let owner: Caller;

type Page = OperationOutput<"inventory.changes">;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "changes@example.com", "Changes");
  owner = o.caller;
  const [connector] = await rt.database.db
    .insert(connectors)
    .values({
      workspaceId: o.workspaceId,
      provider: "aws",
      name: "feed-test",
      secretName: "unused",
      credentialsMethod: "access-keys",
      credentialsHint: "AKIA…0003",
    })
    .returning();
  // One scan creates seven instances: seven changes at the same instant.
  await applyScope(
    rt.database.db,
    {
      workspaceId: o.workspaceId,
      connectorId: connector!.id,
      scanId: crypto.randomUUID(),
      scope: "ec2@eu-west-1",
      now: new Date("2026-11-20T10:00:00.000Z"),
    },
    Array.from({ length: 7 }, (_, i) => ({
      nativeId: `i-${i}`,
      provider: "aws" as const,
      account: "123456789012",
      region: "eu-west-1",
      type: "compute.vm",
      nativeType: "AWS::EC2::Instance",
      name: `node-${i}`,
      state: "running",
      tags: {},
      createdAt: null,
      costResourceId: null,
      attributes: {},
      relations: [],
    })),
  );
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const page = (input: Record<string, unknown>) =>
  rt.as(owner, "inventory.changes", { limit: 3, ...input }) as Promise<Page>;

describe("inventory.changes", () => {
  it("pages through changes that share an instant without skipping or repeating one", async () => {
    const seen: string[] = [];
    let last: Page["items"][number] | undefined;
    for (let n = 0; n < 5; n++) {
      const { items } = await page(last ? { before: last.at, beforeId: last.id } : {});
      if (items.length === 0) break;
      seen.push(...items.map((c) => c.id));
      last = items.at(-1);
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    // By time alone, the next page would start after the whole instant: the rest is lost.
    const first = await page({});
    expect((await page({ before: first.items.at(-1)!.at })).items).toEqual([]);
  });
});

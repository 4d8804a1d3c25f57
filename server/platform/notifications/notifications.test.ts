import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { AppError } from "../errors.ts";
import type { WorkspaceEvent } from "../events/events.ts";

type Notes = OperationOutput<"notifications.list">;

let rt: TestRuntime;
let workspaceId: string;
let owner: Person;
let viewer: Person;
let client: Person;
let outsider: Awaited<ReturnType<typeof createOwner>>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "notes@example.com", "Notes");
  workspaceId = o.workspaceId;
  owner = o;
  viewer = await addMember(rt, workspaceId, "viewer@example.com", "viewer");
  client = await addMember(rt, workspaceId, "client@example.com", "client");
  outsider = await createOwner(rt, "outsider@example.com", "Elsewhere");
});
afterAll(async () => {
  await rt?.close();
});

const list = (person: Person, input: Record<string, unknown> = {}) =>
  rt.as(person.caller, "notifications.list", input) as Promise<Notes>;

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("notifications", () => {
  it("goes to every staff member by default and tells open browsers to refresh", async () => {
    const events: WorkspaceEvent[] = [];
    const stop = rt.services.events.subscribe(workspaceId, (e) => events.push(e));
    const rows = await rt.services.notifications.notify(rt.database.db, {
      workspaceId,
      kind: "test.hello",
      title: "Hello staff",
      body: "Only staff read this.",
      link: "/costs",
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    expect(rows.map((r) => r.userId).sort()).toEqual([owner.userId, viewer.userId].sort());
    expect(events).toContainEqual({ type: "changed", operation: "notifications.notify" });
    expect((await list(viewer)).items[0]).toMatchObject({ title: "Hello staff", link: "/costs" });
    expect((await list(client)).items).toEqual([]);
    expect((await list(outsider)).items).toEqual([]);
  });

  it("skips named recipients who are not members of the workspace", async () => {
    const rows = await rt.services.notifications.notify(rt.database.db, {
      workspaceId,
      userIds: [client.userId, outsider.userId],
      kind: "test.direct",
      title: "For the client",
      body: "A direct note.",
    });
    expect(rows.map((r) => r.userId)).toEqual([client.userId]);
    expect((await list(client)).items.map((n) => n.title)).toEqual(["For the client"]);
    expect((await list(outsider)).items).toEqual([]);
  });

  it("counts unread notifications and marks them read one by one", async () => {
    const before = await list(owner, { unreadOnly: true });
    expect(before.unread).toBe(before.items.length);
    expect(before.unread).toBeGreaterThan(0);
    const { updated } = (await rt.as(owner.caller, "notifications.markRead", {
      ids: [before.items[0]!.id],
    })) as { updated: number };
    expect(updated).toBe(1);
    expect((await list(owner)).unread).toBe(before.unread - 1);
    expect((await list(viewer)).unread).toBeGreaterThan(0);
  });

  it("names the field when markRead gets neither ids nor all, or both", async () => {
    for (const input of [{}, { ids: [owner.userId], all: true }]) {
      const error = await refusal(() => rt.as(owner.caller, "notifications.markRead", input));
      expect(error.message).toBe("ids: give either ids or all: true");
    }
  });

  it("belongs to a person: the local CLI has none", async () => {
    const error = await refusal(() =>
      rt.as({ ...rt.system, workspaceId }, "notifications.list", {}),
    );
    expect(error.code).toBe("forbidden");
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { docTrash } from "./doc-trash.schema.ts";
import { sweepTrash, TRASH_DAYS } from "./doc-trash.ts";
import { docsKit, refusal } from "./docs.testkit.ts";

type Trash = OperationOutput<"docs.trash.list">;
type Versions = OperationOutput<"docs.versions">;

let rt: TestRuntime;
let kit: ReturnType<typeof docsKit>;
let owner: Caller;
let member: Caller;
let viewer: Caller;
let outsider: Caller;

beforeAll(async () => {
  rt = await createTestRuntime();
  kit = docsKit(rt);
  const o = await createOwner(rt, "trash@example.com", "Trash Co");
  owner = o.caller;
  member = (await addMember(rt, o.workspaceId, "tess@example.com", "member")).caller;
  viewer = (await addMember(rt, o.workspaceId, "vera@example.com", "viewer")).caller;
  outsider = (await createOwner(rt, "elsewhere@example.com", "Elsewhere")).caller;
});
afterAll(async () => {
  await rt?.close();
});

const trash = (caller: Caller) => rt.as(caller, "docs.trash.list") as Promise<Trash>;
const entryFor = async (pageId: string) => (await trash(owner)).find((e) => e.pageId === pageId)!;

describe("the wiki trash", () => {
  it("keeps a deleted page with its sub-pages, versions and links, and restores them as they were", async () => {
    const top = await kit.create(owner, { title: "Payments runbook", template: "runbook" });
    const edited = await kit.save(member, top, { body: "## Step 1\nRestart the worker" });
    const child = await kit.create(member, { title: "Escalation", parentId: top.id });
    await rt.as(owner, "docs.links.add", { pageId: top.id, kind: "alert", target: "payments-5xx" });

    await rt.as(member, "docs.delete", { id: top.id });
    expect((await kit.tree(owner)).some((p) => [top.id, child.id].includes(p.id))).toBe(false);
    const [entry] = (await trash(viewer)).filter((e) => e.pageId === top.id);
    expect(entry).toMatchObject({
      title: "Payments runbook",
      kind: "runbook",
      pageCount: 2,
      deletedBy: { name: expect.any(String) },
    });
    expect(Date.parse(entry!.purgeAfter) - Date.parse(entry!.deletedAt)).toBe(
      TRASH_DAYS * 86_400_000,
    );

    const restored = await rt.as(owner, "docs.trash.restore", { id: entry!.id });
    expect(restored).toEqual({
      ok: true,
      pageId: top.id,
      title: "Payments runbook",
      restored: 2,
      movedToTop: false,
    });
    const back = await kit.get(viewer, top.id);
    expect(back.body).toBe(edited.body);
    expect(back.currentVersion).toBe(edited.currentVersion);
    expect(back.children.map((c) => c.id)).toEqual([child.id]);
    const versions = (await rt.as(viewer, "docs.versions", { id: top.id })) as Versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const pages = (await rt.as(viewer, "docs.forTarget", {
      kind: "alert",
      target: "payments-5xx",
    })) as { id: string }[];
    expect(pages.map((p) => p.id)).toEqual([top.id]);
    expect((await trash(owner)).some((e) => e.pageId === top.id)).toBe(false);
  });

  it("brings a sub-page back at the top when its parent was deleted meanwhile", async () => {
    const parent = await kit.create(owner, { title: "Old project" });
    const notes = await kit.create(owner, { title: "Meeting notes", parentId: parent.id });
    await rt.as(owner, "docs.delete", { id: notes.id });
    await rt.as(owner, "docs.delete", { id: parent.id });
    const result = await rt.as(owner, "docs.trash.restore", { id: (await entryFor(notes.id)).id });
    expect(result).toMatchObject({ pageId: notes.id, movedToTop: true });
    expect((await kit.get(owner, notes.id)).path).toEqual([]);
    // The parent, deleted second, still waits in the trash on its own.
    expect((await entryFor(parent.id)).pageCount).toBe(1);
  });

  it("purges one entry for good, and the daily sweep only what is older than the limit", async () => {
    const a = await kit.create(owner, { title: "Scratch A" });
    const b = await kit.create(owner, { title: "Scratch B" });
    await rt.as(owner, "docs.delete", { id: a.id });
    await rt.as(owner, "docs.delete", { id: b.id });
    const purged = await rt.as(member, "docs.trash.purge", { id: (await entryFor(a.id)).id });
    expect(purged).toEqual({ ok: true, title: "Scratch A", purged: 1 });
    expect((await trash(owner)).some((e) => e.pageId === a.id)).toBe(false);

    const entryB = await entryFor(b.id);
    const db = rt.database.db;
    const old = new Date(Date.now() - (TRASH_DAYS + 1) * 86_400_000);
    await db.update(docTrash).set({ deletedAt: old }).where(eq(docTrash.id, entryB.id));
    expect(await sweepTrash(db)).toBeGreaterThanOrEqual(1);
    expect((await trash(owner)).some((e) => e.pageId === b.id)).toBe(false);
    expect(await sweepTrash(db)).toBe(0);
  });

  it("is the workspace's own: other workspaces and viewers cannot restore or purge", async () => {
    const page = await kit.create(owner, { title: "Private plan", body: "tenant data" });
    await rt.as(owner, "docs.delete", { id: page.id });
    const entry = await entryFor(page.id);
    expect(JSON.stringify(await trash(outsider))).not.toContain(page.id);
    for (const name of ["docs.trash.restore", "docs.trash.purge"] as const) {
      expect((await refusal(rt.as(outsider, name, { id: entry.id }))).code, name).toBe("not_found");
      expect((await refusal(rt.as(viewer, name, { id: entry.id }))).code, name).toBe("forbidden");
    }
    expect((await entryFor(page.id)).title).toBe("Private plan");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { docsKit, refusal } from "./docs.testkit.ts";

type Versions = OperationOutput<"docs.versions">;
type Diff = OperationOutput<"docs.diff">;

let rt: TestRuntime;
let kit: ReturnType<typeof docsKit>;
let owner: Caller;
let member: Caller;
let viewer: Caller;
let outsider: Caller;

beforeAll(async () => {
  rt = await createTestRuntime();
  kit = docsKit(rt);
  const o = await createOwner(rt, "wiki@example.com", "Wiki Co");
  owner = o.caller;
  member = (await addMember(rt, o.workspaceId, "sam@example.com", "member")).caller;
  viewer = (await addMember(rt, o.workspaceId, "vic@example.com", "viewer")).caller;
  outsider = (await createOwner(rt, "other@example.com", "Other Co")).caller;
});
afterAll(async () => {
  await rt?.close();
});

describe("page tree", () => {
  it("lists pages without bodies, children in the order they were created", async () => {
    const root = await kit.create(owner, { title: "Operations", body: "secret body text" });
    const a = await kit.create(owner, { title: "Alpha", parentId: root.id });
    const b = await kit.create(member, { title: "Beta", parentId: root.id });
    const tree = await kit.tree(viewer);
    const mine = tree.filter((p) => p.parentId === root.id);
    expect(mine.map((p) => [p.title, p.position])).toEqual([
      ["Alpha", 0],
      ["Beta", 1],
    ]);
    expect(JSON.stringify(tree)).not.toContain("secret body text");
    const detail = await kit.get(viewer, root.id);
    expect(detail.children.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(detail.descendantCount).toBe(2);
    expect((await kit.get(viewer, b.id)).path).toEqual([{ id: root.id, title: "Operations" }]);
  });

  it("creates from a template: its Markdown body with a mermaid flowchart, and its kind", async () => {
    const templates = (await rt.as(viewer, "docs.templates")) as OperationOutput<"docs.templates">;
    expect(templates.map((t) => t.id)).toEqual(["runbook", "playbook", "postmortem", "adr"]);
    const runbook = templates.find((t) => t.id === "runbook")!;
    expect(runbook.body).toContain("```mermaid\nflowchart TD");
    const page = await kit.create(member, { title: "Checkout API runbook", template: "runbook" });
    expect(page).toMatchObject({
      kind: "runbook",
      version: 1,
      currentVersion: 1,
      body: runbook.body,
    });
    expect(page.createdBy?.name).toBe("sam");
    const adr = await kit.create(member, { title: "ADR 1", template: "adr", body: "# Mine" });
    expect(adr).toMatchObject({ kind: "adr", body: "# Mine" });
  });

  it("refuses a viewer's writes and names a bad field", async () => {
    expect((await refusal(kit.create(viewer, { title: "Nope" }))).code).toBe("forbidden");
    const blank = await refusal(kit.create(owner, { title: "   " }));
    expect(blank).toMatchObject({ code: "invalid_input", details: { field: "title" } });
    const template = await refusal(kit.create(owner, { title: "T", template: "novel" }));
    expect(template.details.field).toBe("template");
  });
});

describe("saving", () => {
  it("refuses a save based on an old version, naming who saved and when", async () => {
    const page = await kit.create(owner, { title: "Deploys", body: "v1" });
    const opened = await kit.get(member, page.id);
    await kit.save(owner, page, { body: "owner's v2" });
    const error = await refusal(kit.save(member, opened, { body: "member's v2" }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(
      /^wiki saved “Deploys” at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(version 2\)/,
    );
    expect(error.message).toContain("Your changes are not saved");
    const now = await kit.get(member, page.id);
    expect(now).toMatchObject({ body: "owner's v2", currentVersion: 2 });
    expect(now.updatedBy?.name).toBe("wiki");
  });

  it("makes no version for a save that changes nothing", async () => {
    const page = await kit.create(owner, { title: "Same", body: "x" });
    const saved = await kit.save(owner, page, { title: "Same", body: "x" });
    expect(saved.currentVersion).toBe(1);
    expect((await rt.as(owner, "docs.versions", { id: page.id })) as Versions).toHaveLength(1);
  });

  it("keeps every version; diffs two; restores an old one as a new version", async () => {
    let page = await kit.create(owner, {
      title: "Backups",
      body: "# Backups\nnightly\nkeep 7 days\n",
    });
    page = await kit.save(member, page, { body: "# Backups\nnightly at 02:00\nkeep 7 days\n" });
    page = await kit.save(owner, page, {
      title: "Backups and restore",
      body: "# Backups\nnightly at 02:00\nkeep 30 days\n\n## Restore\npg_restore -d app dump\n",
    });
    const versions = (await rt.as(viewer, "docs.versions", { id: page.id })) as Versions;
    expect(versions.map((v) => [v.version, v.author?.name, v.isCurrent])).toEqual([
      [3, "wiki", true],
      [2, "sam", false],
      [1, "wiki", false],
    ]);

    const diff = (await rt.as(viewer, "docs.diff", { id: page.id, from: 1, to: 3 })) as Diff;
    expect(diff).toMatchObject({
      title: { from: "Backups", to: "Backups and restore" },
      added: 5,
      removed: 2,
    });
    const changed = diff.hunks.flatMap((h) => h.lines).filter((l) => l.type !== "context");
    expect(changed.map((l) => `${l.type === "added" ? "+" : "-"}${l.text}`)).toEqual([
      "-nightly",
      "-keep 7 days",
      "+nightly at 02:00",
      "+keep 30 days",
      "+",
      "+## Restore",
      "+pg_restore -d app dump",
    ]);

    const old = await kit.get(viewer, page.id, 1);
    expect(old).toMatchObject({ version: 1, currentVersion: 3, title: "Backups" });

    const restored = (await rt.as(member, "docs.restore", { id: page.id, version: 1 })) as Awaited<
      ReturnType<typeof kit.get>
    >;
    expect(restored).toMatchObject({ currentVersion: 4, title: "Backups", body: old.body });
    const after = (await rt.as(viewer, "docs.versions", { id: page.id })) as Versions;
    expect(after.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect((await kit.get(viewer, page.id, 3)).title).toBe("Backups and restore");
    const back = (await rt.as(viewer, "docs.diff", { id: page.id, from: 1, to: 4 })) as Diff;
    expect(back).toMatchObject({ title: null, added: 0, removed: 0, hunks: [] });

    const again = await refusal(rt.as(member, "docs.restore", { id: page.id, version: 4 }));
    expect(again.details.field).toBe("version");
    const missing = await refusal(rt.as(member, "docs.restore", { id: page.id, version: 9 }));
    expect(missing.code).toBe("not_found");
  });
});

describe("moving and deleting", () => {
  it("reorders siblings and moves a branch to the top level", async () => {
    const parent = await kit.create(owner, { title: "Clients" });
    const [a, b, c] = [
      await kit.create(owner, { title: "Acme", parentId: parent.id }),
      await kit.create(owner, { title: "Globex", parentId: parent.id }),
      await kit.create(owner, { title: "Initech", parentId: parent.id }),
    ];
    await rt.as(member, "docs.move", { id: c!.id, parentId: parent.id, position: 0 });
    const order = async () =>
      (await kit.get(owner, parent.id)).children.map((child) => child.title);
    expect(await order()).toEqual(["Initech", "Acme", "Globex"]);
    await rt.as(member, "docs.move", { id: c!.id, parentId: parent.id, position: 99 });
    expect(await order()).toEqual(["Acme", "Globex", "Initech"]);
    const moved = (await rt.as(member, "docs.move", {
      id: b!.id,
      parentId: null,
      position: 0,
    })) as {
      parentId: string | null;
      position: number;
    };
    expect(moved).toMatchObject({ parentId: null, position: 0 });
    expect(await order()).toEqual(["Acme", "Initech"]);
    expect((await kit.get(owner, a!.id)).path.map((p) => p.title)).toEqual(["Clients"]);
  });

  it("refuses to move a page under itself or its own sub-page", async () => {
    const top = await kit.create(owner, { title: "Infra" });
    const mid = await kit.create(owner, { title: "Networking", parentId: top.id });
    const leaf = await kit.create(owner, { title: "VPN", parentId: mid.id });
    const cycle = await refusal(
      rt.as(owner, "docs.move", { id: top.id, parentId: leaf.id, position: 0 }),
    );
    expect(cycle).toMatchObject({ code: "invalid_input", details: { field: "parentId" } });
    expect(cycle.message).toBe(
      "parentId: “VPN” is inside “Infra”: a page cannot move under one of its own sub-pages",
    );
    const self = await refusal(
      rt.as(owner, "docs.move", { id: mid.id, parentId: mid.id, position: 0 }),
    );
    expect(self.message).toContain("cannot be moved under itself");
    expect((await kit.get(owner, top.id)).parentId).toBeNull();
  });

  it("deletes a page with its sub-pages and says how many went", async () => {
    const top = await kit.create(owner, { title: "Old client" });
    const child = await kit.create(owner, { title: "Notes", parentId: top.id });
    await kit.create(owner, { title: "More notes", parentId: child.id });
    const result = await rt.as(member, "docs.delete", { id: top.id });
    expect(result).toEqual({ ok: true, title: "Old client", deleted: 3, subPages: 2 });
    const tree = await kit.tree(owner);
    expect(tree.some((p) => [top.id, child.id].includes(p.id))).toBe(false);
    expect((await refusal(kit.get(owner, child.id))).code).toBe("not_found");
  });
});

describe("another workspace's pages", () => {
  it("are not found, whatever the operation", async () => {
    const page = await kit.create(owner, { title: "Private", body: "tenant data" });
    const own = await kit.create(outsider, { title: "Outsider's page" });
    const calls: [string, Record<string, unknown>][] = [
      ["docs.get", { id: page.id }],
      ["docs.update", { id: page.id, baseVersion: 1, body: "x" }],
      ["docs.move", { id: page.id, parentId: null, position: 0 }],
      ["docs.move", { id: own.id, parentId: page.id, position: 0 }],
      ["docs.create", { title: "Child", parentId: page.id }],
      ["docs.delete", { id: page.id }],
      ["docs.versions", { id: page.id }],
      ["docs.diff", { id: page.id, from: 1, to: 1 }],
      ["docs.restore", { id: page.id, version: 1 }],
      ["docs.links.add", { pageId: page.id, kind: "alert", target: "x" }],
    ];
    for (const [name, input] of calls) {
      const error = await refusal(rt.as(outsider, name as never, input));
      expect(error.code, name).toBe("not_found");
    }
    expect(JSON.stringify(await kit.tree(outsider))).not.toContain(page.id);
    expect((await kit.get(owner, page.id)).body).toBe("tenant data");
  });
});

describe("the demo wiki", () => {
  it("has a runbook named by its alert, the Lambda post-mortem and an ADR with history", async () => {
    const person = await createOwner(rt, "demo-docs@example.com", "Own");
    const demo = await rt.services.demo.createDemoWorkspace(rt.database.db, person.userId);
    const caller = { ...person.caller, workspaceId: demo.id };
    const runbooks = (await rt.as(caller, "docs.forTarget", {
      kind: "alert",
      target: "Storefront slow",
    })) as OperationOutput<"docs.forTarget">;
    expect(runbooks.map((p) => p.kind)).toEqual(["runbook"]);
    expect((await kit.get(caller, runbooks[0]!.id)).body).toContain("```mermaid");
    const [postmortem] = (await rt.as(caller, "docs.search", {
      q: "globex-etl runaway",
    })) as OperationOutput<"docs.search">;
    expect(postmortem).toMatchObject({ kind: "postmortem" });
    const adr = (await kit.tree(caller)).find((p) => p.kind === "adr")!;
    const versions = (await rt.as(caller, "docs.versions", { id: adr.id })) as Versions;
    expect(versions.map((v) => v.author?.name)).toEqual([
      "Maya Okafor",
      "Leo Brandt",
      "Leo Brandt",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { projectColumns, projects, tasks } from "../projects.schema.ts";
import { docsKit, type Page, refusal } from "./docs.testkit.ts";

type Results = OperationOutput<"docs.search">;
type Linked = OperationOutput<"docs.forTarget">;

let rt: TestRuntime;
let kit: ReturnType<typeof docsKit>;
let owner: Caller;
let workspaceId: string;
let outsider: Caller;
let runbook: Page;
let postmortem: Page;

const search = (q: string, caller = owner) =>
  rt.as(caller, "docs.search", { q }) as Promise<Results>;
const text = (pieces: { text: string }[]) => pieces.map((p) => p.text).join("");
const matched = (pieces: { text: string; match: boolean }[]) =>
  pieces.filter((p) => p.match).map((p) => p.text.toLowerCase());

beforeAll(async () => {
  rt = await createTestRuntime();
  kit = docsKit(rt);
  const o = await createOwner(rt, "search@example.com", "Search Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  outsider = (await createOwner(rt, "nosy@example.com", "Nosy Co")).caller;
  runbook = await kit.create(owner, {
    title: "Postgres failover runbook",
    kind: "runbook",
    body: "When the primary is down, promote the replica.\n\n```bash\npg_ctl promote\n```\n",
  });
  postmortem = await kit.create(owner, {
    title: "Outage of 3 March",
    kind: "postmortem",
    body: "The primary database ran out of disk. We followed the postgres failover steps and <script>alert(1)</script> was pasted in a log.",
  });
  await kit.create(owner, { title: "Holiday rota", body: "Who is on call in August." });
  await kit.create(outsider, { title: "Postgres at Nosy", body: "postgres failover elsewhere" });
});
afterAll(async () => {
  await rt?.close();
});

describe("full-text search", () => {
  it("ranks a title match above a body match and highlights the words in snippets", async () => {
    const results = await search("postgres failover");
    expect(results.map((r) => r.title)).toEqual(["Postgres failover runbook", "Outage of 3 March"]);
    expect(results[0]!.rank).toBeGreaterThan(results[1]!.rank);
    expect(matched(results[0]!.titleSnippet)).toEqual(["postgres", "failover"]);
    expect(text(results[0]!.titleSnippet)).toBe("Postgres failover runbook");
    expect(matched(results[1]!.snippet)).toEqual(["postgres", "failover"]);
    expect(text(results[1]!.snippet)).toContain("We followed the postgres failover steps");
  });

  it("returns snippets as plain text pieces: no markup of its own, none from the page", async () => {
    const [hit] = await search("pasted");
    expect(hit!.id).toBe(postmortem.id);
    expect(text(hit!.snippet)).toContain("alert(1) was pasted");
    expect(JSON.stringify(hit)).not.toMatch(/<b>|<script/);
    await kit.create(owner, {
      title: "Zebra notes",
      body: "## Zebra crossing\n> **Zebra** `code` | cell |",
    });
    const [zebra] = await search("zebra");
    expect(text(zebra!.snippet)).toBe("Zebra crossing Zebra code cell");
  });

  it("matches the last word as a prefix while typing, and honours web-search syntax", async () => {
    expect((await search("failover runb")).map((r) => r.id)).toEqual([runbook.id]);
    expect((await search('"replica" promote')).map((r) => r.id)).toEqual([runbook.id]);
    expect((await search("failover -outage -disk")).map((r) => r.id)).toEqual([runbook.id]);
    expect((await search("rota or replica")).map((r) => r.title).sort()).toEqual([
      "Holiday rota",
      "Postgres failover runbook",
    ]);
  });

  it("answers odd syntax without an error", async () => {
    for (const q of ['"unclosed', "&|!", "(", "a:*", "'", "\\", "!!postgres", "<->", "--", " "]) {
      const results = await search(q);
      expect(Array.isArray(results), q).toBe(true);
    }
    // An unclosed quote is a phrase to the end of the query.
    expect((await search('"postgres failover')).map((r) => r.id)).toEqual([
      runbook.id,
      postmortem.id,
    ]);
    expect(await search('postgres "unclosed')).toEqual([]);
    expect((await search("!!postgres")).length).toBeGreaterThan(0);
    expect(await search("&|!")).toEqual([]);
  });

  it("finds only the caller's workspace pages", async () => {
    expect((await search("nosy")).length).toBe(0);
    expect((await search("postgres", outsider)).map((r) => r.title)).toEqual(["Postgres at Nosy"]);
  });
});

describe("links", () => {
  it("an alert names its runbook: forTarget lists linked pages, runbooks first", async () => {
    await rt.as(owner, "docs.links.add", {
      pageId: postmortem.id,
      kind: "alert",
      target: "pg-primary-down",
    });
    const link = (await rt.as(owner, "docs.links.add", {
      pageId: runbook.id,
      kind: "alert",
      target: " pg-primary-down ",
      title: "Primary down",
    })) as OperationOutput<"docs.links.add">;
    expect(link).toMatchObject({ kind: "alert", target: "pg-primary-down", title: "Primary down" });
    const linked = (await rt.as(owner, "docs.forTarget", {
      kind: "alert",
      target: "pg-primary-down",
    })) as Linked;
    expect(linked.map((p) => [p.title, p.kind])).toEqual([
      ["Postgres failover runbook", "runbook"],
      ["Outage of 3 March", "postmortem"],
    ]);
    expect((await kit.get(owner, runbook.id)).links.map((l) => l.target)).toEqual([
      "pg-primary-down",
    ]);
    const again = await refusal(
      rt.as(owner, "docs.links.add", {
        pageId: runbook.id,
        kind: "alert",
        target: "pg-primary-down",
      }),
    );
    expect(again.code).toBe("conflict");
    expect(
      await rt.as(outsider, "docs.forTarget", { kind: "alert", target: "pg-primary-down" }),
    ).toEqual([]);

    await rt.as(owner, "docs.links.remove", { id: link.id });
    const after = (await rt.as(owner, "docs.forTarget", {
      kind: "alert",
      target: "pg-primary-down",
    })) as Linked;
    expect(after.map((p) => p.id)).toEqual([postmortem.id]);
    expect((await refusal(rt.as(outsider, "docs.links.remove", { id: link.id }))).code).toBe(
      "not_found",
    );
  });

  it("finds a resource's pages under any name it goes by, each page once", async () => {
    const arn = "arn:aws:rds:eu-west-1:111122223333:db:orders";
    for (const target of [arn, "orders-db"])
      await rt.as(owner, "docs.links.add", { pageId: runbook.id, kind: "resource", target });
    await rt.as(owner, "docs.links.add", {
      pageId: postmortem.id,
      kind: "resource",
      target: "orders-db",
    });
    const linked = (await rt.as(owner, "docs.forTarget", {
      kind: "resource",
      target: "6f1c2b7e-0d7a-4c1e-9a43-5f0e8f6c2a11", // the inventory id: nothing linked by it
      aliases: [arn, "orders-db"],
    })) as Linked;
    expect(linked.map((p) => p.title)).toEqual(["Postgres failover runbook", "Outage of 3 March"]);
    const byArn = (await rt.as(owner, "docs.forTarget", {
      kind: "resource",
      target: arn,
    })) as Linked;
    expect(byArn.map((p) => p.id)).toEqual([runbook.id]);
  });

  it("refuses a URL that is not http(s), naming the field", async () => {
    const error = await refusal(
      rt.as(owner, "docs.links.add", {
        pageId: runbook.id,
        kind: "url",
        target: "javascript:alert(1)",
      }),
    );
    expect(error).toMatchObject({ code: "invalid_input", details: { field: "target" } });
    const ok = await rt.as(owner, "docs.links.add", {
      pageId: runbook.id,
      kind: "url",
      target: "https://www.postgresql.org/docs/current/app-pg-ctl.html",
    });
    expect(ok).toMatchObject({ kind: "url" });
  });

  it("links a task of the workspace by id, titled with its number; another's is not found", async () => {
    const db = rt.database.db;
    const [project] = await db
      .insert(projects)
      .values({ workspaceId, key: "OPS", name: "Ops" })
      .returning();
    const [column] = await db
      .insert(projectColumns)
      .values({ workspaceId, projectId: project!.id, name: "To do", category: "todo", position: 0 })
      .returning();
    const [task] = await db
      .insert(tasks)
      .values({
        workspaceId,
        projectId: project!.id,
        number: 7,
        title: "Automate failover",
        columnId: column!.id,
        rank: "a0",
      })
      .returning();
    const link = await rt.as(owner, "docs.links.add", {
      pageId: runbook.id,
      kind: "task",
      target: task!.id,
    });
    expect(link).toMatchObject({ title: "OPS-7 Automate failover", target: task!.id });
    const linked = (await rt.as(owner, "docs.forTarget", {
      kind: "task",
      target: task!.id,
    })) as Linked;
    expect(linked.map((p) => p.id)).toEqual([runbook.id]);

    const theirs = await kit.create(outsider, { title: "Theirs" });
    const error = await refusal(
      rt.as(outsider, "docs.links.add", { pageId: theirs.id, kind: "task", target: task!.id }),
    );
    expect(error.code).toBe("not_found");
  });
});

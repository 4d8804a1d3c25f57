import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { embeddings, jobs, logPatterns, resources } from "../../platform/db/schema.ts";
import type { Caller } from "../../platform/operations/execute.ts";

type Similar = OperationOutput<"search.similar">;
type Page = { id: string; currentVersion: number };

let rt: TestRuntime;
let owner: Caller;
let viewer: Caller;
let workspaceId: string;
let other: { caller: Caller; workspaceId: string };

const page = (caller: Caller, title: string, body: string) =>
  rt.as(caller, "docs.create", { title, body }) as Promise<Page>;
const similar = (caller: Caller, input: Record<string, unknown>) =>
  rt.as(caller, "search.similar", input) as Promise<Similar>;
const reindex = (caller: Caller, input: Record<string, unknown> = {}) =>
  rt.as(caller, "search.reindex", input) as Promise<OperationOutput<"search.reindex">>;

async function addResource(ws: string, name: string, type: string, tags: Record<string, string>) {
  const now = new Date();
  const [row] = await rt.database.db
    .insert(resources)
    .values({
      workspaceId: ws,
      provider: "aws",
      account: "123456789012",
      region: "eu-west-1",
      scope: `${type}@eu-west-1`,
      type,
      nativeType: type,
      nativeId: `arn:${name}`,
      name,
      tags,
      firstSeenAt: now,
      lastSeenAt: now,
    })
    .returning({ id: resources.id });
  return row!.id;
}

async function addPattern(ws: string, service: string, template: string, level = "error") {
  const now = new Date();
  const [row] = await rt.database.db
    .insert(logPatterns)
    .values({
      workspaceId: ws,
      service,
      templateId: `${service}:${template.length}`,
      template,
      level,
      example: template.replace(/<\*>/g, "42"),
      firstSeen: now,
      lastSeen: now,
    })
    .returning({ id: logPatterns.id });
  return row!.id;
}

let diskRunbook: Page;
let invoicePage: Page;
let diskPattern: string;
let bucket: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "search@example.com", "Search Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  viewer = (await addMember(rt, workspaceId, "view@example.com", "viewer")).caller;
  const x = await createOwner(rt, "else@example.com", "Else Co");
  other = { caller: x.caller, workspaceId: x.workspaceId };

  diskRunbook = await page(
    owner,
    "Runbook: disk full on the database server",
    "When the disk fills up, Postgres stops accepting writes. Free space by removing old WAL " +
      "archives, then grow the EBS volume and extend the filesystem.",
  );
  invoicePage = await page(
    owner,
    "How we number invoices",
    "Invoice numbers are gapless per year; credit notes use their own series. Send invoices " +
      "to clients on the first working day of the month.",
  );
  await page(
    owner,
    "Onboarding a new client",
    "Create the client, agree the hourly rate, and invite them to the status page.",
  );
  diskPattern = await addPattern(
    workspaceId,
    "db",
    "could not write to file <*>: No space left on device",
  );
  await addPattern(workspaceId, "api", "GET <*> returned <*> in <*> ms", "info");
  bucket = await addResource(workspaceId, "invoices-archive", "storage.bucket", {
    team: "billing",
  });
  await addResource(workspaceId, "orders-db", "database.instance", { env: "prod" });
  // Another workspace with a near-identical runbook: it must never show up here.
  await page(other.caller, "Disk full runbook", "The volume is out of space: grow the disk.");
  await reindex(other.caller);
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

describe("semantic search", () => {
  it("indexes every kind once, then finds the disk runbook for a sentence in other words", async () => {
    const first = await reindex(owner);
    expect(first).toEqual({ embedded: 7, unchanged: 0, deleted: 0 });
    const out = await similar(viewer, { text: "volume out of space", limit: 10 });
    expect(out.model).toBe("local:use-lite-512");
    const ids = out.items.map((i) => i.id);
    expect(ids.indexOf(diskRunbook.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(diskRunbook.id)).toBeLessThan(ids.indexOf(invoicePage.id));
    // The log pattern about the same failure ranks above the unrelated page too.
    expect(ids.indexOf(diskPattern)).toBeLessThan(ids.indexOf(invoicePage.id));
    expect(out.items[0]!.score).toBeGreaterThan(out.items.at(-1)!.score);
  });

  it("finds things like an item, without the item itself", async () => {
    const all = await similar(viewer, { kind: "pattern", id: diskPattern, limit: 50 });
    expect(all.items.map((i) => i.id)).not.toContain(diskPattern);
    expect(all.items).toHaveLength(6);
    // The runbook for a log line: the disk runbook, not the invoicing page.
    const docs = await similar(viewer, { kind: "pattern", id: diskPattern, kinds: ["doc"] });
    expect(docs.items[0]).toMatchObject({ kind: "doc", id: diskRunbook.id });
  });

  it("keeps to the asked kinds", async () => {
    const out = await similar(viewer, { text: "archive of invoices", kinds: ["resource"] });
    expect(new Set(out.items.map((i) => i.kind))).toEqual(new Set(["resource"]));
    expect(out.items[0]!.id).toBe(bucket);
  });

  it("re-embeds only what changed and forgets deleted items", async () => {
    const before = { ...rt.services.search.embedder.stats! };
    const again = await reindex(owner);
    expect(again).toEqual({ embedded: 0, unchanged: 7, deleted: 0 });
    expect(rt.services.search.embedder.stats!.texts).toBe(before.texts);

    await rt.as(owner, "docs.update", {
      id: invoicePage.id,
      baseVersion: invoicePage.currentVersion,
      body: "Invoice numbers never skip: one gapless series a year.",
    });
    await rt.as(owner, "docs.delete", { id: diskRunbook.id });
    const changed = await reindex(owner);
    expect(changed).toEqual({ embedded: 1, unchanged: 5, deleted: 1 });
    expect(rt.services.search.embedder.stats!.texts).toBe(before.texts + 1);
    const out = await similar(viewer, { text: "disk full", kinds: ["doc"] });
    expect(out.items.map((i) => i.id)).not.toContain(diskRunbook.id);
  });

  it("never shows another workspace's items, nor finds like one of them", async () => {
    const mine = await similar(owner, { text: "disk full runbook", kinds: ["doc"], limit: 50 });
    const theirs = await rt.database.db
      .select({ refId: embeddings.refId })
      .from(embeddings)
      .where(and(eq(embeddings.workspaceId, other.workspaceId)));
    expect(theirs.length).toBe(1);
    expect(mine.items.map((i) => i.id)).not.toContain(theirs[0]!.refId);
    await expect(similar(owner, { kind: "doc", id: theirs[0]!.refId })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("queues one index job for the workspace when a wiki page is saved", async () => {
    await page(owner, "Queued page", "Saving a page asks for the index to catch up.");
    await page(owner, "Queued page 2", "A second save joins the same queued job.");
    const queued = await rt.database.db
      .select({ name: jobs.name, status: jobs.status })
      .from(jobs)
      .where(and(eq(jobs.singletonKey, `search.index:${workspaceId}`), eq(jobs.status, "queued")));
    expect(queued).toEqual([{ name: "search.index", status: "queued" }]);
  });

  it("refuses unclear input and lets only admins reindex", async () => {
    await expect(
      similar(viewer, { text: "x", kind: "doc", id: diskRunbook.id }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(similar(viewer, { kind: "doc" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(reindex(viewer)).rejects.toMatchObject({ code: "forbidden" });
  });
});

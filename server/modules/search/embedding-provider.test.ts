import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import { rowsOf } from "../../platform/db/copy.ts";
import { auditLog, embeddings, jobs } from "../../platform/db/schema.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { startEmbeddingServer } from "./embedding-server.testing.ts";

type Settings = OperationOutput<"search.embeddings.get">;
type Similar = OperationOutput<"search.similar">;

const KEY = "sk-embed-test-key-0123456789abcdef";
const CHAT_KEY = "sk-chat-shared-key-9876543210fedcba";

let rt: TestRuntime;
let server: Awaited<ReturnType<typeof startEmbeddingServer>>;
let owner: Caller;
let viewer: Caller;
let workspaceId: string;
let runbookId: string;
let invoicesId: string;
/** Everything an operation returned in this file: the key must be in none of it. */
const outputs: unknown[] = [];

async function as<T>(caller: Caller, name: string, input: Record<string, unknown> = {}) {
  const out = (await rt.as(caller, name as never, input)) as T;
  outputs.push(out);
  return out;
}
const settingsOf = (caller: Caller) => as<Settings>(caller, "search.embeddings.get");
const similar = (caller: Caller, text: string) =>
  as<Similar>(caller, "search.similar", { text, kinds: ["doc"], limit: 5 });
const modelsOf = async (ws: string) =>
  (
    await rt.database.db
      .selectDistinct({ model: embeddings.model })
      .from(embeddings)
      .where(eq(embeddings.workspaceId, ws))
  ).map((r) => r.model);
/** Waits until the index job has built the settings' model and search uses it. */
const untilIndexed = (caller: Caller, model: string) =>
  waitFor(
    async () => {
      const s = await settingsOf(caller);
      return s.index.model === model && s.index.state === "ready" && s;
    },
    { timeoutMs: 80_000, what: `the ${model} index` },
  );

beforeAll(async () => {
  server = await startEmbeddingServer({ apiKey: KEY });
  rt = await createTestRuntime();
  const o = await createOwner(rt, "embed@example.com", "Embed Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  viewer = (await addMember(rt, workspaceId, "embed-view@example.com", "viewer")).caller;
  const doc = (title: string, body: string) =>
    as<{ id: string }>(owner, "docs.create", { title, body });
  runbookId = (
    await doc(
      "Runbook: disk full on the database server",
      "When the disk is full the database stops writing. Remove old archives, grow the disk.",
    )
  ).id;
  invoicesId = (
    await doc("How we number invoices", "Invoice numbers are gapless per year, one series.")
  ).id;
  await doc("Onboarding a client", "Agree the hourly rate and invite them to the status page.");
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await server?.close();
});

describe("embedding provider", { timeout: 90_000 }, () => {
  it("indexes with an OpenAI-compatible server in the background, then searches with it", async () => {
    const saved = await as<Settings>(owner, "search.embeddings.set", {
      provider: "openai-compatible",
      model: "bow-256",
      baseUrl: `${server.url}/v1`,
      apiKey: KEY,
    });
    expect(saved).toMatchObject({
      provider: "openai-compatible",
      model: "bow-256",
      hasApiKey: true,
      reusesAiSettings: false,
      index: { model: "local:use-lite-512", targetModel: "openai-compatible:bow-256" },
    });
    expect(saved.apiKeyMasked).toMatch(/cdef$/);
    // The pages' saves queued the index job; the setting joined it, so it runs with the provider.
    rt.services.jobs.start();

    const ready = await untilIndexed(owner, "openai-compatible:bow-256");
    expect(ready.index).toMatchObject({ dimension: 256, indexed: 3, total: 3, lastError: null });
    expect(server.requests.some((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);

    const out = await similar(viewer, "the disk of the database is full");
    expect(out.model).toBe("openai-compatible:bow-256");
    expect(out.items[0]!.id).toBe(runbookId);
    expect(await modelsOf(workspaceId)).toEqual(["openai-compatible:bow-256"]);
  });

  it("re-embeds only what changed through the provider", async () => {
    const before = server.requests.length;
    const again = await as(owner, "search.reindex", {});
    expect(again).toEqual({ embedded: 0, unchanged: 3, deleted: 0 });
    expect(server.requests.length).toBe(before);
  });

  it("keeps searching the old index while a new model's provider is down, retries, then switches", async () => {
    server.state.failWith.ollama = 503;
    const saved = await as<Settings>(owner, "search.embeddings.set", {
      provider: "ollama",
      model: "bow-192",
      baseUrl: server.url,
      removeApiKey: true,
    });
    expect(saved.index).toMatchObject({
      state: "reindexing",
      model: "openai-compatible:bow-256",
      targetModel: "ollama:bow-192",
    });

    const failed = await waitFor(
      async () => {
        const s = await settingsOf(owner);
        return s.index.lastError ? s : undefined;
      },
      { timeoutMs: 30_000, what: "the failed index run" },
    );
    expect(failed.index.lastError).toContain("ollama:bow-192");
    expect(failed.index.lastError).toContain(new URL(server.url).host);
    expect(failed.index.lastError).toMatch(/503/);
    expect(failed.index.lastError).toContain("server busy");
    // The job is queued again with the backoff, not given up.
    const [job] = await rt.database.db
      .select()
      .from(jobs)
      .where(eq(jobs.singletonKey, `search.index:${workspaceId}`))
      .orderBy(desc(jobs.createdAt))
      .limit(1);
    expect(job!.status).toMatch(/queued|running/);
    expect(job!.lastError).toContain("503");

    // Search keeps the old model: its vectors, and the old model for the query.
    const meanwhile = await similar(viewer, "disk full on the database");
    expect(meanwhile.model).toBe("openai-compatible:bow-256");
    expect(meanwhile.items[0]!.id).toBe(runbookId);

    server.state.failWith = {};
    const switched = await untilIndexed(owner, "ollama:bow-192");
    expect(switched.index).toMatchObject({ dimension: 192, indexed: 3, lastError: null });
    expect(await modelsOf(workspaceId)).toEqual(["ollama:bow-192"]);
    const after = await similar(viewer, "gapless invoice numbers");
    expect(after.model).toBe("ollama:bow-192");
    expect(after.items[0]!.id).toBe(invoicesId);
    expect(server.requests.filter((r) => r.path === "/api/embed").length).toBeGreaterThan(1);
    // The old model's key, kept aside while its index was still in use, is gone with it.
    const vault = await rt.services.secrets.list(rt.database.db, workspaceId);
    expect(vault.map((v) => v.name)).toEqual([]);
  });

  it("says clearly when the index's provider is down, and still finds items like an item", async () => {
    server.state.failWith.ollama = 502;
    try {
      await expect(similar(viewer, "disk full")).rejects.toMatchObject({
        code: "unavailable",
        message: expect.stringMatching(/ollama:bow-192 at 127\.0\.0\.1:\d+ failed: .*502/),
      });
      const like = await as<Similar>(viewer, "search.similar", { kind: "doc", id: runbookId });
      expect(like.items.map((i) => i.id)).not.toContain(runbookId);
      expect(like.model).toBe("ollama:bow-192");
    } finally {
      server.state.failWith = {};
    }
  });

  it("reuses the AI settings' base URL and key of the same provider, in that workspace only", async () => {
    const other = await createOwner(rt, "embed-other@example.com", "Other Co");
    await as(other.caller, "ai.settings.set", {
      provider: "openai-compatible",
      model: "chat-model",
      baseUrl: `${server.url}/v1`,
      apiKey: CHAT_KEY,
    });
    // The chat key is not the embedding server's key: indexing fails with a clear 401.
    const saved = await as<Settings>(other.caller, "search.embeddings.set", {
      provider: "openai-compatible",
      model: "bow-256",
    });
    expect(saved).toMatchObject({ reusesAiSettings: true, hasApiKey: true, baseUrl: null });
    await as(other.caller, "docs.create", {
      title: "Certificates expire",
      body: "Renew the TLS certificate before it expires.",
    });
    const refused = await rt.as(other.caller, "search.reindex", {}).catch((e: Error) => e);
    expect(refused).toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/openai-compatible:bow-256 .* failed: 401 Incorrect API key/),
    });
    expect((refused as Error).message).not.toContain(CHAT_KEY);
    expect(server.requests.some((r) => r.authorization === `Bearer ${CHAT_KEY}`)).toBe(true);

    // The first workspace's model and index are untouched; a third has the offline default.
    expect((await settingsOf(owner)).index.model).toBe("ollama:bow-192");
    const third = await createOwner(rt, "embed-third@example.com", "Third Co");
    expect(await settingsOf(third.caller)).toMatchObject({
      provider: "local",
      model: "use-lite-512",
      index: { model: "local:use-lite-512", state: "ready" },
    });
  });

  it("never returns or logs a key, nor keeps one in the audit log", async () => {
    const jobRows = await rt.database.db
      .select({ lastError: jobs.lastError, result: jobs.result, payload: jobs.payload })
      .from(jobs);
    const audit = await rt.database.db
      .select({ input: auditLog.inputSummary })
      .from(auditLog)
      .where(and(eq(auditLog.action, "search.embeddings.set")));
    expect(audit.length).toBeGreaterThan(0);
    const everything = JSON.stringify([outputs, jobRows, audit]);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(CHAT_KEY);
    const [stored] = rowsOf<{ n: number }>(
      await rt.database.db.execute(sql`SELECT count(*)::int AS n FROM search_settings`),
    );
    expect(stored!.n).toBe(2);
  });

  it("names the field to fix and lets only admins choose the model", async () => {
    const third = await createOwner(rt, "embed-fourth@example.com", "Fourth Co");
    const set = (input: Record<string, unknown>) =>
      rt.as(third.caller, "search.embeddings.set", input);
    await expect(set({ provider: "openai-compatible", model: "m" })).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "baseUrl" },
    });
    await expect(set({ provider: "ollama" })).rejects.toMatchObject({
      details: { field: "model" },
    });
    await expect(
      set({ provider: "openai", model: "text-embedding-3-small" }),
    ).rejects.toMatchObject({ details: { field: "apiKey" } });
    await expect(set({ provider: "local", extra: 1 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      rt.as(viewer, "search.embeddings.set", { provider: "local" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

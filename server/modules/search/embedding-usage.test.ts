// Provider embeddings count in the workspace's AI spend: the tokens the provider reports (OpenAI's
// `usage`, Ollama's `prompt_eval_count`) and, where the settings name a price, their cost. A
// local server speaks both wire formats.
import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { waitFor } from "../../../test/support/test-database.ts";
import type { OperationOutput } from "../../adapters/client.ts";
import type { Caller } from "../../platform/operations/execute.ts";
import { startEmbeddingServer } from "./embedding-server.testing.ts";

type Usage = OperationOutput<"ai.usage">;
type Settings = OperationOutput<"search.embeddings.get">;

let rt: TestRuntime;
let server: Awaited<ReturnType<typeof startEmbeddingServer>>;

beforeAll(async () => {
  server = await startEmbeddingServer();
  rt = await createTestRuntime();
  rt.services.jobs.start();
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await server?.close();
});

async function workspaceWithDocs(email: string) {
  const { caller } = await createOwner(rt, email, `${email} Co`);
  await rt.as(caller, "docs.create", {
    title: "Runbook: disk full",
    body: "When the disk is full the database stops writing.",
  });
  await rt.as(caller, "docs.create", { title: "Invoices", body: "Numbers are gapless per year." });
  return caller;
}

const untilIndexed = (caller: Caller, model: string) =>
  waitFor(
    async () => {
      const s = (await rt.as(caller, "search.embeddings.get", {})) as Settings;
      return s.index.model === model && s.index.state === "ready" && s;
    },
    // The first index job may load the bundled model first, slow on a busy machine.
    { timeoutMs: 180_000, what: `the ${model} index` },
  );

const usageOf = (caller: Caller) => rt.as(caller, "ai.usage", {}) as Promise<Usage>;

/** The tokens the server reported for one model's requests. */
const reported = (model: string) =>
  server.requests.filter((r) => r.model === model).reduce((n, r) => n + r.tokens, 0);

describe("embedding usage in AI spend", { timeout: 240_000 }, () => {
  it("records an OpenAI-compatible server's reported tokens, priced, as embeddings", async () => {
    const owner = await workspaceWithDocs("embed-usage@example.com");
    const saved = (await rt.as(owner, "search.embeddings.set", {
      provider: "openai-compatible",
      model: "bow-64",
      baseUrl: `${server.url}/v1`,
      pricePerMillion: "0.02",
    })) as Settings;
    expect(saved.pricePerMillion).toBe("0.02");
    await untilIndexed(owner, "openai-compatible:bow-64");

    const indexed = await usageOf(owner);
    const tokens = reported("bow-64");
    expect(tokens).toBeGreaterThan(0);
    expect(indexed.embeddings.inputTokens).toBe(tokens);
    expect(indexed.embeddings.outputTokens).toBe(0);
    expect(indexed.embeddings.cost).toBe(new Decimal(tokens).mul("0.02").div(1e6).toFixed());
    // Part of the workspace's spend (and so of its budget), but nobody's own.
    expect(indexed.workspace).toEqual(indexed.embeddings);
    expect(indexed.mine).toMatchObject({ calls: 0, inputTokens: 0 });
    expect(indexed.byUser).toEqual([]);

    // A query is embedded by the provider too, and counts.
    await rt.as(owner, "search.similar", { text: "the disk is full", kinds: ["doc"], limit: 3 });
    const queried = await usageOf(owner);
    expect(queried.embeddings.calls).toBe(indexed.embeddings.calls + 1);
    expect(queried.embeddings.inputTokens).toBe(reported("bow-64"));
    expect(queried.embeddings.inputTokens).toBe(tokens + 4);
  });

  it("records Ollama's prompt_eval_count, unpriced when no price is set", async () => {
    const owner = await workspaceWithDocs("embed-usage-ollama@example.com");
    await rt.as(owner, "search.embeddings.set", {
      provider: "ollama",
      model: "bow-32",
      baseUrl: server.url,
    });
    await untilIndexed(owner, "ollama:bow-32");
    const usage = await usageOf(owner);
    expect(usage.embeddings.inputTokens).toBe(reported("bow-32"));
    expect(usage.embeddings.inputTokens).toBeGreaterThan(0);
    expect(usage.embeddings.cost).toBe("0");
  });

  it("keeps a price only for the model it was given for", async () => {
    const owner = await workspaceWithDocs("embed-usage-price@example.com");
    const set = (input: Record<string, unknown>) =>
      rt.as(owner, "search.embeddings.set", {
        provider: "openai-compatible",
        baseUrl: `${server.url}/v1`,
        ...input,
      }) as Promise<Settings>;
    expect((await set({ model: "bow-16", pricePerMillion: "0.10" })).pricePerMillion).toBe("0.10");
    expect((await set({ model: "bow-16" })).pricePerMillion).toBe("0.10");
    expect((await set({ model: "bow-24" })).pricePerMillion).toBeNull();
    const refused = await rt
      .as(owner, "search.embeddings.set", {
        provider: "openai-compatible",
        model: "bow-24",
        pricePerMillion: "cheap",
      })
      .catch((error: Error) => error);
    expect((refused as Error).message).toMatch(/pricePerMillion/);
  });
});

import { createHash } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local embedding server speaking two real wire formats: OpenAI's `POST /v1/embeddings`
 * (as llama.cpp's llama-server, vLLM and LM Studio serve it) and Ollama's `POST /api/embed`.
 * Its vectors are hashed bags of words, deterministic per model: texts sharing words point the
 * same way, so a query finds the page that uses its words. A model's dimension is in its name
 * (`bow-64` has 64); `failWith.openai` / `failWith.ollama` make that API answer the given HTTP
 * status, as a provider that is down or overloaded does.
 */
export async function startEmbeddingServer(opts: { apiKey?: string } = {}) {
  /** Each request, with the tokens the answer reported (OpenAI `usage`, Ollama `prompt_eval_count`). */
  const requests: {
    path: string;
    authorization?: string;
    model: string;
    inputs: number;
    tokens: number;
  }[] = [];
  const state = { failWith: {} as { openai?: number; ollama?: number } };

  const dimensionOf = (model: string) => Number(/^bow-(\d+)$/.exec(model)?.[1] ?? Number.NaN);
  function embed(model: string, text: string): number[] {
    const v = new Array<number>(dimensionOf(model)).fill(0);
    for (const raw of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
      const word = raw.replace(/s$/, "");
      const h = createHash("sha256").update(`${model}/${word}`).digest();
      v[h.readUInt32BE(0) % v.length]! += h[4]! & 1 ? 1 : -1;
    }
    return v;
  }

  function answer(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  function openAi(
    req: http.IncomingMessage,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ) {
    const fail = (status: number, message: string, code: string) =>
      answer(res, status, { error: { message, type: "invalid_request_error", param: null, code } });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`)
      return fail(401, "Incorrect API key provided", "invalid_api_key");
    if (state.failWith.openai)
      return fail(state.failWith.openai, "The server is overloaded", "unavailable");
    const model = String(body.model);
    if (Number.isNaN(dimensionOf(model)))
      return fail(404, `The model \`${model}\` does not exist`, "model_not_found");
    if (body.encoding_format !== undefined && body.encoding_format !== "float")
      return fail(400, "this server only returns float vectors", "invalid_encoding_format");
    const inputs = typeof body.input === "string" ? [body.input] : (body.input as string[]);
    requests[requests.length - 1]!.inputs = inputs.length;
    const tokens = inputs.reduce((n, t) => n + t.split(/\s+/).length, 0);
    requests[requests.length - 1]!.tokens = tokens;
    answer(res, 200, {
      object: "list",
      data: inputs.map((text, index) => ({
        object: "embedding",
        index,
        embedding: embed(model, text),
      })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  function ollama(body: Record<string, unknown>, res: http.ServerResponse) {
    if (state.failWith.ollama)
      return answer(res, state.failWith.ollama, { error: "server busy, try again" });
    const model = String(body.model);
    if (Number.isNaN(dimensionOf(model)))
      return answer(res, 404, { error: `model "${model}" not found, try pulling it first` });
    const inputs = typeof body.input === "string" ? [body.input] : (body.input as string[]);
    requests[requests.length - 1]!.inputs = inputs.length;
    requests[requests.length - 1]!.tokens = inputs.length;
    answer(res, 200, {
      model,
      embeddings: inputs.map((text) => embed(model, text)),
      total_duration: 1_000_000,
      load_duration: 10_000,
      prompt_eval_count: inputs.length,
    });
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      const path = req.url ?? "";
      requests.push({
        path,
        authorization: req.headers.authorization,
        model: String(body.model),
        inputs: 0,
        tokens: 0,
      });
      if (req.method === "POST" && path === "/v1/embeddings") return openAi(req, body, res);
      if (req.method === "POST" && path === "/api/embed") return ollama(body, res);
      answer(res, 404, { error: `no route ${req.method} ${path}` });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    state,
    /** Embeds as the server does, for checking what was stored. */
    embed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

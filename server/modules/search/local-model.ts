import type { Worker } from "node:worker_threads";
import { startTsWorker } from "../../platform/workers/ts-worker.ts";

export type LocalModelRequest = { id: number; texts: string[] };
export type LocalModelReply = { id: number; vectors: number[][] } | { id: number; error: string };

/**
 * The bundled model's worker thread, one per process, started at the first text and kept (its
 * model takes seconds to load). It holds the process open only while a request is waiting; a
 * worker that dies fails what it was asked and the next request starts a new one.
 */
let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(v: number[][]): void; reject(e: Error): void }>();

function started(): Worker {
  if (worker) return worker;
  const thread = startTsWorker(new URL("./local-model.worker.ts", import.meta.url), null);
  thread.unref();
  thread.on("message", (reply: LocalModelReply) => {
    const request = waiting.get(reply.id);
    if (!request) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) thread.unref();
    if ("error" in reply) request.reject(new Error(`the embedding model failed: ${reply.error}`));
    else request.resolve(reply.vectors);
  });
  const fail = (error: Error) => {
    if (worker === thread) worker = undefined;
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  };
  thread.on("error", fail);
  thread.on("exit", (code) => fail(new Error(`the embedding worker stopped (exit code ${code})`)));
  worker = thread;
  return thread;
}

/** Embeds texts with the bundled model, off the main thread. */
export function embedLocally(texts: string[]): Promise<number[][]> {
  const thread = started();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (waiting.size === 0) thread.ref();
    waiting.set(id, { resolve, reject });
    thread.postMessage({ id, texts } satisfies LocalModelRequest);
  });
}

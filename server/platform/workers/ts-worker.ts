import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread running a TypeScript module (a file URL, usually
 * `new URL("./x.worker.ts", import.meta.url)`); the module reads `data` as
 * `workerData.data`. Starting one costs about a second (the loader compiles the module graph
 * again), so it pays off only for work that takes many seconds.
 */
export function startTsWorker(entry: URL, data: unknown): Worker {
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), {
    workerData: { entry: entry.href, data },
  });
}

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** Where the compiled server's worker entries are (dist/server/), when it is the one running. */
let builtWorkers: URL | undefined;

/**
 * Called by the compiled server's entry (cli/compiled-entry.ts): workers start from their build
 * in `outDir` (scripts/build-server.ts builds every `*.worker.ts` as `<name>.js` there).
 */
export function runWorkersFromBuild(outDir: URL): void {
  builtWorkers = outDir;
}

/**
 * Starts a worker thread running a TypeScript module (a file URL, usually
 * `new URL("./x.worker.ts", import.meta.url)`); the module reads `data` as
 * `workerData.data`. The compiled server runs the module's build; from source (the CLI, tests)
 * tsx's loader compiles the module graph again in the worker, which takes about a second.
 */
export function startTsWorker(entry: URL, data: unknown): Worker {
  const name = `${path.basename(fileURLToPath(entry), ".ts")}.js`;
  const built = builtWorkers && new URL(name, builtWorkers);
  // A module that is no worker entry of the build (bench scripts) still runs from source.
  if (built && existsSync(built)) return new Worker(built, { workerData: { data } });
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), {
    workerData: { entry: entry.href, data },
  });
}

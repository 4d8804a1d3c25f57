// A worker thread's entry: registers tsx's loader in the worker (hooks registered on the main
// thread do not reach it), then runs the TypeScript module named by workerData.entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);

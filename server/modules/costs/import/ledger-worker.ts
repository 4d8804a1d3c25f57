import type { Worker } from "node:worker_threads";
import { AppError, type AppErrorDetails, type ErrorCode } from "../../../platform/errors.ts";
import { startTsWorker } from "../../../platform/workers/ts-worker.ts";
import type {
  LedgerChunk,
  LedgerFile,
  LedgerFileHead,
  LedgerFileTotals,
  LedgerLinesOptions,
} from "./ledger-lines.ts";

export type ToWorker = { type: "more" };
export type FromWorker =
  | { type: "head"; head: LedgerFileHead }
  | { type: "chunk"; chunk: LedgerChunk }
  | { type: "done"; totals: LedgerFileTotals }
  | {
      type: "error";
      error: { code?: ErrorCode; message: string; details?: AppErrorDetails };
    };

/**
 * `openLedgerFile` in a worker thread: the reading, mapping, conformance check and
 * serialising of each chunk run beside the main thread, which meanwhile COPYs the previous
 * chunk (PGlite executes on the main thread, so the two would otherwise take turns). Errors
 * arrive as they would in process: an AppError naming the file, row and column.
 */
export async function openLedgerFileInWorker(options: LedgerLinesOptions): Promise<LedgerFile> {
  const worker = startTsWorker(new URL("./ledger-lines.worker.ts", import.meta.url), options);
  const inbox = messagesOf(worker);
  const first = await inbox.next();
  if (first.type !== "head") {
    await worker.terminate();
    throw unexpected(first);
  }
  return {
    head: first.head,
    async *chunks() {
      for (;;) {
        const message = await inbox.next();
        if (message.type === "done") return message.totals;
        if (message.type !== "chunk") throw unexpected(message);
        worker.postMessage({ type: "more" } satisfies ToWorker);
        yield message.chunk;
      }
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The worker's messages in order, an error or an early exit as a message too. */
function messagesOf(worker: Worker): { next(): Promise<FromWorker> } {
  const queue: FromWorker[] = [];
  let waiting: ((message: FromWorker) => void) | null = null;
  const push = (message: FromWorker) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(message);
    } else queue.push(message);
  };
  worker.on("message", push);
  worker.on("error", (error) =>
    push({ type: "error", error: { message: error.stack ?? error.message } }),
  );
  worker.on("exit", (code) =>
    push({ type: "error", error: { message: `the import worker stopped (exit code ${code})` } }),
  );
  return {
    next: () => {
      const message = queue.shift();
      if (message) return Promise.resolve(message);
      return new Promise((resolve) => (waiting = resolve));
    },
  };
}

function unexpected(message: FromWorker): Error {
  if (message.type !== "error")
    return new Error(`the import worker sent ${message.type} out of turn`);
  const { code, message: text, details } = message.error;
  return code ? new AppError(code, text, details) : new Error(text);
}

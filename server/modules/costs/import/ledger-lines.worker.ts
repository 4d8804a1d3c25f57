// Runs in a worker thread (ledger-worker.ts starts it): reads, maps, checks and writes the
// file's COPY tuples while the main thread COPYs the chunks already made.
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "../../../platform/errors.ts";
import { openLedgerFile } from "./ledger-lines.ts";
import type { FromWorker, ToWorker } from "./ledger-worker.ts";

const port = parentPort!;
const options = (workerData as { data: Parameters<typeof openLedgerFile>[0] }).data;
// Chunks the main thread may hold unacknowledged: one being copied, one waiting. More would
// only hold memory: the reader would run ahead of COPY.
let credits = 2;
let wake: (() => void) | null = null;
port.on("message", (message: ToWorker) => {
  if (message.type === "more") credits++;
  wake?.();
  wake = null;
});
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

async function run(): Promise<void> {
  const file = await openLedgerFile(options);
  send({ type: "head", head: file.head });
  const chunks = file.chunks();
  for (;;) {
    const next = await chunks.next();
    if (next.done) return send({ type: "done", totals: next.value });
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const { data } = next.value;
    send({ type: "chunk", chunk: next.value }, [data.buffer]);
  }
}

run().catch((error: unknown) => {
  const failure =
    error instanceof AppError
      ? { code: error.code, message: error.message, details: error.details }
      : { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  send({ type: "error", error: failure });
});

import { Worker } from "node:worker_threads";

export interface RssSampler {
  /** Stops sampling; resolves to the highest RSS seen, in bytes. */
  stop(): Promise<number>;
}

// CommonJS, evaluated in the worker: RSS is the whole process's, whichever thread asks.
const SAMPLER = `
const { parentPort, workerData } = require("node:worker_threads");
const peak = new Float64Array(workerData.shared);
const tick = () => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; };
tick();
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); tick(); parentPort.postMessage(peak[0]); });
`;

/**
 * Samples `process.memoryUsage().rss` every `intervalMs` from a worker thread. A timer on the
 * main thread would miss the peaks: PGlite's engine runs COPY and the roll-up INSERTs
 * synchronously on the main thread, for seconds at a time. The worker itself adds ~10 MB.
 */
export function startRssSampler(intervalMs = 100): RssSampler {
  const shared = new SharedArrayBuffer(8);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { shared, intervalMs } });
  worker.unref();
  return {
    async stop() {
      const peak = new Promise<number>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      worker.postMessage("stop");
      const bytes = await peak;
      await worker.terminate();
      return Math.max(bytes, process.memoryUsage.rss());
    },
  };
}

// The metric ingest bench's senders, on their own thread: building and sending OTLP exports is
// the clients' work, not the server's, and on PGlite the server's thread also runs the database.
// Started by metric-ingest.ts (startTsWorker) with a Job; posts a Result once the time is up.
import { parentPort, workerData } from "node:worker_threads";
import { sendExport, type Target } from "./metric-bodies.ts";

export interface Job extends Target {
  clients: number;
  seconds: number;
  /** The first sample time (ms); each export is 1 ms after the one before. */
  clock: number;
}

export interface Result {
  samples: number;
  refused: number;
  seconds: number;
  buildingMs: number;
  /** The sample time after the last export. */
  clock: number;
}

async function run(job: Job): Promise<Result> {
  let { clock } = job;
  let samples = 0;
  let refused = 0;
  let buildingMs = 0;
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.clients }, async (_, c) => {
      // Export 0 of each client was the bench's untimed first request.
      for (let n = 1; performance.now() < deadline; n++) {
        const sent = await sendExport(job, c, n, clock++);
        samples += sent.stored;
        refused += sent.refused ? 1 : 0;
        buildingMs += sent.buildingMs;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { samples, refused, seconds, buildingMs, clock };
}

run((workerData as { data: Job }).data).then(
  (result) => parentPort?.postMessage(result),
  (error) => {
    throw error;
  },
);

// The log ingest bench's senders, on their own thread: building and sending request bodies is
// the clients' work, not the server's, and on PGlite the server's thread also runs the database.
// Started by ingest.ts (startTsWorker) with { url, headers, clients, batch, seconds }; posts { sent, refused,
// seconds } once the time is up.
import { parentPort, workerData } from "node:worker_threads";

interface Job {
  url: string;
  headers: Record<string, string>;
  clients: number;
  batch: number;
  seconds: number;
}

const WORDS = ["GET", "POST", "user", "cache", "db", "timeout", "retry", "ok", "slow", "queue"];
function message(i: number) {
  return `${WORDS[i % 10]} /api/items/${i % 1000} status=${i % 2 ? 200 : 500} user=u${i % 5000} took ${i % 997}ms ${WORDS[(i * 7) % 10]}`;
}

async function run({ url, headers, clients, batch, seconds }: Job) {
  let sent = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const body = JSON.stringify(
          Array.from({ length: batch }, (_, j) => ({
            message: message(c * 1_000_003 + n * batch + j),
            level: j % 50 === 0 ? "error" : "info",
            service: `svc-${(c + j) % 8}`,
          })),
        );
        const response = await fetch(url, { method: "POST", headers, body });
        await response.arrayBuffer();
        if (response.status === 200) sent += batch;
        else if (response.status === 429) {
          refused++;
          await new Promise((r) => setTimeout(r, 100));
        } else throw new Error(`ingest answered ${response.status}`);
      }
    }),
  );
  return { sent, refused, seconds: (performance.now() - started) / 1000 };
}

run((workerData as { data: Job }).data).then(
  (result) => parentPort?.postMessage(result),
  (error) => {
    throw error;
  },
);

// Runs in a worker thread (probe-worker.ts starts it): runs probes and times them here, where
// the main thread's stalls (PGlite queries) do not reach. The first message brings the port that
// requests and replies travel on.
import { type MessagePort, parentPort } from "node:worker_threads";
import { failedProbe } from "./probe.ts";
import { runProbe } from "./probe-run.ts";
import type { FromProbeWorker, ToProbeWorker } from "./probe-worker.ts";

parentPort!.once("message", ({ port }: { port: MessagePort }) => {
  const reply = (message: FromProbeWorker) => port.postMessage(message);
  port.on("message", (message: ToProbeWorker) => {
    if (message.type === "alive") return reply({ type: "alive", id: message.id });
    const { id, spec, policy } = message;
    runProbe(spec, policy).then(
      (outcome) => reply({ type: "outcome", id, outcome }),
      (error: unknown) =>
        reply({
          type: "outcome",
          id,
          outcome: failedProbe(error instanceof Error ? error.message : String(error)),
        }),
    );
  });
});

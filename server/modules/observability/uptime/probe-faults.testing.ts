// A probe worker that fails on request, for probe-worker.test.ts: the supervisor's answers to a
// worker that dies or stops answering, which the real worker (probe.worker.ts) never does on
// purpose. Targets: "exit:N" ends the thread with code N, "hang" holds its event loop for good;
// anything else is up after 1 ms.
import { type MessagePort, parentPort } from "node:worker_threads";
import type { FromProbeWorker, ToProbeWorker } from "./probe-worker.ts";

parentPort!.once("message", ({ port }: { port: MessagePort }) => {
  const reply = (message: FromProbeWorker) => port.postMessage(message);
  port.on("message", (message: ToProbeWorker) => {
    if (message.type === "alive") return reply({ type: "alive", id: message.id });
    const { target } = message.spec;
    if (target.startsWith("exit:")) process.exit(Number(target.slice(5)));
    if (target === "hang") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    reply({
      type: "outcome",
      id: message.id,
      outcome: { isUp: true, latencyMs: 1, statusCode: null, error: null, certificateDays: null },
    });
  });
});

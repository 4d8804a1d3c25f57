import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  type Worker,
} from "node:worker_threads";
import { startTsWorker } from "../../../platform/workers/ts-worker.ts";
import { failedProbe, type ProbeOutcome, RETRY_PAUSE_MS } from "./probe.ts";
import type { ProbeSpec } from "./probe-run.ts";
import type { TargetPolicy } from "./target-policy.ts";

export type ToProbeWorker =
  | { type: "probe"; id: number; spec: ProbeSpec; policy: TargetPolicy }
  | { type: "alive"; id: number };
export type FromProbeWorker =
  | { type: "outcome"; id: number; outcome: ProbeOutcome }
  | { type: "alive"; id: number };

/**
 * Probes run in a worker thread, timed there. On the main thread a long PGlite query (it runs
 * synchronously, as WebAssembly) held the event loop for up to seconds, and that stall was
 * measured as the target's latency: false "slow" and "down" results, and false alerts, during
 * cost imports and big searches.
 */
export interface ProbeWorker {
  /** Runs the probe, retries included, in the worker; every failure comes back as an outcome. */
  run(spec: ProbeSpec, policy: TargetPolicy): Promise<ProbeOutcome>;
  /**
   * Stops the worker (server shutdown). Probes in flight are dropped, never answered: a run
   * the job runner gave up waiting for would otherwise record a false "down". A later probe
   * starts a new worker.
   */
  close(): Promise<void>;
}

/**
 * Beyond its timeouts, what an attempt may take before the worker counts as not answering: name
 * lookups (the system resolver's own timeouts), ping's wait for its summary, the worker's start
 * (about a second, more on a busy machine).
 */
const GRACE_MS = 15_000;
/** A worker that has not answered a probe in time gets this long to show it is not stuck. */
const ALIVE_WITHIN_MS = 5_000;

/** How long the main thread waits for a run's outcome: its attempts, pauses and a grace each. */
export function answerDeadlineMs(spec: Pick<ProbeSpec, "retries" | "timeoutMs">): number {
  const attempts = spec.retries + 1;
  return attempts * (spec.timeoutMs + GRACE_MS) + spec.retries * RETRY_PAUSE_MS;
}

/** A reply awaited, or null when none came in time. */
interface Waiter {
  timer: NodeJS.Timeout;
  onReply(reply: FromProbeWorker | null): void;
}

/** One started worker and the replies it owes. */
interface Link {
  thread: Worker;
  port: MessagePort;
  waiting: Map<number, Waiter>;
}

/**
 * A pool of one worker thread, started at the first probe and kept: it holds the process open
 * only while a probe is waiting. A worker that dies fails its probes and the next probe starts
 * another; one that does not answer in time fails the probe, and is replaced if it is stuck.
 * `answerWithinMs` is the main thread's deadline for a run (default `answerDeadlineMs`);
 * `aliveWithinMs` and `script` (the worker's module) are for tests.
 */
export function createProbeWorker(
  options: {
    answerWithinMs?: (spec: ProbeSpec) => number;
    aliveWithinMs?: number;
    script?: URL;
  } = {},
): ProbeWorker {
  const answerWithinMs = options.answerWithinMs ?? answerDeadlineMs;
  const aliveWithinMs = options.aliveWithinMs ?? ALIVE_WITHIN_MS;
  const script = options.script ?? new URL("./probe.worker.ts", import.meta.url);
  let current: Link | undefined;
  let nextId = 0;

  const settle = (link: Link, id: number, reply: FromProbeWorker | null) => {
    const waiter = link.waiting.get(id);
    if (!waiter) return;
    link.waiting.delete(id);
    if (link.waiting.size === 0) {
      link.thread.unref();
      link.port.unref();
    }
    clearTimeout(waiter.timer);
    waiter.onReply(reply);
  };

  /** Sends a message; its reply, or null after `withinMs`, goes to `onReply`. */
  const ask = (
    link: Link,
    message: ToProbeWorker,
    withinMs: number,
    onReply: (reply: FromProbeWorker | null) => void,
  ) => {
    const timer = setTimeout(() => {
      // Replies sent while the main thread was too busy to take them are not late: take them.
      for (let m = receiveMessageOnPort(link.port); m; m = receiveMessageOnPort(link.port)) {
        const reply = m.message as FromProbeWorker;
        settle(link, reply.id, reply);
      }
      settle(link, message.id, null);
    }, withinMs);
    link.waiting.set(message.id, { timer, onReply });
    if (link.waiting.size === 1) {
      link.thread.ref();
      link.port.ref();
    }
    link.port.postMessage(message);
  };

  const stopped = (link: Link, reason: string) => {
    if (current === link) current = undefined;
    for (const id of [...link.waiting.keys()])
      settle(link, id, { type: "outcome", id, outcome: failedProbe(reason) });
    link.port.close();
  };

  const started = (): Link => {
    if (current) return current;
    const thread = startTsWorker(script, null);
    const { port1, port2 } = new MessageChannel();
    // Its own port: receiveMessageOnPort can take a reply the busy main thread has not seen yet.
    thread.postMessage({ port: port2 }, [port2]);
    const link: Link = { thread, port: port1, waiting: new Map() };
    port1.on("message", (reply: FromProbeWorker) => settle(link, reply.id, reply));
    thread.unref();
    port1.unref();
    thread.on("error", (error) => stopped(link, `The probe worker failed: ${error.message}`));
    thread.on("exit", (code) => stopped(link, `The probe worker stopped (exit code ${code})`));
    current = link;
    return link;
  };

  /** After a probe went unanswered: a worker that does not answer this either is stuck. */
  const replaceIfStuck = (link: Link) => {
    if (current !== link) return;
    ask(link, { type: "alive", id: nextId++ }, aliveWithinMs, (reply) => {
      if (reply === null && current === link) void link.thread.terminate();
    });
  };

  return {
    run(spec, policy) {
      const link = started();
      const withinMs = answerWithinMs(spec);
      return new Promise((resolve) => {
        ask(link, { type: "probe", id: nextId++, spec, policy }, withinMs, (reply) => {
          if (reply?.type === "outcome") return resolve(reply.outcome);
          resolve(
            failedProbe(
              `The probe worker did not answer within ${withinMs} ms (a fault of Glass Pane, not of the target)`,
            ),
          );
          replaceIfStuck(link);
        });
      });
    },
    async close() {
      const link = current;
      current = undefined;
      if (!link) return;
      for (const { timer } of link.waiting.values()) clearTimeout(timer);
      link.waiting.clear();
      await link.thread.terminate();
    },
  };
}

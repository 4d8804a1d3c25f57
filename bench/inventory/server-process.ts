// The Glass Pane server for the inventory bench, run the way `npm start` runs it: built by the
// same build (scripts/build-server.ts, so never stale) and started as
// `node dist/server/glasspane.js serve` in a process of its own, whose memory is the server's.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { buildServer, SERVER_ENTRY } from "../../scripts/build-server.ts";
import { callApi } from "../../test/support/process.ts";
import { currentRss, peakRss, resetPeakRss } from "./peak-rss.ts";

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  /** CPU seconds (user + system) of the server process since it started. */
  cpuSeconds: number;
}

const SOURCE_ENTRY = fileURLToPath(new URL("../../bin/glasspane.mjs", import.meta.url));

/**
 * Builds and starts the server on a free port; resolves once /readyz answers. `fromSource` runs
 * it through tsx's loader instead (`node bin/glasspane.mjs serve`), for comparison.
 */
export async function startServerProcess(env: Record<string, string>, { fromSource = false } = {}) {
  if (!fromSource) await buildServer();
  const child = spawn(process.execPath, [fromSource ? SOURCE_ENTRY : SERVER_ENTRY, "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await listeningUrl(child);
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    url,
    /** POST /api/<operation> with JSON, as any API client does. */
    async call<T>(operation: string, input: unknown, token?: string): Promise<T> {
      const { status, body } = await callApi(url, operation, input, token);
      if (status >= 400) throw new Error(`${operation}: ${status} ${JSON.stringify(body)}`);
      return body as T;
    },
    /** RSS from /proc; heap, external and CPU from the server's own /metrics. */
    async memory(): Promise<ServerMemory> {
      const text = await (await fetch(`${url}/metrics`)).text();
      const metric = (name: string) =>
        Number(new RegExp(`^glasspane_${name} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);
      return {
        rss: currentRss(pid),
        heapUsed: metric("nodejs_heap_size_used_bytes"),
        external: metric("nodejs_external_memory_bytes"),
        cpuSeconds: metric("process_cpu_seconds_total"),
      };
    },
    peakRss: () => peakRss(pid),
    resetPeakRss: () => resetPeakRss(pid),
    /** SIGTERM: the server finishes its jobs and closes the database. */
    stop: () => signal(child, "SIGTERM"),
    /** SIGKILL: for a data dir or database that is thrown away next. */
    kill: () => signal(child, "SIGKILL"),
  };
}

async function signal(child: ChildProcess, name: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(name);
  await exited;
}

/** The URL from the server's "listening" log line (PORT=0 picks a free port). */
async function listeningUrl(child: ChildProcess): Promise<string> {
  let output: string | undefined = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (output === undefined) return; // the log is drained, not kept
      output += chunk.toString();
      const port = /Glass Pane is listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) {
        output = undefined;
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../ingest/ingest.testkit.ts";

/*
 * Debian's real prometheus (/usr/bin/prometheus) for parity tests: it scrapes itself (and any
 * other targets) every second and remote-writes to Glass Pane, and answers PromQL over its own
 * TSDB. It can be restarted on the same data directory, which resets its own counters as a
 * process restart does, while its TSDB keeps the samples from before.
 */

export const PROMETHEUS_BIN = "/usr/bin/prometheus";

export interface RunningPrometheus {
  url: string;
  /** SIGTERM, then start again on the same configuration and data. */
  restart(): Promise<void>;
  close(): Promise<void>;
  /** A PromQL range query: each series' points as [epoch seconds, value]. */
  queryRange(
    query: string,
    range: { start: number; end: number; step: number },
  ): Promise<Array<{ metric: Record<string, string>; values: Array<[number, number]> }>>;
}

export async function startPrometheus(options: {
  /** Glass Pane's remote_write URL and the ingest key sent as its bearer token. */
  remoteWrite: { url: string; key: string };
  /** Further targets scraped under job "other" (host:port). */
  targets?: string[];
}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), "gp-promql-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = path.join(dir, "prometheus.yml");
  writeFileSync(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "scrape_configs:",
      "  - job_name: prom",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${port}"]`,
      ...(options.targets?.length
        ? [
            "  - job_name: other",
            "    static_configs:",
            `      - targets: [${options.targets.map((t) => `"${t}"`).join(", ")}]`,
          ]
        : []),
      "remote_write:",
      `  - url: ${options.remoteWrite.url}`,
      "    authorization:",
      `      credentials: ${options.remoteWrite.key}`,
      "    queue_config:",
      "      batch_send_deadline: 1s",
      "",
    ].join("\n"),
  );
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error("prometheus did not become ready");
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const running = child as ChildProcess | null;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  // Its scrape manager applies the targets ~5 s after start: wait for its first scrape.
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${url}/api/v1/query?query=up`).then((r) => r.text())).includes('"up"')) {
    if (Date.now() > deadline) throw new Error("prometheus did not scrape itself");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async queryRange(query, { start, end, step }) {
      const params = new URLSearchParams({
        query,
        start: String(start),
        end: String(end),
        step: String(step),
      });
      const response = await fetch(`${url}/api/v1/query_range?${params}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data: {
          result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
        };
      };
      if (body.status !== "success") throw new Error(`PromQL ${query}: ${body.error}`);
      return body.data.result.map((s) => ({
        metric: s.metric,
        values: s.values.map(([t, v]) => [t, Number(v)] as [number, number]),
      }));
    },
  };
}

/**
 * Requests to Prometheus' HTTP API at a steady pace until stopped, so that its request
 * counters and histograms move: each tick sends one of `paths` in turn. At most `inFlight`
 * wait at once (a slow machine sends fewer rather than piling up); failures (while Prometheus
 * restarts) are ignored.
 */
export function loadOn(url: string, paths: string[], perSecond: number, inFlight = 4) {
  let pending = 0;
  let sent = 0;
  let i = 0;
  const timer = setInterval(() => {
    if (pending >= inFlight) return;
    const path = paths[i++ % paths.length]!;
    pending++;
    fetch(`${url}${path}`)
      .then((r) => r.arrayBuffer())
      .then(
        () => sent++,
        () => undefined,
      )
      .finally(() => pending--);
  }, 1000 / perSecond);
  return {
    get sent() {
      return sent;
    },
    async stop() {
      clearInterval(timer);
      while (pending > 0) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

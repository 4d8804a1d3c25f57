import { spawn } from "node:child_process";
import { freePort, waitForPort } from "./sshd.ts";

/**
 * A real Prometheus node_exporter (Debian prometheus-node-exporter) on a free loopback port.
 * Only a few cheap collectors run (cpu, meminfo, loadavg, uname, filesystem, netdev): the
 * defaults include slow ones (e.g. systemd over D-Bus) the tests do not need.
 */
export interface RunningNodeExporter {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const NODE_EXPORTER_BIN = "/usr/bin/prometheus-node-exporter";

export async function startNodeExporter(): Promise<RunningNodeExporter> {
  const port = await freePort();
  const child = spawn(
    NODE_EXPORTER_BIN,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      "--collector.disable-defaults",
      "--collector.cpu",
      "--collector.meminfo",
      "--collector.loadavg",
      "--collector.uname",
      "--collector.filesystem",
      "--collector.netdev",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr.on("data", (c) => {
    log += c;
  });
  await waitForPort(port, `node_exporter (${log})`);
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    port,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

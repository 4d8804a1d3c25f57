// Real local servers for the health-check tests: HTTP, HTTPS with a certificate made by the
// openssl CLI, a TCP listener and dnsmasq as the name server (Debian: dnsmasq-base).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http, { type RequestListener } from "node:http";
import https from "node:https";
import { type AddressInfo, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** A self-signed certificate for localhost and 127.0.0.1, valid for `days`. */
export function selfSignedCertificate(days: number): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "gp-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
        "-days",
        String(days),
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(path.join(dir, "key.pem"), "utf8"),
      cert: readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(server: http.Server | Server): Promise<Listening> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export const startHttp = (handler: RequestListener) => listen(http.createServer(handler));
export const startHttps = (tls: { key: string; cert: string }, handler: RequestListener) =>
  listen(https.createServer(tls, handler));

// Plain JavaScript, so it runs in a worker thread without a TypeScript loader.
const OFF_THREAD_HTTP = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const seen = new Int32Array(workerData.seen);
const server = http.createServer((req, res) => {
  Atomics.add(seen, 0, 1);
  const holdMs = Number(new URL(req.url, "http://x").searchParams.get("holdMs") ?? 0);
  setTimeout(() => res.end("ok"), holdMs);
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

export interface OffThreadHttp extends Listening {
  /** Requests received so far, readable while the test's thread is blocked. */
  requestCount(): number;
}

/**
 * An HTTP server in a worker thread of its own, answering after `?holdMs=` milliseconds: it
 * keeps answering while the test blocks its own thread (a server on that thread would stall too).
 */
export async function startHttpOffThread(): Promise<OffThreadHttp> {
  const seen = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(OFF_THREAD_HTTP, { eval: true, workerData: { seen: seen.buffer } });
  const port = await new Promise<number>((resolve, reject) => {
    thread.once("message", resolve);
    thread.once("error", reject);
  });
  return {
    port,
    requestCount: () => Atomics.load(seen, 0),
    close: async () => {
      await thread.terminate();
    },
  };
}

/** A TCP listener that accepts and closes connections. */
export const startTcp = () => listen(createServer((socket) => socket.end()));

/** A port that was free a moment ago (UDP and TCP both bound and released). */
async function freePort(): Promise<number> {
  const tcp = await listen(createServer());
  const udp = createSocket("udp4");
  const isFree = await new Promise<boolean>((resolve) => {
    udp.once("error", () => resolve(false));
    udp.bind(tcp.port, "127.0.0.1", () => resolve(true));
  });
  udp.close();
  await tcp.close();
  return isFree ? tcp.port : freePort();
}

export interface NameServer {
  /** host:port to give a DNS check. */
  address: string;
  stop(): Promise<void>;
}

/**
 * dnsmasq answering only from its command line (no upstream, no /etc/hosts) on a free loopback
 * port. `records` are dnsmasq options such as `--host-record=app.example.test,192.0.2.10`.
 */
export async function startDnsmasq(records: string[]): Promise<NameServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "dnsmasq",
    [
      "--keep-in-foreground",
      "--no-daemon",
      `--port=${port}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      "--no-resolv",
      "--no-hosts",
      "--pid-file=",
      "--user=root",
      "--log-facility=-",
      ...records,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error) =>
      reject(new Error(`dnsmasq did not start (${error.message}): apt-get install dnsmasq-base`)),
    );
    child.once("exit", (code) => reject(new Error(`dnsmasq exited with ${code}: ${stderr}`)));
    const wait = () => (stderr.includes("started") ? resolve() : setTimeout(wait, 20));
    wait();
  });
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

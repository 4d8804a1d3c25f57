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

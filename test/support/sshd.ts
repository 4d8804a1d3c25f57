import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

/**
 * A real OpenSSH server (Debian openssh-server, /usr/sbin/sshd) on a free loopback port, for the
 * hosts connector's tests. It runs in the foreground (-D -e) as the current user with its own
 * temporary host key and authorized_keys, without PAM, and is stopped by `close()`.
 */
export interface RunningSshd {
  host: "127.0.0.1";
  port: number;
  user: string;
  /** OpenSSH private key (ed25519) that authorized_keys accepts. */
  clientKey: string;
  /** Another ed25519 key the server does not accept. */
  strangerKey: string;
  /** `SHA256:…` of the server's host key, as ssh-keygen -l prints it. */
  hostKeyFingerprint: string;
  /** Replaces the host key and restarts sshd on the same port (a "reinstalled" server). */
  changeHostKey(): Promise<void>;
  output(): string;
  close(): Promise<void>;
}

export const SSHD_BIN = "/usr/sbin/sshd";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const keygen = (file: string) =>
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "glasspane-test", "-f", file]);
const fingerprintOf = (pubFile: string) =>
  execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", pubFile]).toString().split(" ")[1]!;

export async function startSshd(): Promise<RunningSshd> {
  const dir = mkdtempSync(path.join(tmpdir(), "gp-sshd-"));
  const hostKey = path.join(dir, "host_ed25519");
  const client = path.join(dir, "client_ed25519");
  const stranger = path.join(dir, "stranger_ed25519");
  for (const file of [hostKey, client, stranger]) keygen(file);
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(`${client}.pub`));
  // sshd refuses to start without its privilege-separation directory, which Debian creates only
  // when the service is started by systemd; creating it is harmless and idempotent.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PidFile none",
      "UsePAM no",
      "StrictModes no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      "PermitRootLogin prohibit-password",
      "LogLevel VERBOSE",
      "",
    ].join("\n"),
  );
  let log = "";
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(SSHD_BIN, ["-D", "-e", "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (c) => {
      log += c;
    });
    child.stderr?.on("data", (c) => {
      log += c;
    });
    await waitForPort(port, `sshd (${log})`);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  const sshd: RunningSshd = {
    host: "127.0.0.1",
    port,
    user: userInfo().username,
    clientKey: readFileSync(client, "utf8"),
    strangerKey: readFileSync(stranger, "utf8"),
    hostKeyFingerprint: fingerprintOf(`${hostKey}.pub`),
    async changeHostKey() {
      await stop();
      rmSync(hostKey);
      rmSync(`${hostKey}.pub`);
      keygen(hostKey);
      sshd.hostKeyFingerprint = fingerprintOf(`${hostKey}.pub`);
      await start();
    },
    output: () => log,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return sshd;
}

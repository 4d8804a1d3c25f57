import { createHash } from "node:crypto";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Client } from "ssh2";
import type { HostKeyStore } from "../types.ts";
import type { HostCredentials } from "./credentials.ts";

/** A host key as OpenSSH prints it: `ssh-ed25519`, `SHA256:<base64 without padding>`. */
export interface HostKey {
  keyType: string;
  fingerprint: string;
  /** True when this connection recorded it (first use); false when it matched the record. */
  isNew: boolean;
  firstSeenAt: Date;
}

export class HostKeyChangedError extends Error {
  constructor(where: string, recorded: string, offered: string, since: Date) {
    super(
      `The SSH host key of ${where} has changed: recorded ${recorded} on ${since.toISOString().slice(0, 10)}, ` +
        `now offered ${offered}. Glass Pane refuses to connect: this is what a man-in-the-middle looks ` +
        `like. If the host was reinstalled, check the new key on the host and reset the recorded one.`,
    );
    this.name = "HostKeyChangedError";
  }
}

/** The key blob starts with its type as an SSH string (uint32 length, then the name). */
function keyTypeOf(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  return length > 0 && length < 64 ? blob.subarray(4, 4 + length).toString("latin1") : "unknown";
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The address to connect to; every address of the answer is checked, the first one used. */
async function addressOf(host: string, refuse?: (address: string) => string | null) {
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (error) {
      throw new Error(
        `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
  }
  for (const address of addresses) {
    const reason = refuse?.(address);
    if (reason) throw new Error(`${host}: ${reason}`);
  }
  if (!addresses[0]) throw new Error(`${host} has no address`);
  return addresses[0];
}

export interface SshSession {
  hostKey: HostKey;
  /** Runs a command; resolves with its stdout (stderr is dropped), rejects on a non-zero exit. */
  exec(command: string, signal: AbortSignal): Promise<string>;
  close(): void;
}

const READY_TIMEOUT_MS = 15_000;
const MAX_OUTPUT = 1024 * 1024;

/**
 * Opens an SSH session with key authentication. The host key is checked against the record
 * (trust on first use): none recorded yet → recorded now; a different one → refused with
 * HostKeyChangedError before any credential is sent.
 */
export async function openSshSession(
  credentials: HostCredentials,
  options: {
    hostKeys?: HostKeyStore;
    refuseAddress?: (address: string) => string | null;
    signal: AbortSignal;
  },
): Promise<SshSession> {
  const address = await addressOf(credentials.host, options.refuseAddress);
  const where = `${credentials.host}:${credentials.port}`;
  const recorded = (await options.hostKeys?.get()) ?? null;
  const client = new Client();
  let hostKey: HostKey | null = null;
  let refusal: Error | null = null;
  return new Promise<SshSession>((resolve, reject) => {
    const onAbort = () => {
      client.end();
      reject(options.signal.reason);
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    client.once("ready", () => {
      options.signal.removeEventListener("abort", onAbort);
      resolve({
        hostKey: hostKey!,
        exec: (cmd, signal) => execOn(client, cmd, signal),
        close: () => client.end(),
      });
    });
    client.once("error", (error: Error & { level?: string }) => {
      options.signal.removeEventListener("abort", onAbort);
      if (refusal) return reject(refusal);
      if (error.level === "client-authentication")
        return reject(
          new Error(
            `SSH authentication failed for ${credentials.user}@${where}: the server did not accept the key (check authorized_keys for this user)`,
          ),
        );
      reject(new Error(`SSH connection to ${where} failed: ${error.message}`, { cause: error }));
    });
    client.connect({
      host: address,
      port: credentials.port,
      username: credentials.user,
      privateKey: credentials.privateKey,
      passphrase: credentials.passphrase,
      readyTimeout: READY_TIMEOUT_MS,
      hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
        const keyType = keyTypeOf(blob);
        const fingerprint = fingerprintOf(blob);
        if (recorded) {
          if (recorded.fingerprint !== fingerprint) {
            refusal = new HostKeyChangedError(
              where,
              recorded.fingerprint,
              fingerprint,
              recorded.firstSeenAt,
            );
            return verify(false);
          }
          hostKey = { keyType, fingerprint, isNew: false, firstSeenAt: recorded.firstSeenAt };
          return verify(true);
        }
        hostKey = { keyType, fingerprint, isNew: true, firstSeenAt: new Date() };
        const store = options.hostKeys;
        if (!store) return verify(true);
        store.record({ keyType, fingerprint, host: credentials.host, port: credentials.port }).then(
          () => verify(true),
          (error: unknown) => {
            refusal = error instanceof Error ? error : new Error(String(error));
            verify(false);
          },
        );
      },
    });
  });
}

function execOn(client: Client, command: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      let out = "";
      const onAbort = () => {
        stream.close();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      stream.on("data", (chunk: Buffer) => {
        if (out.length < MAX_OUTPUT) out += chunk.toString("utf8");
      });
      stream.stderr.on("data", () => {});
      stream.on("close", (code: number | null) => {
        signal.removeEventListener("abort", onAbort);
        if (code === 0 || code === null) resolve(out);
        else reject(new Error(`\`${command.split("\n")[0]}\` exited with ${code}`));
      });
    });
  });
}

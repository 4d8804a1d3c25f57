import { lookup } from "node:dns/promises";
import { isIP, Socket } from "node:net";
import type { ProbeOutcome } from "./probe.ts";
import { isAddressRefused, refusalReason, type TargetPolicy } from "./target-policy.ts";

/** host:port, with IPv6 in brackets ([::1]:5432). */
export function parseHostPort(target: string): { host: string; port: number } | null {
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(target) ?? /^([^:\s/]+):(\d{1,5})$/.exec(target);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return null;
  return { host: match[1]!, port };
}

/**
 * The address to connect to, checked against the workspace's policy. Every address of the
 * answer is checked (as the HTTP client does) and the one checked is the one used.
 */
export async function resolveAllowed(
  host: string,
  policy: TargetPolicy,
): Promise<{ address: string } | { error: string }> {
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (error) {
      return {
        error: `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? error})`,
      };
    }
  }
  const isRefused = isAddressRefused(policy);
  const bad = addresses.find(isRefused);
  if (bad) return { error: `${host}: ${refusalReason(bad, policy)}` };
  const first = addresses[0];
  return first ? { address: first } : { error: `${host} has no address` };
}

const failed = (error: string, latencyMs: number | null = null): ProbeOutcome => ({
  isUp: false,
  latencyMs,
  statusCode: null,
  certificateDays: null,
  error,
});

/** Opens a TCP connection and closes it: up when the handshake completes in time. */
export async function probeTcp(
  target: string,
  settings: { maxLatencyMs?: number | undefined },
  timeoutMs: number,
  policy: TargetPolicy,
): Promise<ProbeOutcome> {
  const parsed = parseHostPort(target);
  if (!parsed) return failed(`${target} is not host:port`);
  const resolved = await resolveAllowed(parsed.host, policy);
  if ("error" in resolved) return failed(resolved.error);
  const started = performance.now();
  const error = await new Promise<string | null>((resolve) => {
    const socket = new Socket();
    const done = (result: string | null) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(`No connection within ${timeoutMs} ms`));
    socket.once("connect", () => done(null));
    socket.once("error", (e: NodeJS.ErrnoException) => done(`${e.code ?? "error"}: ${e.message}`));
    socket.connect(parsed.port, resolved.address);
  });
  const latencyMs = Math.round(performance.now() - started);
  if (error) return failed(error, latencyMs);
  if (settings.maxLatencyMs !== undefined && latencyMs > settings.maxLatencyMs)
    return failed(`${latencyMs} ms is slower than ${settings.maxLatencyMs} ms`, latencyMs);
  return { isUp: true, latencyMs, statusCode: null, certificateDays: null, error: null };
}

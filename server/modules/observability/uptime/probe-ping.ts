import { execFile } from "node:child_process";
import { isIPv6 } from "node:net";
import type { PingSettings } from "./checks.zod.ts";
import type { ProbeOutcome } from "./probe.ts";
import { resolveAllowed } from "./probe-net.ts";
import type { TargetPolicy } from "./target-policy.ts";

/**
 * ICMP echo through the system's `ping` (iputils): Node has no raw sockets, and iputils holds the
 * capability (or uses the kernel's unprivileged ICMP sockets) so the server needs no root. The
 * address is resolved and checked against the workspace's policy here, and `ping` is given
 * that address only (-n: no name lookups of its own), so what is checked is what is pinged.
 */

/** What one `ping` run printed, read from its summary lines. */
export interface PingSummary {
  transmitted: number;
  received: number;
  /** Average round trip in ms, when any reply came back. */
  averageMs: number | null;
}

/** Reads iputils' summary ("3 packets transmitted, 2 received, …" and "rtt min/avg/max/mdev"). */
export function parsePingOutput(output: string): PingSummary | null {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
  if (!counts) return null;
  const rtt = /= [\d.]+\/([\d.]+)\/[\d.]+\/[\d.]+ ms/.exec(output);
  return {
    transmitted: Number(counts[1]),
    received: Number(counts[2]),
    averageMs: rtt ? Number(rtt[1]) : null,
  };
}

const down = (error: string, latencyMs: number | null = null): ProbeOutcome => ({
  isUp: false,
  latencyMs,
  statusCode: null,
  certificateDays: null,
  error,
});

interface PingRun {
  stdout: string;
  stderr: string;
  missing: boolean;
}

function runPing(args: string[], timeoutMs: number): Promise<PingRun> {
  return new Promise((resolve) => {
    // A hard stop in case it hangs on a socket; SIGINT, on which iputils still prints its summary.
    execFile(
      "ping",
      args,
      {
        timeout: timeoutMs,
        killSignal: "SIGINT",
        env: { LC_ALL: "C", PATH: process.env.PATH ?? "" },
      },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        resolve({ stdout, stderr, missing: code === "ENOENT" });
      },
    );
  });
}

const INTERVAL_MS = 200;
/** Past the last request's wait, ping is stopped (it prints its summary then). */
const HANG_MS = 2_000;

const deadlineOf = (timeoutMs: number) => Math.max(1, Math.ceil(timeoutMs / 1000));

/** The arguments `ping` is run with for an address already checked against the policy. */
export function pingArgs(address: string, count: number, timeoutMs: number): string[] {
  return [
    ...(isIPv6(address) ? ["-6"] : ["-4"]),
    "-n",
    "-q",
    ["-c", String(count)],
    // 0.2 s is the shortest interval iputils allows an unprivileged user.
    ["-i", `${INTERVAL_MS / 1000}`],
    // -W: how long to wait for a reply. No -w deadline: with one, iputils sends until `count`
    // replies come back, so a lossy host got up to 5 requests a second and loss was judged
    // against those. Without it exactly `count` are sent, then the last is waited for.
    ["-W", String(deadlineOf(timeoutMs))],
    address,
  ].flat();
}

/** Sends `count` echo requests to the target; up when enough replies come back in time. */
export async function probePing(
  target: string,
  settings: PingSettings,
  timeoutMs: number,
  policy: TargetPolicy,
): Promise<ProbeOutcome> {
  const resolved = await resolveAllowed(target.replace(/^\[(.*)\]$/, "$1"), policy);
  if ("error" in resolved) return down(resolved.error);
  const deadlineSeconds = deadlineOf(timeoutMs);
  const args = pingArgs(resolved.address, settings.count, timeoutMs);
  const run = await runPing(
    args,
    (settings.count - 1) * INTERVAL_MS + deadlineSeconds * 1000 + HANG_MS,
  );
  if (run.missing)
    return down(
      "ping is not installed on the Glass Pane server (Debian: apt-get install iputils-ping)",
    );
  const summary = parsePingOutput(run.stdout);
  if (!summary) {
    const reason = (run.stderr || run.stdout).trim().split("\n")[0] || "ping gave no summary";
    return down(`ping ${target}: ${reason}`);
  }
  return judgePing(summary, settings, deadlineSeconds);
}

/**
 * Up or down from what `ping` reported, against the check's loss and latency limits. Loss is
 * counted against the `count` requests the check sends (one not sent, as when ping was stopped,
 * is one lost).
 */
export function judgePing(
  summary: PingSummary,
  settings: Pick<PingSettings, "count" | "maxLossPercent" | "maxLatencyMs">,
  deadlineSeconds: number,
): ProbeOutcome {
  // Stored as whole milliseconds, like the other probes' latencies.
  const latencyMs = summary.averageMs === null ? null : Math.round(summary.averageMs);
  const received = Math.min(summary.received, settings.count);
  if (received === 0)
    return down(`No reply to ${settings.count} echo requests within ${deadlineSeconds} s`);
  const lossPercent = (100 * (settings.count - received)) / settings.count;
  if (settings.maxLossPercent !== undefined && lossPercent > settings.maxLossPercent)
    return down(
      `${Math.round(lossPercent)} % of echo requests lost (more than ${settings.maxLossPercent} %)`,
      latencyMs,
    );
  if (
    settings.maxLatencyMs !== undefined &&
    latencyMs !== null &&
    latencyMs > settings.maxLatencyMs
  )
    return down(`${latencyMs} ms is slower than ${settings.maxLatencyMs} ms`, latencyMs);
  return { isUp: true, latencyMs, statusCode: null, certificateDays: null, error: null };
}

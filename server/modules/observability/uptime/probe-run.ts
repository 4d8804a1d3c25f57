import type { DnsSettings, HttpSettings, PingSettings, TcpSettings } from "./checks.zod.ts";
import { type ProbeOutcome, withRetries } from "./probe.ts";
import { probeDns } from "./probe-dns.ts";
import { probeHttp } from "./probe-http.ts";
import { probeTcp } from "./probe-net.ts";
import { probePing } from "./probe-ping.ts";
import type { TargetPolicy } from "./target-policy.ts";

/**
 * What a probe needs of its check, settings parsed: plain data, so it can be posted to the probe
 * worker thread (probe-worker.ts).
 */
export type ProbeSpec = { target: string; timeoutMs: number; retries: number } & (
  | { kind: "http"; settings: HttpSettings }
  | { kind: "tcp"; settings: TcpSettings }
  | { kind: "dns"; settings: DnsSettings }
  | { kind: "ping"; settings: PingSettings }
);

/** Runs the probe of the spec's kind, with its retries. */
export function runProbe(spec: ProbeSpec, policy: TargetPolicy): Promise<ProbeOutcome> {
  const run = () => {
    switch (spec.kind) {
      case "http":
        return probeHttp(spec.target, spec.settings, spec.timeoutMs, policy);
      case "tcp":
        return probeTcp(spec.target, spec.settings, spec.timeoutMs, policy);
      case "ping":
        return probePing(spec.target, spec.settings, spec.timeoutMs, policy);
      case "dns":
        return probeDns(spec.target, spec.settings, spec.timeoutMs, policy);
    }
  };
  return withRetries(spec.retries, run);
}

import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { DnsSettings } from "./checks.zod.ts";
import type { ProbeOutcome } from "./probe.ts";
import { parseHostPort, resolveAllowed } from "./probe-net.ts";
import type { TargetPolicy } from "./target-policy.ts";

const normalise = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

/** The answers of one query, as comparable strings. */
async function query(resolver: Resolver, name: string, type: DnsSettings["recordType"]) {
  switch (type) {
    case "A":
      return resolver.resolve4(name);
    case "AAAA":
      return resolver.resolve6(name);
    case "CNAME":
      return resolver.resolveCname(name);
    case "NS":
      return resolver.resolveNs(name);
    case "MX":
      return (await resolver.resolveMx(name)).map((r) => r.exchange);
    case "TXT":
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  }
}

/** "host" or "host:port" (IPv6 as [addr]:port or bare) → the server string c-ares takes. */
async function nameServer(raw: string, policy: TargetPolicy) {
  const withPort = parseHostPort(raw);
  const host = withPort?.host ?? raw.replace(/^\[|\]$/g, "");
  const port = withPort?.port ?? 53;
  const resolved = await resolveAllowed(host, policy);
  if ("error" in resolved) return resolved;
  const address = resolved.address;
  return { server: isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}` };
}

/** Resolves the name (at the chosen name server) and looks for the expected answer. */
export async function probeDns(
  target: string,
  settings: DnsSettings,
  timeoutMs: number,
  policy: TargetPolicy,
): Promise<ProbeOutcome> {
  const outcome = (isUp: boolean, error: string | null, latencyMs: number | null) => ({
    isUp,
    error,
    latencyMs,
    statusCode: null,
    certificateDays: null,
  });
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (settings.resolver) {
    const server = await nameServer(settings.resolver, policy);
    if ("error" in server) return outcome(false, server.error, null);
    resolver.setServers([server.server]);
  }
  const started = performance.now();
  let answers: string[];
  try {
    answers = await query(resolver, target, settings.recordType);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return outcome(
      false,
      `${settings.recordType} ${target}: ${code}`,
      Math.round(performance.now() - started),
    );
  }
  const latencyMs = Math.round(performance.now() - started);
  if (answers.length === 0) return outcome(false, `No ${settings.recordType} record`, latencyMs);
  if (settings.expected && !answers.some((a) => normalise(a) === normalise(settings.expected!)))
    return outcome(
      false,
      `${settings.recordType} ${target} is ${answers.join(", ")}, not ${settings.expected}`,
      latencyMs,
    );
  if (settings.maxLatencyMs !== undefined && latencyMs > settings.maxLatencyMs)
    return outcome(false, `${latencyMs} ms is slower than ${settings.maxLatencyMs} ms`, latencyMs);
  return outcome(true, null, latencyMs);
}

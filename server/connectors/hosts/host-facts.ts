import { parseExposition } from "../../modules/observability/scrape/exposition.ts";
import type { OutboundHttp } from "../../platform/http/outbound.ts";

/**
 * One POSIX sh script gathers every fact in one round trip; sections are marked with `@@name`.
 * Only world-readable sources: no sudo needed. The package count is dpkg's installed packages
 * (status "ii") or rpm's, whichever the host has.
 */
export const FACTS_SCRIPT = [
  "printf '@@os\\n'; cat /etc/os-release 2>/dev/null",
  "printf '@@kernel\\n'; uname -r",
  "printf '@@arch\\n'; uname -m",
  "printf '@@hostname\\n'; cat /proc/sys/kernel/hostname 2>/dev/null || uname -n",
  "printf '@@uptime\\n'; cat /proc/uptime 2>/dev/null",
  "printf '@@cpus\\n'; getconf _NPROCESSORS_ONLN 2>/dev/null || grep -c ^processor /proc/cpuinfo",
  "printf '@@meminfo\\n'; grep MemTotal /proc/meminfo 2>/dev/null",
  "printf '@@packages\\n'",
  // dpkg-query's own ${field} syntax, not a template placeholder.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell text run on the host
  "if command -v dpkg-query >/dev/null 2>&1; then echo dpkg; dpkg-query -W -f='${db:Status-Abbrev}\\n' 2>/dev/null | grep -c '^ii';",
  "elif command -v rpm >/dev/null 2>&1; then echo rpm; rpm -qa 2>/dev/null | wc -l;",
  "else echo none; fi",
  "true",
].join("\n");

export interface SshFacts {
  os: { id: string | null; name: string | null; version: string | null; prettyName: string | null };
  kernel: string | null;
  architecture: string | null;
  hostname: string | null;
  uptimeSeconds: number | null;
  bootedAt: string | null;
  cpuCount: number | null;
  memoryTotalBytes: number | null;
  packages: { manager: "dpkg" | "rpm"; count: number } | null;
}

/** KEY=value lines, values optionally quoted (os-release(5)). */
function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    out[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  }
  return out;
}

const intOrNull = (raw: string | undefined) => {
  const n = Number.parseInt(raw ?? "", 10);
  return Number.isFinite(n) ? n : null;
};

export function parseFacts(output: string, now = new Date()): SshFacts {
  const sections = new Map<string, string>();
  for (const part of output.split(/^@@/m).slice(1)) {
    const newline = part.indexOf("\n");
    const name = newline < 0 ? part.trim() : part.slice(0, newline).trim();
    sections.set(name, newline < 0 ? "" : part.slice(newline + 1).trim());
  }
  const first = (name: string) => sections.get(name)?.split("\n")[0]?.trim() || null;
  const os = parseOsRelease(sections.get("os") ?? "");
  const uptime = Number.parseFloat(first("uptime")?.split(/\s+/)[0] ?? "");
  const memKb = /MemTotal:\s+(\d+)\s*kB/i.exec(sections.get("meminfo") ?? "");
  const [manager, count] = (sections.get("packages") ?? "").split("\n").map((l) => l.trim());
  return {
    os: {
      id: os.ID ?? null,
      name: os.NAME ?? null,
      version: os.VERSION_ID ?? null,
      prettyName: os.PRETTY_NAME ?? null,
    },
    kernel: first("kernel"),
    architecture: first("arch"),
    hostname: first("hostname"),
    uptimeSeconds: Number.isFinite(uptime) ? Math.floor(uptime) : null,
    bootedAt: Number.isFinite(uptime)
      ? new Date(now.getTime() - Math.floor(uptime) * 1000).toISOString()
      : null,
    cpuCount: intOrNull(first("cpus") ?? undefined),
    memoryTotalBytes: memKb ? Number(memKb[1]) * 1024 : null,
    packages:
      (manager === "dpkg" || manager === "rpm") && intOrNull(count) !== null
        ? { manager, count: intOrNull(count)! }
        : null,
  };
}

export interface NodeExporterFacts {
  url: string;
  reachable: boolean;
  error: string | null;
  samples: number | null;
  version: string | null;
  cpuCount: number | null;
  memoryTotalBytes: number | null;
  bootedAt: string | null;
  filesystemBytes: number | null;
}

/** Fetches node_exporter's /metrics once (through outbound.ts) and reads a few facts from it. */
export async function nodeExporterFacts(
  http: OutboundHttp,
  url: string,
  signal: AbortSignal,
): Promise<NodeExporterFacts> {
  const none = {
    samples: null,
    version: null,
    cpuCount: null,
    memoryTotalBytes: null,
    bootedAt: null,
    filesystemBytes: null,
  };
  try {
    const response = await http.request(url, {
      headers: { accept: "text/plain;version=0.0.4" },
      timeoutMs: 10_000,
      maxResponseBytes: 16 * 1024 * 1024,
      signal,
    });
    if (response.status !== 200)
      return { url, reachable: false, error: `HTTP ${response.status}`, ...none };
    const samples = parseExposition(response.body.toString("utf8"));
    const value = (name: string) => samples.find((s) => s.name === name)?.value ?? null;
    const cpus = new Set(
      samples.filter((s) => s.name === "node_cpu_seconds_total").map((s) => s.labels.cpu),
    );
    const boot = value("node_boot_time_seconds");
    const fsBytes = samples
      .filter(
        (s) =>
          s.name === "node_filesystem_size_bytes" &&
          !/^(tmpfs|overlay|squashfs)$/.test(s.labels.fstype ?? ""),
      )
      .reduce((sum, s) => sum + s.value, 0);
    return {
      url,
      reachable: true,
      error: null,
      samples: samples.length,
      version: samples.find((s) => s.name === "node_exporter_build_info")?.labels.version ?? null,
      cpuCount: cpus.size || null,
      memoryTotalBytes: value("node_memory_MemTotal_bytes"),
      bootedAt: boot ? new Date(boot * 1000).toISOString() : null,
      filesystemBytes: fsBytes || null,
    };
  } catch (error) {
    return {
      url,
      reachable: false,
      error: error instanceof Error ? error.message : String(error),
      ...none,
    };
  }
}

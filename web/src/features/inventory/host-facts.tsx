import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { elapsed } from "../../lib/format.ts";

/** The attributes the hosts connector records (server/connectors/hosts/host-facts.ts). */
interface HostAttributes {
  os?: { prettyName?: string | null; name?: string | null; version?: string | null };
  kernel?: string | null;
  architecture?: string | null;
  hostname?: string | null;
  uptimeSeconds?: number | null;
  cpuCount?: number | null;
  memoryTotalBytes?: number | null;
  packages?: { manager: string; count: number } | null;
  sshUser?: string;
  sshPort?: number;
  address?: string;
  hostKey?: { type: string; fingerprint: string };
  nodeExporter?: {
    url: string;
    reachable: boolean;
    error: string | null;
    version: string | null;
    samples: number | null;
  };
}

function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A host's SSH facts and node_exporter status, readable (the raw attributes stay below). */
export function HostFacts({ attributes }: { attributes: Record<string, unknown> }) {
  const a = attributes as HostAttributes;
  const node = a.nodeExporter;
  const facts: [string, string][] = [
    ["Operating system", a.os?.prettyName ?? a.os?.name ?? "—"],
    ["Kernel", [a.kernel, a.architecture].filter(Boolean).join(" · ") || "—"],
    ["Host name", a.hostname ?? "—"],
    ["Uptime", a.uptimeSeconds != null ? elapsed(a.uptimeSeconds) : "—"],
    ["CPUs", a.cpuCount != null ? String(a.cpuCount) : "—"],
    ["Memory", a.memoryTotalBytes != null ? bytes(a.memoryTotalBytes) : "—"],
    ["Packages", a.packages ? `${a.packages.count} (${a.packages.manager})` : "—"],
    ["SSH", a.sshUser ? `${a.sshUser}@${a.address}:${a.sshPort}` : "—"],
    ["Host key", a.hostKey ? `${a.hostKey.type} ${a.hostKey.fingerprint}` : "—"],
    [
      "node_exporter",
      !node
        ? "Not configured"
        : node.reachable
          ? `Reachable${node.version ? `, version ${node.version}` : ""} (${node.samples} samples) · ${node.url}`
          : `Unreachable: ${node.error} · ${node.url}`,
    ],
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Host facts</CardTitle>
      </CardHeader>
      <CardContent>
        <dl
          className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm"
          aria-label="Host facts"
          data-testid="host-facts"
        >
          {facts.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="min-w-0 break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

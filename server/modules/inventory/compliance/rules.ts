/**
 * Built-in compliance rules, judged from the unified resource model. They read attributes
 * connectors are asked to fill with these names (see server/connectors/types.ts):
 * buckets `isPublic`; security groups `ingress: [{ protocol, fromPort, toPort, cidrs }]`;
 * volumes `encrypted`, `attachedInstanceIds`; databases `storageEncrypted`; VMs `volumeIds`.
 * A missing attribute never produces a finding: unknown is not non-compliant.
 */

export type Severity = "high" | "medium" | "low";

export interface RuleResource {
  id: string;
  type: string;
  state: string | null;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
}

export interface TagPolicy {
  requiredTags: string[];
  /** Types the policy applies to; empty: every type. */
  types: string[];
}

export const RULES = {
  "missing-tags": { title: "Required tags missing", severity: "low" },
  "public-bucket": { title: "Bucket readable by anyone", severity: "high" },
  "open-admin-port": { title: "SSH or RDP open to the internet", severity: "high" },
  "unencrypted-volume": { title: "Volume not encrypted", severity: "medium" },
  "unencrypted-database": { title: "Database storage not encrypted", severity: "medium" },
  "stopped-with-disks": { title: "Stopped instance still paying for disks", severity: "low" },
  "unattached-volume": { title: "Volume attached to nothing", severity: "low" },
  "unattached-ip": { title: "Reserved IP address not in use", severity: "low" },
} as const satisfies Record<string, { title: string; severity: Severity }>;
export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

const ADMIN_PORTS = [22, 3389];
const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);
const STOPPED = new Set(["stopped", "stopping", "off", "deallocated", "poweredoff", "terminated"]);

const finding = (rule: RuleId, message: string): Finding => ({
  rule,
  severity: RULES[rule].severity,
  message,
});

interface IngressRule {
  protocol?: unknown;
  fromPort?: unknown;
  toPort?: unknown;
  cidrs?: unknown;
}

/** Ports 22/3389 reachable from anywhere: tcp (or all protocols) over a range that covers them. */
function openAdminPorts(ingress: unknown): number[] {
  if (!Array.isArray(ingress)) return [];
  const open = new Set<number>();
  for (const raw of ingress as IngressRule[]) {
    const cidrs = Array.isArray(raw.cidrs) ? (raw.cidrs as string[]) : [];
    if (!cidrs.some((c) => ANYWHERE.has(c))) continue;
    const protocol = String(raw.protocol ?? "-1").toLowerCase();
    if (!["tcp", "6", "-1", "all"].includes(protocol)) continue;
    const allPorts = protocol === "-1" || protocol === "all" || raw.fromPort == null;
    const from = allPorts ? 0 : Number(raw.fromPort);
    const to = allPorts ? 65535 : Number(raw.toPort ?? raw.fromPort);
    for (const port of ADMIN_PORTS) if (port >= from && port <= to) open.add(port);
  }
  return [...open].sort((a, b) => a - b);
}

/** Every finding for one resource under the workspace's tag policy. */
export function evaluateResource(r: RuleResource, policy: TagPolicy | null): Finding[] {
  const out: Finding[] = [];
  const a = r.attributes;
  if (
    policy &&
    policy.requiredTags.length > 0 &&
    (policy.types.length === 0 || policy.types.includes(r.type))
  ) {
    const missing = policy.requiredTags.filter((t) => !(t in r.tags) || r.tags[t] === "");
    if (missing.length) out.push(finding("missing-tags", `Missing tags: ${missing.join(", ")}`));
  }
  switch (r.type) {
    case "storage.bucket":
      if (a.isPublic === true)
        out.push(finding("public-bucket", "Its policy or ACL grants public access"));
      break;
    case "network.security-group": {
      const ports = openAdminPorts(a.ingress);
      if (ports.length)
        out.push(
          finding("open-admin-port", `Port ${ports.join(" and ")} open to 0.0.0.0/0 or ::/0`),
        );
      break;
    }
    case "storage.volume": {
      if (a.encrypted === false)
        out.push(finding("unencrypted-volume", "Data at rest is not encrypted"));
      if (Array.isArray(a.attachedInstanceIds) && a.attachedInstanceIds.length === 0)
        out.push(finding("unattached-volume", "Billed for its size while attached to no instance"));
      break;
    }
    case "db.instance":
      if (a.storageEncrypted === false)
        out.push(finding("unencrypted-database", "Storage encryption is off"));
      break;
    case "compute.vm":
      if (r.state && STOPPED.has(r.state.toLowerCase()) && r.state.toLowerCase() !== "terminated") {
        const disks = Array.isArray(a.volumeIds) ? a.volumeIds.length : 0;
        if (disks > 0)
          out.push(
            finding(
              "stopped-with-disks",
              `Stopped, with ${disks} disk${disks === 1 ? "" : "s"} still billed`,
            ),
          );
      }
      break;
    case "network.ip":
      if (r.state === "unassociated")
        out.push(finding("unattached-ip", "Reserved but not associated: billed while idle"));
      break;
  }
  return out;
}

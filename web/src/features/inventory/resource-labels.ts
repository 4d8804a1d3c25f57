/** Names people know providers and resource types by, for the table and the facets. */
export const PROVIDER_LABELS: Record<string, string> = {
  aws: "AWS",
  azure: "Azure",
  gcp: "Google Cloud",
  digitalocean: "DigitalOcean",
  cloudflare: "Cloudflare",
  host: "Own servers",
};

export const TYPE_LABELS: Record<string, string> = {
  "compute.vm": "Virtual machine",
  "compute.function": "Function",
  "compute.app": "Web app",
  "compute.container": "Container",
  "db.instance": "Database",
  "db.server": "Database server",
  "storage.bucket": "Bucket",
  "storage.volume": "Volume",
  "network.lb": "Load balancer",
  "network.vpc": "Network (VPC)",
  "network.security-group": "Firewall / security group",
  "network.ip": "IP address",
  "dns.zone": "DNS zone",
  "dns.record": "DNS record",
  "cdn.worker": "Worker",
  "cdn.pages": "Pages site",
  "k8s.cluster": "Kubernetes cluster",
  host: "Host",
  "resource-group": "Resource group",
};

export const providerLabel = (p: string) => PROVIDER_LABELS[p] ?? p;
export const typeLabel = (t: string) => TYPE_LABELS[t] ?? t;

/** Tags as chips: `key=value`, or the key alone for a plain tag. */
export function tagText(key: string, value: string): string {
  return value === "" ? key : `${key}=${value}`;
}

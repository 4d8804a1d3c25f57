/**
 * The parts of DigitalOcean's API objects that discovery reads (DigitalOcean OpenAPI,
 * specification/resources/<kind>/models). Everything is optional: the mapping must survive
 * fields the API adds, drops or leaves null.
 */

export interface DoRegion {
  slug?: string;
  name?: string;
}

export interface DoAccount {
  account?: {
    uuid?: string;
    email?: string;
    name?: string;
    team?: { uuid?: string; name?: string };
  };
}

export interface DoDroplet {
  id: number;
  name?: string;
  status?: string;
  created_at?: string;
  memory?: number;
  vcpus?: number;
  disk?: number;
  size_slug?: string;
  size?: { price_monthly?: number; price_hourly?: number };
  image?: { slug?: string | null; distribution?: string; name?: string };
  region?: DoRegion;
  networks?: { v4?: { ip_address?: string; type?: string }[]; v6?: { ip_address?: string }[] };
  features?: string[];
  volume_ids?: string[];
  tags?: string[];
  vpc_uuid?: string;
  locked?: boolean;
}

export interface DoVolume {
  id: string;
  name?: string;
  description?: string;
  created_at?: string;
  size_gigabytes?: number;
  filesystem_type?: string;
  region?: DoRegion;
  droplet_ids?: number[] | null;
  tags?: string[] | null;
}

export interface DoDatabaseCluster {
  id: string;
  name?: string;
  engine?: string;
  version?: string;
  status?: string;
  created_at?: string;
  region?: string;
  size?: string;
  num_nodes?: number;
  storage_size_mib?: number;
  db_names?: string[] | null;
  tags?: string[] | null;
  private_network_uuid?: string;
  maintenance_window?: { day?: string; hour?: string } | null;
  connection?: { host?: string; port?: number; ssl?: boolean };
}

export interface DoLoadBalancer {
  id: string;
  name?: string;
  ip?: string;
  status?: string;
  created_at?: string;
  algorithm?: string;
  size?: string;
  size_unit?: number;
  region?: DoRegion | string;
  droplet_ids?: number[] | null;
  tag?: string;
  tags?: string[] | null;
  vpc_uuid?: string;
  forwarding_rules?: {
    entry_protocol?: string;
    entry_port?: number;
    target_protocol?: string;
    target_port?: number;
  }[];
  type?: string;
  network?: string;
}

export interface DoVpc {
  id: string;
  name?: string;
  description?: string;
  region?: string;
  ip_range?: string;
  default?: boolean;
  created_at?: string;
}

export interface DoFirewallRule {
  protocol?: string;
  ports?: string;
  sources?: { addresses?: string[]; tags?: string[]; droplet_ids?: number[] };
  destinations?: { addresses?: string[]; tags?: string[]; droplet_ids?: number[] };
}

export interface DoFirewall {
  id: string;
  name?: string;
  status?: string;
  created_at?: string;
  inbound_rules?: DoFirewallRule[] | null;
  outbound_rules?: DoFirewallRule[] | null;
  droplet_ids?: number[] | null;
  tags?: string[] | null;
}

export interface DoDomain {
  name: string;
  ttl?: number | null;
}

export interface DoDomainRecord {
  id: number;
  type?: string;
  name?: string;
  data?: string;
  priority?: number | null;
  port?: number | null;
  ttl?: number;
  weight?: number | null;
  flags?: number | null;
  tag?: string | null;
}

export interface DoKubernetesCluster {
  id: string;
  name?: string;
  region?: string;
  version?: string;
  created_at?: string;
  endpoint?: string;
  ipv4?: string;
  ha?: boolean;
  auto_upgrade?: boolean;
  vpc_uuid?: string;
  tags?: string[] | null;
  status?: { state?: string };
  node_pools?: {
    name?: string;
    size?: string;
    count?: number;
    auto_scale?: boolean;
    nodes?: { droplet_id?: string | null }[] | null;
  }[];
}

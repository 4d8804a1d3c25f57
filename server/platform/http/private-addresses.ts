import { BlockList, isIP } from "node:net";

/**
 * Addresses an outbound request must not reach when GLASSPANE_BLOCK_PRIVATE_NETWORKS is on:
 * this host, the local network, carrier-grade NAT and the clouds' metadata services (IANA
 * special-purpose registries, RFC 6890). IPv4-mapped IPv6 (::ffff:a.b.c.d) is matched against
 * the IPv4 ranges by BlockList itself.
 */
const IPV4: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 metadata (AWS, GCP, Azure, DO)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
];

const IPV6: [string, number][] = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["::", 96], // IPv4-compatible (deprecated): could carry a private IPv4 address
  ["fc00::", 7], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  // Prefixes that embed an IPv4 address a gateway would reach on our behalf: refused whole
  // rather than decoded, since a hosted instance has no reason to need them.
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48], // local-use NAT64
  ["2002::", 16], // 6to4
  ["2001::", 32], // Teredo
];

const blocked = new BlockList();
for (const [address, prefix] of IPV4) blocked.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of IPV6) blocked.addSubnet(address, prefix, "ipv6");

/** True for loopback, private, link-local, CGNAT, metadata and other non-public addresses. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return blocked.check(bare, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Cloud instance-metadata services and the link-local ranges they live in: refused to every
 * user-given target, whatever the network policy, since they hand out the host's credentials.
 */
const metadata = new BlockList();
metadata.addSubnet("169.254.0.0", 16, "ipv4"); // AWS, GCP, Azure, DigitalOcean: 169.254.169.254
metadata.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud
metadata.addAddress("192.0.0.192", "ipv4"); // Oracle Cloud
metadata.addSubnet("fe80::", 10, "ipv6"); // link-local
metadata.addAddress("fd00:ec2::254", "ipv6"); // AWS over IPv6

/** True for cloud metadata addresses (and link-local, where they sit). */
export function isMetadataAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 0) return true;
  return metadata.check(bare, family === 4 ? "ipv4" : "ipv6");
}

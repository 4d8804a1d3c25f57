import type { AddressPolicy } from "../../../platform/http/outbound.ts";
import { isMetadataAddress, isPrivateAddress } from "../../../platform/http/private-addresses.ts";

/**
 * Which addresses a workspace's checks may reach. Self-hosters watch their own private hosts, so
 * loopback and private ranges are allowed once a workspace admin turns on "private targets"
 * (off by default: a member could otherwise map the server's network with TCP checks). A hosted
 * instance (GLASSPANE_BLOCK_PRIVATE_NETWORKS) refuses them whatever the workspace says: that
 * network is the operator's, not the tenant's. Cloud metadata addresses are refused always.
 */
export interface TargetPolicy {
  instanceBlocksPrivate: boolean;
  allowPrivateTargets: boolean;
}

export function isAddressRefused(policy: TargetPolicy): AddressPolicy {
  const blocksPrivate = policy.instanceBlocksPrivate || !policy.allowPrivateTargets;
  return (address) => isMetadataAddress(address) || (blocksPrivate && isPrivateAddress(address));
}

/**
 * Why an address was refused, with what a person can do about it; `what` names who is refused
 * (scrape targets follow the same Health setting as checks).
 */
export function refusalReason(address: string, policy: TargetPolicy, what = "checks"): string {
  if (isMetadataAddress(address))
    return `${address} is a cloud metadata or link-local address, which ${what} never reach`;
  if (policy.instanceBlocksPrivate)
    return `${address} is a private address and this instance blocks private networks (GLASSPANE_BLOCK_PRIVATE_NETWORKS)`;
  return `${address} is a private address; a workspace admin can allow private targets in Health settings`;
}

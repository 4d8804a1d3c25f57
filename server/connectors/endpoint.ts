import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPrivateAddress } from "../platform/http/private-addresses.ts";

/**
 * Checks a user-given API endpoint (LocalStack, MinIO, a sovereign cloud). SDKs open their own
 * sockets, so the SSRF rule of outbound.ts is applied here, before every use: in hosted mode
 * (GLASSPANE_BLOCK_PRIVATE_NETWORKS) a name resolving to a private or metadata address is refused.
 * Self-hosted, loopback is legitimate (a local LocalStack) and allowed. Returns an error message,
 * or null when the endpoint may be used.
 */
export async function endpointProblem(
  endpoint: string,
  blockPrivateNetworks: boolean,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (!blockPrivateNetworks) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `${host} does not resolve`;
  }
  const bad = addresses.find(isPrivateAddress);
  return bad ? `${host} resolves to ${bad}, a private address this instance does not call` : null;
}

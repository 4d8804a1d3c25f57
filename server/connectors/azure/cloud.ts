import type { OutboundHttp } from "../../platform/http/outbound.ts";

/** Where one Azure cloud's Resource Manager and Entra ID (login) endpoints are. */
export interface AzureCloud {
  resourceManager: string;
  authorityHost: string;
  /** The OAuth scope of an ARM token: `<audience>/.default`. */
  scope: string;
}

export const AZURE_PUBLIC_CLOUD: AzureCloud = {
  resourceManager: "https://management.azure.com",
  authorityHost: "https://login.microsoftonline.com",
  scope: "https://management.azure.com/.default",
};

/**
 * The sovereign clouds, by ARM host (Microsoft, "National clouds"; the same pairs as
 * @azure/identity's AzureAuthorityHosts and the ARM SDKs' cloud settings).
 */
const KNOWN_AUTHORITIES: Record<string, string> = {
  "management.azure.com": "https://login.microsoftonline.com",
  "management.chinacloudapi.cn": "https://login.chinacloudapi.cn",
  "management.usgovcloudapi.net": "https://login.microsoftonline.us",
};

const trimSlash = (url: string) => url.replace(/\/+$/, "");
const scopeOf = (audience: string) => `${trimSlash(audience)}/.default`;

/** ARM's cloud metadata: one object (Azure Stack Hub) or a list of clouds (public ARM). */
interface CloudMetadata {
  resourceManager?: string;
  authentication?: { loginEndpoint?: string; audiences?: string[] };
}

/**
 * The cloud behind a connector's endpoint. No endpoint: public Azure. A known sovereign ARM
 * host: its login host. Anything else (Azure Stack Hub, a test server) is asked, the way
 * `az cloud register --endpoint-resource-manager` does: `GET <arm>/metadata/endpoints` names the
 * login endpoint and the token audience. An explicit authority host wins over all of these.
 * The metadata is read through the SSRF-guarded client like every other call.
 */
export async function resolveAzureCloud(
  endpoint: string | null,
  authorityHost: string | undefined,
  http: OutboundHttp,
  signal: AbortSignal,
): Promise<AzureCloud> {
  if (!endpoint)
    return {
      ...AZURE_PUBLIC_CLOUD,
      authorityHost: authorityHost ?? AZURE_PUBLIC_CLOUD.authorityHost,
    };
  const resourceManager = trimSlash(endpoint);
  const known = KNOWN_AUTHORITIES[new URL(resourceManager).host];
  if (known || authorityHost)
    return {
      resourceManager,
      authorityHost: trimSlash(authorityHost ?? known!),
      scope: scopeOf(resourceManager),
    };
  const url = `${resourceManager}/metadata/endpoints?api-version=2022-09-01`;
  const response = await http.request(url, { signal, timeoutMs: 30_000 });
  if (response.status !== 200)
    throw new Error(
      `${resourceManager} did not describe its cloud (GET /metadata/endpoints answered ${response.status}); give the authority host with the credentials`,
    );
  const body = JSON.parse(response.body.toString("utf8")) as CloudMetadata | CloudMetadata[];
  const clouds = Array.isArray(body) ? body : [body];
  const cloud =
    clouds.find((c) => c.resourceManager && trimSlash(c.resourceManager) === resourceManager) ??
    clouds[0];
  const login = cloud?.authentication?.loginEndpoint;
  if (!login) throw new Error(`${resourceManager}'s cloud metadata names no login endpoint`);
  const audience = cloud.authentication?.audiences?.[0] ?? resourceManager;
  return { resourceManager, authorityHost: trimSlash(login), scope: scopeOf(audience) };
}

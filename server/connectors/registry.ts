import { awsProvider } from "./aws/index.ts";
import { azureProvider } from "./azure/index.ts";
import { cloudflareProvider } from "./cloudflare/index.ts";
import { digitaloceanProvider } from "./digitalocean/index.ts";
import { gcpProvider } from "./gcp/index.ts";
import { hostProvider } from "./hosts/index.ts";
import type { Provider, ProviderDefinition } from "./types.ts";

/**
 * Every provider Glass Pane can connect to. Adding one: its folder exports a ProviderDefinition
 * and one line here. Credentials are parsed with the definition's zCredentials before they reach
 * the vault, so a connector only ever sees credentials of its own shape.
 */
// biome-ignore lint/suspicious/noExplicitAny: each entry is typed by its own credentials shape
const DEFINITIONS: ProviderDefinition<any>[] = [
  awsProvider,
  azureProvider,
  gcpProvider,
  digitaloceanProvider,
  cloudflareProvider,
  hostProvider,
];

const BY_PROVIDER = new Map<Provider, ProviderDefinition<unknown>>(
  DEFINITIONS.map((d) => [d.provider, d]),
);

/** The definition of a provider, or null when Glass Pane has no connector for it yet. */
export function providerDefinition(provider: Provider): ProviderDefinition<unknown> | null {
  return BY_PROVIDER.get(provider) ?? null;
}

/** Providers with a connector, for the wizard. */
export function supportedProviders(): Provider[] {
  return [...BY_PROVIDER.keys()];
}

import { and, desc, eq } from "drizzle-orm";
import { endpointProblem } from "../../connectors/endpoint.ts";
import { providerDefinition } from "../../connectors/registry.ts";
import type { Connector, Provider, ProviderDefinition } from "../../connectors/types.ts";
import type { Db } from "../../platform/db/database.ts";
import { AppError, conflict, invalid, notFound } from "../../platform/errors.ts";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import type { SecretsService } from "../../platform/secrets/secrets.service.ts";
import { policyOf } from "../observability/uptime/checks.service.ts";
import { isAddressRefused, refusalReason } from "../observability/uptime/target-policy.ts";
import { hostKeyStore } from "./hosts/host-keys.service.ts";
import { connectors } from "./inventory.schema.ts";

export type ConnectorRow = typeof connectors.$inferSelect;

export interface ConnectorDeps {
  secrets: SecretsService;
  blockPrivateNetworks: boolean;
}

function definitionOf(provider: Provider): ProviderDefinition<unknown> {
  const d = providerDefinition(provider);
  if (!d) throw invalid("provider", `Glass Pane has no ${provider} connector yet`);
  return d;
}

/** A connector as operations show it: never its credentials, only method and masked hint. */
export function connectorView(row: ConnectorRow) {
  return {
    id: row.id,
    provider: row.provider as Provider,
    name: row.name,
    regions: row.regions,
    endpoint: row.endpoint,
    credentials: { method: row.credentialsMethod, hint: row.credentialsHint },
    account: row.account,
    isScheduled: row.isScheduled,
    lastScanId: row.lastScanId,
    pulls: {
      metrics: row.pullsMetrics,
      costs: row.pullsCosts,
      available: providerDefinition(row.provider as Provider)?.pulls ?? [],
      metricsPulledUntil: row.metricsPulledUntil,
    },
    createdAt: row.createdAt,
  };
}

/** Parses credentials with the provider's schema; errors name the field at fault. */
function parseCredentials(definition: ProviderDefinition<unknown>, credentials: unknown) {
  const parsed = definition.zCredentials.safeParse(credentials);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["credentials", ...(issue?.path ?? [])].join(".");
    throw invalid(path, issue?.message ?? "invalid credentials");
  }
  return parsed.data;
}

async function checkEndpoint(endpoint: string | null, blockPrivate: boolean) {
  if (!endpoint) return;
  const problem = await endpointProblem(endpoint, blockPrivate);
  if (problem) throw invalid("endpoint", `The endpoint ${problem}`);
}

/** Stores a connector; its credentials go to the vault as one sealed JSON value. */
export async function createConnectorRecord(
  db: Db,
  deps: ConnectorDeps,
  workspaceId: string,
  input: {
    provider: Provider;
    name: string;
    credentials: unknown;
    regions?: string[];
    endpoint?: string | null;
  },
) {
  const definition = definitionOf(input.provider);
  const credentials = parseCredentials(definition, input.credentials);
  const endpoint = input.endpoint ?? null;
  await checkEndpoint(endpoint, deps.blockPrivateNetworks);
  const [clash] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(and(eq(connectors.workspaceId, workspaceId), eq(connectors.name, input.name)));
  if (clash) throw conflict(`A connector named "${input.name}" already exists`);
  const described = definition.describeCredentials(credentials);
  const [row] = await db
    .insert(connectors)
    .values({
      workspaceId,
      provider: input.provider,
      name: input.name,
      regions: input.regions ?? [],
      endpoint,
      secretName: "pending",
      credentialsMethod: described.method,
      credentialsHint: described.hint,
    })
    .returning();
  const secretName = `connector.${row!.id}`;
  // `method` last: the vault keeps the last four characters as a hint, which must not be secret.
  const { method, ...rest } = credentials as { method: string };
  await deps.secrets.set(db, workspaceId, {
    name: secretName,
    value: JSON.stringify({ ...rest, method }),
    description: `Credentials of the ${input.provider} connector "${input.name}"`,
  });
  const [stored] = await db
    .update(connectors)
    .set({ secretName })
    .where(eq(connectors.id, row!.id))
    .returning();
  return stored!;
}

export async function connectorOf(db: Db, workspaceId: string, id: string): Promise<ConnectorRow> {
  const [row] = await db
    .select()
    .from(connectors)
    .where(and(eq(connectors.workspaceId, workspaceId), eq(connectors.id, id)));
  if (!row) throw notFound("Connector");
  return row;
}

export function listConnectors(db: Db, workspaceId: string) {
  return db
    .select()
    .from(connectors)
    .where(eq(connectors.workspaceId, workspaceId))
    .orderBy(desc(connectors.createdAt));
}

/** Removes a connector, its vault secret and (by cascade) its scans and resources. */
export async function deleteConnector(
  db: Db,
  deps: ConnectorDeps,
  workspaceId: string,
  id: string,
) {
  const row = await connectorOf(db, workspaceId, id);
  await db.delete(connectors).where(eq(connectors.id, row.id));
  await deps.secrets.removeNamed(db, workspaceId, row.secretName);
}

/** A live connector for a stored row: credentials revealed from the vault, parsed again. */
export async function openConnector(
  db: Db,
  deps: ConnectorDeps,
  row: ConnectorRow,
): Promise<{ connector: Connector; definition: ProviderDefinition<unknown> }> {
  const definition = definitionOf(row.provider as Provider);
  await checkEndpoint(row.endpoint, deps.blockPrivateNetworks);
  const sealed = await deps.secrets.reveal(db, row.workspaceId, row.secretName);
  const credentials = definition.zCredentials.safeParse(JSON.parse(sealed));
  if (!credentials.success)
    throw new AppError(
      "conflict",
      "The stored credentials no longer fit this provider: re-enter them",
    );
  const connector = await definition.createConnector({
    credentials: credentials.data,
    regions: row.regions,
    endpoint: row.endpoint,
    http: createOutboundHttp({ blockPrivateNetworks: deps.blockPrivateNetworks }),
    ...(row.provider === "host" ? await hostOptions(db, deps, row) : {}),
  });
  return { connector, definition };
}

/**
 * A host connector reaches the user's own machines (SSH, node_exporter), so it follows the
 * workspace's target policy like health checks do: private and loopback addresses only once a
 * workspace admin allows private targets, never on an instance that blocks private networks.
 */
async function hostOptions(db: Db, deps: ConnectorDeps, row: ConnectorRow) {
  const policy = await policyOf(db, row.workspaceId, deps.blockPrivateNetworks);
  const refused = isAddressRefused(policy);
  return {
    http: createOutboundHttp({
      blockPrivateNetworks: deps.blockPrivateNetworks,
      refuseAddress: refused,
    }),
    refuseAddress: (address: string) => (refused(address) ? refusalReason(address, policy) : null),
    hostKeys: hostKeyStore(db, row.workspaceId, row.id),
  };
}

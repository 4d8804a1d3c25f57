import { z } from "zod";
import { createConnectorContext } from "../../connectors/context.ts";
import { providerDefinition, supportedProviders } from "../../connectors/registry.ts";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../platform/operations/define.ts";
import { zId, zOk } from "../../platform/operations/zod.ts";
import {
  type ConnectorDeps,
  connectorOf,
  connectorView,
  createConnectorRecord,
  deleteConnector,
  listConnectors,
  openConnector,
} from "./connectors.service.ts";
import { listScans } from "./discovery.service.ts";
import { startScan } from "./inventory.jobs.ts";
import { zConnector, zConnectorCreate, zProvider, zScan } from "./inventory.zod.ts";

export const depsOf = (ctx: OperationContext): ConnectorDeps => ({
  secrets: ctx.services.secrets,
  blockPrivateNetworks: ctx.services.config.blockPrivateNetworks,
});

/** How long "test connection" may take before it answers that the provider did not. */
const TEST_TIMEOUT_MS = 30_000;

export const connectorsProviders = defineOperation({
  name: "connectors.providers",
  summary: "Providers Glass Pane can connect to, with the least-privilege policy to grant",
  input: z.object({}),
  output: z.array(
    z.object({
      provider: zProvider,
      label: z.string(),
      policy: z.object({ format: z.enum(["json", "text"]), text: z.string() }),
    }),
  ),
  permission: "connectors:read",
  mutates: false,
  handler: async () =>
    supportedProviders().flatMap((p) => {
      const d = providerDefinition(p);
      return d ? [{ provider: d.provider, label: d.label, policy: d.policy }] : [];
    }),
});

export const connectorsCreate = defineOperation({
  name: "connectors.create",
  summary: "Connect a cloud account; credentials go to the vault and are never returned",
  input: zConnectorCreate,
  output: zConnector,
  permission: "connectors:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const row = await createConnectorRecord(ctx.db, depsOf(ctx), workspaceOf(ctx), input);
    ctx.audit.targetId = row.id;
    return connectorView(row);
  },
});

export const connectorsList = defineOperation({
  name: "connectors.list",
  summary: "The workspace's connectors (credentials masked)",
  input: z.object({}),
  output: z.array(zConnector),
  permission: "connectors:read",
  mutates: false,
  handler: async (_input, ctx) =>
    (await listConnectors(ctx.db, workspaceOf(ctx))).map(connectorView),
});

export const connectorsGet = defineOperation({
  name: "connectors.get",
  summary: "One connector with its latest scan",
  input: z.object({ id: zId }),
  output: zConnector.extend({ lastScan: zScan.nullable() }),
  permission: "connectors:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const row = await connectorOf(ctx.db, workspaceOf(ctx), id);
    const [lastScan] = await listScans(ctx.db, row.workspaceId, { connectorId: row.id, limit: 1 });
    return { ...connectorView(row), lastScan: (lastScan as never) ?? null };
  },
});

export const connectorsDelete = defineOperation({
  name: "connectors.delete",
  summary: "Remove a connector, its stored credentials and the inventory it discovered",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "connectors:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    await deleteConnector(ctx.db, depsOf(ctx), workspaceOf(ctx), id);
    ctx.audit.targetId = id;
    return { ok: true as const };
  },
});

export const connectorsTest = defineOperation({
  name: "connectors.test",
  summary: "Check a connector's credentials against its provider; answers which account they reach",
  input: z.object({ id: zId }),
  output: z.object({ ok: z.boolean(), account: z.string().nullable(), detail: z.string() }),
  permission: "connectors:manage",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const row = await connectorOf(ctx.db, workspaceOf(ctx), id);
    try {
      const { connector, definition } = await openConnector(ctx.db, depsOf(ctx), row);
      const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
      const result = await connector.testConnection(
        createConnectorContext(signal, definition.rateLimit, {
          attempts: 2,
          baseDelayMs: 500,
          maxDelayMs: 2_000,
        }),
      );
      return { ok: true, ...result };
    } catch (error) {
      // The provider's own message (access denied, unknown key) is what the user can act on.
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, account: null, detail: detail.slice(0, 500) };
    }
  },
});

export const connectorsDiscover = defineOperation({
  name: "connectors.discover",
  summary: "Start discovery for a connector now; returns the scan (and job) to follow",
  input: z.strictObject({ id: zId }),
  output: z.object({ scanId: zId, jobId: zId.nullable(), status: z.string() }),
  permission: "connectors:discover",
  mutates: true,
  handler: async ({ id }, ctx) => {
    const scan = await startScan(ctx.db, ctx.services, workspaceOf(ctx), id, "manual");
    ctx.audit.targetId = id;
    return { scanId: scan.id, jobId: scan.jobId, status: scan.status };
  },
});

export const connectorsScans = defineOperation({
  name: "connectors.scans",
  summary: "Recent scans, newest first, with per-scope status and counts",
  input: z.object({
    connectorId: zId.optional(),
    scanId: zId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  }),
  output: z.array(zScan),
  permission: "connectors:read",
  mutates: false,
  handler: async (input, ctx) => {
    return (await listScans(ctx.db, workspaceOf(ctx), input)) as never;
  },
});

export const connectorOperations = [
  connectorsProviders,
  connectorsCreate,
  connectorsList,
  connectorsGet,
  connectorsDelete,
  connectorsTest,
  connectorsDiscover,
  connectorsScans,
] as const;

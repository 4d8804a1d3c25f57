import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { connectorOf } from "../connectors.service.ts";
import { hostKeyOf, resetHostKey } from "./host-keys.service.ts";

const zHostKey = z.object({
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string().describe("SHA256:…, as ssh-keygen -l prints it"),
  firstSeenAt: zTimestamp,
});

const view = (row: NonNullable<Awaited<ReturnType<typeof hostKeyOf>>>) => ({
  host: row.host,
  port: row.port,
  keyType: row.keyType,
  fingerprint: row.fingerprint,
  firstSeenAt: row.firstSeenAt,
});

async function hostConnector(ctx: Parameters<typeof workspaceOf>[0], id: string) {
  const row = await connectorOf(ctx.db, workspaceOf(ctx), id);
  if (row.provider !== "host") throw invalid("connectorId", "not a host (SSH) connector");
  return row;
}

export const hostsHostKey = defineOperation({
  name: "hosts.hostKey",
  summary: "The SSH host key recorded for a host connector on first connect (null before)",
  input: z.object({ connectorId: zId }),
  output: zHostKey.nullable(),
  permission: "connectors:read",
  mutates: false,
  handler: async ({ connectorId }, ctx) => {
    const row = await hostConnector(ctx, connectorId);
    const key = await hostKeyOf(ctx.db, row.workspaceId, row.id);
    return key ? view(key) : null;
  },
});

export const hostsResetHostKey = defineOperation({
  name: "hosts.resetHostKey",
  summary:
    "Forget a host's recorded SSH key (after a reinstall); the next connection records the new one",
  input: z.strictObject({ connectorId: zId }),
  output: z.object({ removed: zHostKey.nullable() }),
  permission: "connectors:manage",
  mutates: true,
  handler: async ({ connectorId }, ctx) => {
    const row = await hostConnector(ctx, connectorId);
    ctx.audit.targetId = row.id;
    const removed = await resetHostKey(ctx.db, row.workspaceId, row.id);
    return { removed: removed ? view(removed) : null };
  },
});

export const hostOperations = [hostsHostKey, hostsResetHostKey] as const;

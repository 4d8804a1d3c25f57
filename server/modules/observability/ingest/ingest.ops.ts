import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { INSTANCE_CHANNEL } from "../../../platform/events/events.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zName, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import {
  createIngestKey,
  INGEST_KEYS_CHANGED,
  ingestKeyView,
  listIngestKeys,
  revokeIngestKey,
} from "./ingest-keys.service.ts";

const zService = z.string().trim().min(1).max(200);

const zIngestKey = z.object({
  id: zId,
  name: z.string(),
  prefix: z.string().describe("First characters of the key, to tell keys apart"),
  defaultService: z.string(),
  resourceId: zId.nullable(),
  syslogPort: z.number().int().nullable(),
  syslogError: z
    .string()
    .nullable()
    .describe("Why the syslog listener is not open (it is retried every few seconds)"),
  createdAt: zTimestamp,
  lastUsedAt: zTimestamp.nullable(),
});

export const ingestKeysList = defineOperation({
  name: "ingest.keys.list",
  summary: "Ingest keys of the workspace (never the keys themselves)",
  input: z.object({}),
  output: z.array(zIngestKey),
  permission: "ingest:read",
  mutates: false,
  handler: async (_input, ctx) =>
    (await listIngestKeys(ctx.db, workspaceOf(ctx))).map(ingestKeyView),
});

export const ingestKeysCreate = defineOperation({
  name: "ingest.keys.create",
  summary: "Create an ingest key for one log or metric source; the key is shown only once",
  description:
    "Senders present the key as `Authorization: Bearer gpk_…` (OTLP, Loki, plain JSON). Syslog " +
    "senders have no place for a key: give the key a syslogPort and point them at that port.",
  input: z.strictObject({
    name: zName,
    defaultService: zService.describe("Service of lines that do not name one"),
    resourceId: zId.optional().describe("Inventory resource the source runs on"),
    syslogPort: z
      .number()
      .int()
      .min(1024)
      .max(65535)
      .optional()
      .describe("A port of its own for syslog over UDP and TCP"),
  }),
  output: zIngestKey.extend({ key: z.string().describe("Shown once; store it in the sender") }),
  permission: "ingest:manage",
  mutates: true,
  example: { name: "web-1 journald", defaultService: "web" },
  handler: async (input, ctx) => {
    // The listener could never open there: say so now, not in the server's log.
    if (input.syslogPort !== undefined && input.syslogPort === ctx.services.config.port)
      throw invalid("syslogPort", `is the server's own HTTP port (${ctx.services.config.port})`);
    const { row, key } = await createIngestKey(
      ctx.db,
      workspaceOf(ctx),
      input,
      ctx.services.config.host,
    );
    ctx.audit.targetId = row.id;
    ctx.services.events.publish(INSTANCE_CHANNEL, { type: INGEST_KEYS_CHANGED });
    return { ...ingestKeyView(row), key };
  },
});

export const ingestKeysRevoke = defineOperation({
  name: "ingest.keys.revoke",
  summary: "Revoke an ingest key: its senders are refused within seconds",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "ingest:manage",
  mutates: true,
  handler: async (input, ctx) => {
    await revokeIngestKey(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = input.id;
    ctx.services.events.publish(INSTANCE_CHANNEL, { type: INGEST_KEYS_CHANGED });
    return { ok: true as const };
  },
});

export const ingestOperations = [ingestKeysList, ingestKeysCreate, ingestKeysRevoke] as const;

import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import { maskWebhookUrl, parseTarget } from "../../../platform/http/outbound.ts";
import { isMetadataAddress } from "../../../platform/http/private-addresses.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { alertDestinations, alertRules } from "./alerts.schema.ts";
import { alertRoutingRules } from "./routing/routing.schema.ts";
import { createWebhookDestination } from "./rules.service.ts";

/** Signed webhook destinations of alert notifications: URLs masked, secrets in the vault. */

const zDestination = z.object({
  id: zId,
  name: z.string(),
  kind: z.literal("webhook"),
  url: z.string().nullable().describe("Origin only: webhook paths often carry credentials"),
  createdAt: zTimestamp,
  lastDeliveryAt: zTimestamp.nullable(),
  lastDeliveryError: z
    .string()
    .nullable()
    .describe("Why the last attempt failed; null if it succeeded"),
});
const destinationView = (d: typeof alertDestinations.$inferSelect) => ({
  id: d.id,
  name: d.name,
  kind: "webhook" as const,
  url: maskWebhookUrl(d.url),
  createdAt: d.createdAt,
  lastDeliveryAt: d.lastDeliveryAt,
  lastDeliveryError: d.lastDeliveryError,
});

export const destinationsList = defineOperation({
  name: "alerts.destinations.list",
  summary: "Webhook destinations (URLs masked; secrets never shown)",
  input: z.object({}),
  output: z.array(zDestination),
  permission: "alerts:read",
  mutates: false,
  handler: async (_input, ctx) =>
    (
      await ctx.db
        .select()
        .from(alertDestinations)
        .where(eq(alertDestinations.workspaceId, workspaceOf(ctx)))
    ).map(destinationView),
});

export const destinationsCreate = defineOperation({
  name: "alerts.destinations.create",
  summary: "Add a signed webhook destination; the signing secret is shown this once",
  input: z.strictObject({
    name: z.string().trim().min(1).max(120),
    url: z.string().trim().min(1).max(2000),
  }),
  output: zDestination.extend({
    signingSecret: z.string().describe("HMAC-SHA256 key for x-glasspane-signature; shown once"),
  }),
  permission: "alerts:destinations",
  mutates: true,
  handler: async (input, ctx) => {
    try {
      // A metadata address is never called; saying so now beats a delivery failing later.
      parseTarget(input.url, isMetadataAddress);
    } catch (error) {
      throw invalid("url", (error as Error).message);
    }
    const { destination, signingSecret } = await createWebhookDestination(
      ctx.db,
      ctx.services.secrets,
      workspaceOf(ctx),
      input,
    );
    ctx.audit.targetId = destination.id;
    return { ...destinationView(destination), signingSecret };
  },
});

export const destinationsDelete = defineOperation({
  name: "alerts.destinations.delete",
  summary: "Remove a webhook destination and its secret",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "alerts:destinations",
  mutates: true,
  handler: async ({ id }, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const [row] = await ctx.db
      .delete(alertDestinations)
      .where(and(eq(alertDestinations.workspaceId, workspaceId), eq(alertDestinations.id, id)))
      .returning();
    if (!row) throw notFound("Destination");
    await forgetDestination(ctx.db, workspaceId, id);
    const secret = (await ctx.services.secrets.list(ctx.db, workspaceId)).find(
      (s) => s.name === row.secretName,
    );
    if (secret) await ctx.services.secrets.remove(ctx.db, workspaceId, secret.id);
    ctx.audit.targetId = id;
    return { ok: true as const };
  },
});

/**
 * A deleted destination leaves the alert and routing rules that named it: a rule keeping its id
 * could no longer be saved, not even to turn it off. A routing rule left with no destination
 * and no assignee routes nowhere, so it is turned off.
 */
async function forgetDestination(db: Db, workspaceId: string, id: string): Promise<void> {
  const names = sql`destination_ids ? ${id}`;
  await db
    .update(alertRules)
    .set({ destinationIds: sql`destination_ids - ${id}::text` })
    .where(and(eq(alertRules.workspaceId, workspaceId), names));
  await db
    .update(alertRoutingRules)
    .set({
      destinationIds: sql`destination_ids - ${id}::text`,
      isEnabled: sql`is_enabled AND (assignee_user_id IS NOT NULL OR jsonb_array_length(destination_ids) > 1)`,
    })
    .where(and(eq(alertRoutingRules.workspaceId, workspaceId), names));
}

export const destinationOperations = [
  destinationsList,
  destinationsCreate,
  destinationsDelete,
] as const;

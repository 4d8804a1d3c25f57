import { z } from "zod";
import { defineOperation, workspaceOf } from "../operations/define.ts";
import { zId, zOk, zTimestamp } from "../operations/zod.ts";

const zSecret = z.object({
  id: zId,
  name: z.string(),
  description: z.string().nullable(),
  masked: z.string(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

export const secretsList = defineOperation({
  name: "secrets.list",
  summary: "Secrets of the workspace, masked (values are never returned)",
  input: z.object({}),
  output: z.array(zSecret),
  permission: "secrets:read",
  mutates: false,
  handler: async (_input, ctx) => ctx.services.secrets.list(ctx.db, workspaceOf(ctx)),
});

export const secretsSet = defineOperation({
  name: "secrets.set",
  summary: "Store or replace a secret (encrypted at rest with AES-256-GCM)",
  input: z.strictObject({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/, "letters, digits, '_', '.', '-' only"),
    value: z.string().min(1).max(64_000),
    description: z.string().max(500).optional(),
  }),
  output: zSecret,
  permission: "secrets:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const secret = await ctx.services.secrets.set(ctx.db, workspaceOf(ctx), input);
    ctx.audit.targetId = secret.id;
    return secret;
  },
});

export const secretsDelete = defineOperation({
  name: "secrets.delete",
  summary: "Delete a secret",
  input: z.strictObject({ secretId: zId }),
  output: zOk,
  permission: "secrets:manage",
  mutates: true,
  handler: async (input, ctx) => {
    await ctx.services.secrets.remove(ctx.db, workspaceOf(ctx), input.secretId);
    ctx.audit.targetId = input.secretId;
    return { ok: true as const };
  },
});

export const secretsRotateKey = defineOperation({
  name: "secrets.rotateKey",
  summary: "Re-encrypt every stored secret with the current GLASSPANE_SECRET_KEY",
  description:
    "Start the instance with the new key in GLASSPANE_SECRET_KEY and the old one in GLASSPANE_SECRET_KEY_PREVIOUS, run this, then drop the old key.",
  input: z.strictObject({}),
  output: z.object({ reencrypted: z.number() }),
  permission: "system",
  mutates: true,
  handler: async (_input, ctx) => ({ reencrypted: await ctx.services.secrets.rotate(ctx.db) }),
});

export const secretOperations = [secretsList, secretsSet, secretsDelete, secretsRotateKey] as const;

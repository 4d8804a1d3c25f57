import { z } from "zod";
import { defineOperation, workspaceOf } from "../operations/define.ts";
import { zTimestamp } from "../operations/zod.ts";

export const auditList = defineOperation({
  name: "audit.list",
  summary: "The workspace's audit log, newest first, with filters",
  input: z.object({
    action: z.string().max(100).optional().describe("Operation name or prefix, e.g. tokens."),
    actor: z.string().max(200).optional().describe("Part of the actor's email or token name"),
    outcome: z.enum(["ok", "error"]).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    before: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe("Page: entries older than this id"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  output: z.array(
    z.object({
      id: z.number(),
      actorType: z.string(),
      actorLabel: z.string(),
      action: z.string(),
      outcome: z.string(),
      inputSummary: z.unknown(),
      targetId: z.string().nullable(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      createdAt: zTimestamp,
    }),
  ),
  permission: "audit:read",
  mutates: false,
  handler: async (input, ctx) =>
    ctx.services.audit.list(ctx.db, {
      ...input,
      workspaceId: workspaceOf(ctx),
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
    }),
});

export const auditOperations = [auditList] as const;

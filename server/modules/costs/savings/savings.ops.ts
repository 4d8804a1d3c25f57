import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { savingsAdvice } from "./savings.ts";

const zDay = z.iso.date();

export const costsSavings = defineOperation({
  name: "costs.savings",
  summary:
    "Savings advice: unused commitments, commitment coverage, spot candidates, idle and oversized VMs, unattached volumes",
  description:
    "Each item has an estimated monthly saving, the resource or commitment it concerns and the " +
    "assumption behind the estimate. Commitment and spot advice reads the ledger; idle and " +
    `oversized VMs are judged on their CPU metrics over the last 14 days, unattached volumes on ` +
    "the inventory, each priced by its cost in the ledger. The window defaults to the last 30 days.",
  input: z.object({
    from: zDay.optional(),
    to: zDay.optional().describe("Exclusive end day"),
    currency: z.string().length(3).optional(),
  }),
  output: z.object({
    currency: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    coverage: z.string().nullable().describe("% of compute usage cost covered by commitments"),
    utilisation: z.string().nullable().describe("% of commitment cost that was used"),
    totalMonthlySaving: z.string(),
    items: z.array(
      z.object({
        kind: z.enum([
          "unused-commitment",
          "commitment-coverage",
          "spot",
          "idle",
          "rightsizing",
          "unattached",
        ]),
        title: z.string(),
        detail: z.string(),
        resourceId: z.string().nullable().describe("The ledger's ResourceId"),
        inventoryId: z
          .string()
          .nullable()
          .describe("The inventory resource, for VM and volume advice"),
        commitmentId: z.string().nullable(),
        monthlySaving: z.string(),
        confidence: z.enum(["high", "medium", "low"]),
        assumption: z.string().nullable(),
      }),
    ),
    unavailable: z
      .array(z.string())
      .describe("Advice that could not be judged, and what it needs (inventory, metrics)"),
  }),
  permission: "costs:read",
  mutates: false,
  // No read cache: the default window moves with the clock.
  handler: async (input, ctx) => {
    const to = input.to ?? new Date().toISOString().slice(0, 10);
    const from =
      input.from ?? new Date(Date.parse(to) - 30 * 86_400_000).toISOString().slice(0, 10);
    return savingsAdvice(ctx.db, {
      workspaceId: workspaceOf(ctx),
      from,
      to,
      currency: input.currency,
    });
  },
});

export const savingsOperations = [costsSavings] as const;

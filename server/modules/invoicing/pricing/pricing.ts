import { z } from "zod";
import { zAmount, zMarkup, zPercent } from "../invoicing.zod.ts";

const zOverride = z.strictObject({
  provider: z.string().trim().min(1).max(120).optional(),
  service: z.string().trim().min(1).max(200).optional(),
  markupPercent: zMarkup,
});

/**
 * How a client (or one of its projects) is charged. Every part is optional and they combine:
 * an agency might pass cloud cost through at +15 %, charge a €500 retainer and bill hours.
 */
export const zPricingPlan = z.strictObject({
  cloud: z
    .strictObject({
      /** Which cost the client pays: what was billed, or the amortised effective cost. */
      basis: z.enum(["BilledCost", "EffectiveCost"]).default("BilledCost"),
      markupPercent: zMarkup.default("0"),
      /** The first override whose provider/service match wins over markupPercent. */
      overrides: z.array(zOverride).max(50).default([]),
      /** One invoice line per service, or per provider. */
      lineGrouping: z.enum(["service", "provider"]).default("service"),
    })
    .nullable()
    .default(null)
    .describe("Cloud cost pass-through; null bills no cloud cost"),
  retainer: z
    .strictObject({ amount: zAmount, description: z.string().trim().min(1).max(200) })
    .nullable()
    .default(null)
    .describe("A fixed monthly amount"),
  hourly: z
    .strictObject({
      /** Used for time entries logged without a rate. */
      defaultRate: zAmount.nullable().default(null),
      /**
       * The client's rate card by task type: time on a task carrying the label is billed at
       * this rate, whoever logged it. The first matching label wins; it beats personal rates.
       */
      taskRates: z
        .array(z.strictObject({ label: z.string().trim().min(1).max(40), rate: zAmount }))
        .max(50)
        .default([])
        .refine((rates) => new Set(rates.map((r) => r.label)).size === rates.length, {
          message: "names a task type twice",
        }),
    })
    .nullable()
    .default(null)
    .describe("Bill billable time entries; null bills no time"),
  resourceFee: z
    .strictObject({ amount: zAmount, description: z.string().trim().min(1).max(200) })
    .nullable()
    .default(null)
    .describe("A fee per distinct cloud resource allocated to the client in the period"),
  minimumFee: zAmount.nullable().default(null).describe("The least a monthly invoice comes to"),
  discountPercent: zPercent.nullable().default(null),
  taxRate: zPercent.nullable().default(null).describe("Overrides the client's tax rate"),
  autoDraft: z
    .boolean()
    .default(false)
    .describe("Draft last month's invoice on the 1st of every month, for review"),
});

export type PricingPlan = z.infer<typeof zPricingPlan>;

export const EMPTY_PLAN: PricingPlan = zPricingPlan.parse({});

/** The markup for a provider/service under the plan. */
export function markupFor(
  cloud: NonNullable<PricingPlan["cloud"]>,
  provider: string | null,
  service: string | null,
): string {
  const match = cloud.overrides.find(
    (o) => (!o.provider || o.provider === provider) && (!o.service || o.service === service),
  );
  return match?.markupPercent ?? cloud.markupPercent;
}

/** The client's rate for time on a task with these labels, and the label that set it. */
export function taskRateFor(
  hourly: NonNullable<PricingPlan["hourly"]>,
  labels: readonly string[] | null,
): { label: string; rate: string } | null {
  if (!labels || labels.length === 0) return null;
  return hourly.taskRates.find((r) => labels.includes(r.label)) ?? null;
}

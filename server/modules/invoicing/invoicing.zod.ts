import { z } from "zod";
import { isCurrency } from "./money/currency.ts";

const DECIMAL = /^-?\d{1,12}(\.\d{1,6})?$/;

/** An exact decimal as a string ("12.5", "-3.25"), at most 12 integer and 6 fraction digits. */
export const zDecimal = z
  .string()
  .trim()
  .regex(DECIMAL, "must be a decimal number such as 12.50")
  .describe("An exact decimal, as a string");

export const zAmount = zDecimal
  .refine((v) => !v.startsWith("-"), "must not be negative")
  .describe("A non-negative decimal amount, as a string");

export const zPercent = zAmount
  .refine((v) => Number(v) <= 100, "must be at most 100")
  .describe("A percent from 0 to 100, as a decimal string");

/** A markup may exceed 100 % (cost × 3 is a 200 % markup) but not go below −100 %. */
export const zMarkup = zDecimal
  .refine((v) => Number(v) >= -100 && Number(v) <= 10_000, "must be between -100 and 10000")
  .describe("Markup percent on cost, as a decimal string");

export const zCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrency, "must be an ISO 4217 currency code such as EUR")
  .describe("ISO 4217 currency code");

export const zDay = z.iso.date().describe("A calendar day, YYYY-MM-DD");

export const zAddress = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(120),
  postalCode: z.string().trim().max(20).optional(),
  region: z.string().trim().max(120).optional(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "must be a two-letter ISO 3166 country code"),
});
export type Address = z.infer<typeof zAddress>;

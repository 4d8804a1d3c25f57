import Decimal from "decimal.js";
import { moneyString, roundMoney } from "../../invoicing/money/currency.ts";

export const ROUNDING_MODES = ["none", "up", "nearest", "down"] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** A project's rule for billable time, applied to each entry on its own (as Harvest does). */
export interface TimeRounding {
  mode: RoundingMode;
  /** The increment, 1 to 60 minutes. */
  minutes: number;
}

export const NO_ROUNDING: TimeRounding = { mode: "none", minutes: 1 };

/** The stored jsonb read defensively: anything unexpected means no rounding. */
export function roundingOf(value: unknown): TimeRounding {
  if (!value || typeof value !== "object") return NO_ROUNDING;
  const { mode, minutes } = value as Record<string, unknown>;
  if (!ROUNDING_MODES.includes(mode as RoundingMode)) return NO_ROUNDING;
  if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 1 || minutes > 60)
    return NO_ROUNDING;
  return { mode: mode as RoundingMode, minutes };
}

/**
 * Seconds after rounding to the increment: up (ceil), nearest (a half increment rounds up) or
 * down (floor, which may give 0 for a short entry).
 */
export function roundSeconds(seconds: number, rounding: TimeRounding): number {
  if (rounding.mode === "none") return seconds;
  const step = rounding.minutes * 60;
  const steps = seconds / step;
  const whole =
    rounding.mode === "up"
      ? Math.ceil(steps)
      : rounding.mode === "down"
        ? Math.floor(steps)
        : Math.floor(steps + 0.5);
  return whole * step;
}

/** Hours to two decimals, exact from whole seconds (never through a float). */
export function hoursOf(seconds: number): string {
  return new Decimal(seconds).div(3600).toFixed(2, Decimal.ROUND_HALF_UP);
}

/**
 * What one entry bills: rate × hours, rounded half-up to the currency's minor unit (cents for
 * USD and EUR). Totals add these rounded amounts so a report and an invoice agree line by line.
 */
export function entryAmount(rate: string, seconds: number, currency: string): Decimal {
  return roundMoney(new Decimal(rate).times(seconds).div(3600), currency, "half-up");
}

/** Adds amounts per currency; currencies are never added together. */
export function addAmount(sums: Map<string, Decimal>, currency: string, amount: Decimal) {
  sums.set(currency, (sums.get(currency) ?? new Decimal(0)).plus(amount));
}

/** Amounts per currency as the API shows them, alphabetically. */
export function amountsOf(sums: Map<string, Decimal>) {
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => ({ currency, amount: moneyString(amount, currency) }));
}

import { z } from "zod";

/** A timestamp: a Date inside the server, an ISO 8601 string on the wire. */
export const zTimestamp = z.codec(z.date(), z.iso.datetime(), {
  decode: (date) => date.toISOString(),
  encode: (text) => new Date(text),
});

export const zId = z.uuid();
export const zEmail = z.email().max(254);
export const zName = z.string().trim().min(1).max(120);
export const zPassword = z.string().min(1).max(256);
export const zOk = z.object({ ok: z.literal(true) });

/** An ISO 4217 code as people type it: `usd` reads as USD; anything else is refused, not empty. */
export const zCurrencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as USD");

import { z } from "zod";

/**
 * Attribute values log lines must have (logs.search, logs.histogram, the live tail, saved
 * searches), compared as text; a dotted key also reads nested JSON (log-search.ts).
 */
export const zLogAttributes = z
  .record(z.string().trim().min(1).max(200), z.string().max(500))
  .refine((a) => Object.keys(a).length <= 5, "at most 5 attributes");

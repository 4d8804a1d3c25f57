import type { Level } from "./log-line.ts";

/** What a live tail follows: the Logs explorer's filters. */
export interface TailFilter {
  q?: string;
  service?: string;
  level?: Level;
  resourceId?: string;
  attributes?: Record<string, string>;
}

/**
 * An attribute's value as text, the way the search reads it (log-search.ts): a flat key first,
 * else a dotted path into nested JSON; objects as JSON. Undefined when the line has none.
 */
function attributeText(attributes: Record<string, unknown>, key: string): string | undefined {
  let value: unknown = attributes[key];
  if (value === undefined) {
    value = attributes;
    for (const part of key.split(".")) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Whether a line's attributes hold every value the filter asks for. */
export function matchesAttributes(
  attributes: Record<string, unknown>,
  wanted: Record<string, string> | undefined,
): boolean {
  for (const [key, value] of Object.entries(wanted ?? {}))
    if (attributeText(attributes, key) !== value) return false;
  return true;
}

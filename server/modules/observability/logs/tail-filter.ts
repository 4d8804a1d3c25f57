import { keyReadings } from "./attribute-keys.ts";
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
 * An attribute's value as text, the way the search reads it (log-search.ts): the first reading
 * of the dotted key that finds a value (attribute-keys.ts); objects as JSON. Undefined when the
 * line has none.
 */
function attributeText(attributes: Record<string, unknown>, key: string): string | undefined {
  for (const { head, path } of keyReadings(key)) {
    let value: unknown = attributes[head];
    for (const part of path) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        value = undefined;
        break;
      }
      value = (value as Record<string, unknown>)[part];
    }
    if (value === undefined || value === null) continue;
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return undefined;
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

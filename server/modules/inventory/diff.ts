import type { ResourceDiff, ValueChange } from "./inventory.schema.ts";

/**
 * JSON with object keys sorted: jsonb does not keep key order, so two equal values read back from
 * the database and from a connector must serialise alike before they are compared.
 */
export function stableJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

/** Attributes as they will read back from jsonb (dates as ISO strings, undefined dropped). */
export function toJsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}

function diffMaps(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, ValueChange> {
  const changes: Record<string, ValueChange> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[key];
    const a = after[key];
    if (stableJson(b) !== stableJson(a)) changes[key] = { before: b ?? null, after: a ?? null };
  }
  return changes;
}

export interface Comparable {
  name: string;
  state: string | null;
  type: string;
  nativeType: string;
  region: string;
  costResourceId: string | null;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
  relations: string;
}

/** What changed between two observations of a resource; null when nothing did. */
export function diffResource(before: Comparable, after: Comparable): ResourceDiff | null {
  const pick = (c: Comparable) => ({
    name: c.name,
    state: c.state,
    type: c.type,
    nativeType: c.nativeType,
    region: c.region,
    costResourceId: c.costResourceId,
    relations: c.relations,
  });
  const diff: ResourceDiff = {
    fields: diffMaps(pick(before), pick(after)),
    attributes: diffMaps(before.attributes, after.attributes),
    tags: diffMaps(before.tags, after.tags),
  };
  const changed =
    Object.keys(diff.fields).length +
    Object.keys(diff.attributes).length +
    Object.keys(diff.tags).length;
  return changed > 0 ? diff : null;
}

/**
 * Cached data without the object a delete removed: every array in it loses its elements whose
 * `id` is the deleted one (ids are uuids, unique across kinds). Whatever did not change keeps
 * its identity, so only views that showed the object render again. A page the user goes back to
 * after a delete then no longer shows the row until its refetch returns.
 */
export function withoutId(data: unknown, id: string): unknown {
  if (Array.isArray(data)) {
    let changed = false;
    const kept: unknown[] = [];
    for (const item of data) {
      if (isObject(item) && item.id === id) {
        changed = true;
        continue;
      }
      const next = withoutId(item, id);
      if (next !== item) changed = true;
      kept.push(next);
    }
    return changed ? kept : data;
  }
  if (isObject(data)) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(data)) {
      const next = withoutId(value, id);
      if (next === value) continue;
      copy ??= { ...data };
      copy[key] = next;
    }
    return copy ?? data;
  }
  return data;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

/** The id an operation deletes, when it is a `….delete` or `….remove` of `{ id }`. */
export function deletedId(operation: string, input: unknown): string | undefined {
  if (!/\.(delete|remove)$/.test(operation) || !isObject(input)) return undefined;
  return typeof input.id === "string" ? input.id : undefined;
}

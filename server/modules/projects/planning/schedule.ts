// Rescheduling on the roadmap: finish-to-start dependencies, a dependent either moves along
// (cascade) or is reported (check). Pure, so the rules are tested without a database.

import { addDays, dayNumber } from "../../costs/analysis/daily-series.ts";

export interface Span {
  id: string;
  title: string;
  /** Null for a milestone: it starts and ends on its date. */
  start: string | null;
  end: string;
}

export interface Dependency {
  itemId: string;
  dependsOnId: string;
}

export interface Conflict {
  itemId: string;
  dependsOnId: string;
  message: string;
}

export interface Reschedule {
  /** New dates of every item that moves, the dragged one first. */
  moved: { id: string; start: string | null; end: string }[];
  /** Dependencies the new dates break and that were not (or could not be) repaired. */
  conflicts: Conflict[];
}

const startOf = (span: Span) => span.start ?? span.end;

/**
 * Moves one item to new dates. A successor may start on the day its predecessor ends. With
 * `cascade`, successors that would start too early shift forward by just enough, keeping their
 * length, and their successors after them; predecessors never move — starting before one is a
 * conflict the person has to resolve.
 */
export function reschedule(
  items: ReadonlyMap<string, Span>,
  dependencies: readonly Dependency[],
  move: { id: string; start: string | null; end: string },
  cascade: boolean,
): Reschedule {
  const current = new Map<string, Span>();
  for (const [id, span] of items) current.set(id, { ...span });
  const dragged = current.get(move.id);
  if (!dragged) throw new Error(`unknown roadmap item ${move.id}`);
  dragged.start = move.start;
  dragged.end = move.end;

  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const d of dependencies) {
    successors.set(d.dependsOnId, [...(successors.get(d.dependsOnId) ?? []), d.itemId]);
    predecessors.set(d.itemId, [...(predecessors.get(d.itemId) ?? []), d.dependsOnId]);
  }

  const conflicts: Conflict[] = [];
  const describe = (item: Span, before: Span) =>
    `${item.title} starts ${startOf(item)}, before ${before.title} ends ${before.end}`;
  for (const p of predecessors.get(move.id) ?? []) {
    const before = current.get(p);
    if (before && startOf(dragged) < before.end) {
      conflicts.push({ itemId: move.id, dependsOnId: p, message: describe(dragged, before) });
    }
  }

  const movedIds = [move.id];
  const queue = [move.id];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const before = current.get(id) as Span;
    for (const next of successors.get(id) ?? []) {
      const item = current.get(next);
      if (!item || startOf(item) >= before.end) continue;
      if (!cascade) {
        conflicts.push({ itemId: next, dependsOnId: id, message: describe(item, before) });
        continue;
      }
      const shift = dayNumber(before.end) - dayNumber(startOf(item));
      item.start = item.start === null ? null : addDays(item.start, shift);
      item.end = addDays(item.end, shift);
      if (!movedIds.includes(next)) movedIds.push(next);
      queue.push(next);
    }
  }
  return {
    moved: movedIds.map((id) => {
      const span = current.get(id) as Span;
      return { id, start: span.start, end: span.end };
    }),
    conflicts,
  };
}

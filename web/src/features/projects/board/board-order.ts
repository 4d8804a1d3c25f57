import { generateKeyBetween } from "fractional-indexing";
import { byRank, type TaskRow } from "../task-format.ts";

/** Where a dropped card lands, as the neighbours tasks.move takes. */
export interface Placement {
  columnId: string;
  afterId?: string;
  beforeId?: string;
}

/** The project's tasks per column, each in rank order. */
export function groupByColumn(tasks: TaskRow[], columnIds: string[]): Map<string, TaskRow[]> {
  const groups = new Map<string, TaskRow[]>(columnIds.map((id) => [id, []]));
  for (const task of tasks) groups.get(task.columnId)?.push(task);
  for (const list of groups.values()) list.sort(byRank);
  return groups;
}

/**
 * The neighbours of a card dropped on `overId` (a card) in `column` (without the dragged card):
 * after it when dropped on its lower half, else before it; on the column itself, at the end.
 */
export function placementOf(
  column: TaskRow[],
  columnId: string,
  activeId: string,
  overId: string | null,
  isBelowOver: boolean,
): Placement {
  const others = column.filter((t) => t.id !== activeId);
  const at = overId ? others.findIndex((t) => t.id === overId) : -1;
  if (at < 0) return { columnId, afterId: others.at(-1)?.id };
  const index = isBelowOver ? at + 1 : at;
  return { columnId, afterId: others[index - 1]?.id, beforeId: others[index]?.id };
}

/** Whether a placement leaves the task where it already is. */
export function isSamePlace(column: TaskRow[], task: TaskRow, placement: Placement): boolean {
  if (task.columnId !== placement.columnId) return false;
  const index = column.findIndex((t) => t.id === task.id);
  return (
    column[index - 1]?.id === placement.afterId && column[index + 1]?.id === placement.beforeId
  );
}

/**
 * The rank the server will most likely give (the same fractional-indexing keys), for the
 * optimistic board; the server's answer replaces it.
 */
export function provisionalRank(all: TaskRow[], placement: Placement): string {
  const rankOf = (id: string | undefined) => all.find((t) => t.id === id)?.rank ?? null;
  const lower = rankOf(placement.afterId);
  const upper = rankOf(placement.beforeId);
  try {
    if (lower !== null || upper !== null) return generateKeyBetween(lower, upper);
  } catch {
    // Equal neighbours: the server re-ranks; until then, just after the lower one.
  }
  const last = all.reduce<string | null>(
    (max, t) => (max === null || t.rank > max ? t.rank : max),
    null,
  );
  return generateKeyBetween(lower ?? last, null);
}

import { generateKeyBetween } from "fractional-indexing";
import type { TaskRow } from "../task-format.ts";
import type { Board } from "./use-board.ts";

/** Where a dropped card lands, as the neighbours tasks.move takes. */
export interface Placement {
  columnId: string;
  afterId?: string;
  beforeId?: string;
}

/**
 * The board with a card moved (optimistically, until the server answers): out of its column and
 * into the target's loaded cards where it was dropped; a done column shows it first, as the
 * latest completed. The columns' counts follow.
 */
export function placeCard(board: Board, moved: TaskRow, placement: Placement, isDone: boolean) {
  return {
    columns: board.columns.map((column) => {
      const had = column.tasks.some((t) => t.id === moved.id);
      const isTarget = column.columnId === placement.columnId;
      if (!had && !isTarget) return column;
      const tasks = column.tasks.filter((t) => t.id !== moved.id);
      const change = (isTarget ? 1 : 0) - (had ? 1 : 0);
      if (isTarget) tasks.splice(insertionIndex(tasks, placement, isDone), 0, moved);
      return { ...column, tasks, count: column.count + change, total: column.total + change };
    }),
  };
}

function insertionIndex(tasks: TaskRow[], placement: Placement, isDone: boolean): number {
  if (isDone) return 0;
  const after = tasks.findIndex((t) => t.id === placement.afterId);
  if (after >= 0) return after + 1;
  const before = tasks.findIndex((t) => t.id === placement.beforeId);
  return before >= 0 ? before : tasks.length;
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

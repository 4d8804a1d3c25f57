import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import {
  type ApiError,
  call,
  type OperationInput,
  type OperationOutput,
} from "../../../lib/api.ts";
import { keys } from "../../../lib/query.ts";
import { useSession } from "../../../lib/session.tsx";

export type Board = OperationOutput<"tasks.board">;
export type BoardColumnData = Board["columns"][number];
type BoardInput = OperationInput<"tasks.board">;

/** Cards a column loads at a time. */
export const BOARD_PAGE = 50;
// The server's largest page, for refreshing a column scrolled deep in few round trips.
const MAX_PAGE = 500;

/** A column with its next page after it; a card already shown (moved here meanwhile) once. */
export function appendPage(column: BoardColumnData, next: BoardColumnData): BoardColumnData {
  const seen = new Set(column.tasks.map((t) => t.id));
  return { ...next, tasks: [...column.tasks, ...next.tasks.filter((t) => !seen.has(t.id))] };
}

async function nextPage(input: BoardInput, column: BoardColumnData, limit: number) {
  const { columns } = await call("tasks.board", {
    ...input,
    columnId: column.columnId,
    cursor: column.nextCursor ?? undefined,
    limit,
  });
  return appendPage(column, columns[0] ?? { ...column, tasks: [], nextCursor: null });
}

/**
 * The first page of every column; on a refresh (a realtime event, after a write) each column
 * is loaded again as deep as it was scrolled, so nothing jumps under the reader.
 */
async function loadBoard(input: BoardInput, previous: Board | undefined): Promise<Board> {
  const board = await call("tasks.board", { ...input, limit: BOARD_PAGE });
  const depth = new Map(previous?.columns.map((c) => [c.columnId, c.tasks.length]));
  const columns = await Promise.all(
    board.columns.map(async (column) => {
      let loaded = column;
      const want = depth.get(column.columnId) ?? 0;
      while (loaded.nextCursor && loaded.tasks.length < want)
        loaded = await nextPage(input, loaded, Math.min(MAX_PAGE, want - loaded.tasks.length));
      return loaded;
    }),
  );
  return { columns };
}

/**
 * The board of a project a page per column (tasks.board), narrowed by the search words, with
 * a way to load a column's next page and to rewrite the cached board (optimistic moves).
 */
export function useBoard(projectId: string, q: string) {
  const queryClient = useQueryClient();
  const { workspace } = useSession();
  const input = useMemo<BoardInput>(() => (q ? { projectId, q } : { projectId }), [projectId, q]);
  const key = useMemo(
    () => keys.op(workspace?.id ?? "none", "tasks.board", input),
    [workspace?.id, input],
  );
  const query = useQuery<Board, ApiError>({
    queryKey: key,
    queryFn: () => loadBoard(input, queryClient.getQueryData<Board>(key)),
    // A new search keeps the cards on screen until its own arrive.
    placeholderData: keepPreviousData,
  });
  const setData = useCallback(
    (update: (data: Board) => Board) => {
      const previous = queryClient.getQueryData<Board>(key);
      if (previous) queryClient.setQueryData(key, update(previous));
      return previous;
    },
    [queryClient, key],
  );
  const restore = useCallback(
    (previous: Board | undefined) => queryClient.setQueryData(key, previous),
    [queryClient, key],
  );
  const cancel = useCallback(
    () => queryClient.cancelQueries({ queryKey: key }),
    [queryClient, key],
  );

  // Per column: a next page on its way, or the last one that failed (to offer a retry).
  const inFlight = useRef(new Set<string>());
  const [more, setMore] = useState<ReadonlyMap<string, MoreState>>(new Map());
  const mark = useCallback((columnId: string, state: MoreState | undefined) => {
    if (state === "loading") inFlight.current.add(columnId);
    else inFlight.current.delete(columnId);
    setMore((current) => {
      const next = new Map(current);
      if (state) next.set(columnId, state);
      else next.delete(columnId);
      return next;
    });
  }, []);
  const loadMore = useCallback(
    async (columnId: string) => {
      const board = queryClient.getQueryData<Board>(key);
      const column = board?.columns.find((c) => c.columnId === columnId);
      if (!column?.nextCursor || inFlight.current.has(columnId)) return;
      mark(columnId, "loading");
      try {
        const loaded = await nextPage(input, column, BOARD_PAGE);
        // Only onto the page it continues: a refresh meanwhile has already replaced it.
        setData((data) => ({
          columns: data.columns.map((c) =>
            c.columnId === columnId && c.nextCursor === column.nextCursor ? loaded : c,
          ),
        }));
        mark(columnId, undefined);
      } catch {
        mark(columnId, "failed");
      }
    },
    [queryClient, key, input, setData, mark],
  );
  return { query, setData, restore, cancel, loadMore, more };
}

/** Where a column's next page is: on its way, or failed (the column offers to try again). */
export type MoreState = "loading" | "failed";

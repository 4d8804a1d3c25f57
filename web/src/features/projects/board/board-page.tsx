import {
  type CollisionDetection,
  closestCorners,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { Search } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { QueryState } from "../../../components/query-state.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Skeleton } from "../../../components/ui/skeleton.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { useShortcuts } from "../shortcuts.tsx";
import { NewTaskDialog } from "../task/new-task-dialog.tsx";
import { useOpenTask, useProject } from "../use-project.ts";
import { useMembers } from "../use-project-data.ts";
import { BoardColumn } from "./board-column.tsx";
import {
  isSamePlace,
  type Placement,
  placeCard,
  placementOf,
  provisionalRank,
} from "./board-order.ts";
import { TaskCard } from "./task-card.tsx";
import { useBoard } from "./use-board.ts";

// Cards under the pointer first; between columns, the nearest corner decides.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  const cards = hits.filter((h) => !String(h.id).startsWith("column:"));
  if (cards.length) return cards;
  return hits.length ? hits : closestCorners(args);
};

/** The value once it has stopped changing for `ms` (a search as typed, asked once). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The kanban board, a page per column (more as a column is scrolled): drag across columns and
 * within them; saved at once, undone on error. The search narrows every column on the server.
 */
export function BoardPage() {
  const project = useProject();
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  const toast = useToast();
  const openTask = useOpenTask();
  const { byId: members } = useMembers();
  const [search, setSearch] = useState("");
  const words = useSettled(search.trim(), 250);
  const { query, setData, restore, cancel, loadMore, more } = useBoard(project.id, words);
  const move = useOperationMutation("tasks.move");
  const [activeId, setActiveId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [addingTo, setAddingTo] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const columns = useMemo(
    () => new Map(query.data?.columns.map((c) => [c.columnId, c])),
    [query.data],
  );
  const all = useMemo(() => query.data?.columns.flatMap((c) => c.tasks) ?? [], [query.data]);
  const order = useMemo(
    () => project.columns.flatMap((c) => (columns.get(c.id)?.tasks ?? []).map((t) => t.id)),
    [project.columns, columns],
  );
  const step = (by: number) => {
    if (order.length === 0) return;
    const at = selectedId ? order.indexOf(selectedId) : -1;
    setSelectedId(order[Math.min(order.length - 1, Math.max(0, at + by))] ?? null);
  };
  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    enter: () => selectedId && openTask(selectedId),
  });

  const onDragStart = (event: DragStartEvent) => setActiveId(String(event.active.id));
  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setActiveId(null);
    const task = all.find((t) => t.id === active.id);
    if (!over || !task) return;
    const overId = String(over.id);
    const columnId = overId.startsWith("column:")
      ? overId.slice("column:".length)
      : all.find((t) => t.id === overId)?.columnId;
    if (!columnId) return;
    const cards = columns.get(columnId)?.tasks ?? [];
    // A done column is in order of completion, so a card dropped there goes first, and
    // reordering inside it would not show.
    const isDone = project.columns.find((c) => c.id === columnId)?.category === "done";
    if (isDone && task.columnId === columnId) return;
    const activeRect = active.rect.current.translated;
    const isBelow = activeRect
      ? activeRect.top + activeRect.height / 2 > over.rect.top + over.rect.height / 2
      : false;
    // Among the loaded cards: dropped below the last one of a column not fully loaded, it
    // lands right after it (where it was dropped), not after cards nobody has seen yet.
    const placement: Placement = isDone
      ? { columnId }
      : placementOf(
          cards,
          columnId,
          task.id,
          overId.startsWith("column:") ? null : overId,
          isBelow,
        );
    if (isSamePlace(cards, task, placement)) return;
    await cancel();
    const moved = {
      ...task,
      columnId,
      rank: provisionalRank(all, placement),
      completedAt: isDone ? (task.completedAt ?? new Date().toISOString()) : null,
    };
    const previous = setData((board) => placeCard(board, moved, placement, isDone));
    move.mutate(
      { id: task.id, ...placement },
      {
        onSuccess: ({ wip }) => {
          if (wip.isOver)
            toast({
              title: `Over the WIP limit of ${project.columns.find((c) => c.id === columnId)?.name}`,
              description: `${wip.count} tasks, limit ${wip.limit}`,
              variant: "info",
            });
        },
        onError: (error) => {
          restore(previous);
          toast({
            title: `${task.key} was not moved`,
            description: errorMessage(error),
            variant: "error",
          });
        },
      },
    );
  };
  const active = activeId ? all.find((t) => t.id === activeId) : undefined;
  const sum = (of: "count" | "total") =>
    (query.data?.columns ?? []).reduce((n, c) => n + c[of], 0).toLocaleString();
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full max-w-xs">
          <Search
            className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
            aria-hidden
          />
          <Input
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Filter cards…  ( / )"
            aria-label="Filter the board"
            className="pl-8"
            data-shortcut-search
            onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
          />
        </div>
        {query.data && (
          <p className="text-xs text-muted-foreground" aria-live="polite">
            {words ? `${sum("total")} of ${sum("count")} tasks match` : `${sum("count")} tasks`}
          </p>
        )}
      </div>
      <QueryState
        query={query}
        loading={
          <div className="flex gap-3" role="status" aria-label="Loading the board">
            {project.columns.map((c) => (
              <Skeleton key={c.id} className="h-96 w-72 shrink-0 rounded-xl" />
            ))}
          </div>
        }
      >
        {() => (
          <DndContext
            sensors={sensors}
            collisionDetection={collision}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            onDragCancel={() => setActiveId(null)}
          >
            <div
              className="flex h-[calc(100vh-19rem)] min-h-[26rem] gap-3 overflow-x-auto pb-2"
              data-testid="board"
            >
              {project.columns.map((column) => (
                <BoardColumn
                  key={column.id}
                  column={column}
                  page={columns.get(column.id)}
                  more={more.get(column.id)}
                  onLoadMore={loadMore}
                  members={members}
                  selectedId={selectedId}
                  onOpen={openTask}
                  canDrag={canWrite}
                  onAdd={canWrite ? () => setAddingTo(column.id) : undefined}
                />
              ))}
            </div>
            <DragOverlay dropAnimation={null}>
              {active ? (
                <div data-testid="drag-overlay">
                  <TaskCard
                    task={active}
                    assignee={active.assigneeId ? members.get(active.assigneeId) : undefined}
                    className="w-68 rotate-2 shadow-lg"
                  />
                </div>
              ) : null}
            </DragOverlay>
          </DndContext>
        )}
      </QueryState>
      <NewTaskDialog
        project={project}
        open={addingTo !== null}
        onOpenChange={(open) => !open && setAddingTo(null)}
        columnId={addingTo ?? undefined}
      />
    </div>
  );
}

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
import { useMemo, useState } from "react";
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
import type { TaskRow } from "../task-format.ts";
import { useOpenTask, useProject } from "../use-project.ts";
import { boardInput, useMembers, useTaskList } from "../use-project-data.ts";
import { BoardColumn } from "./board-column.tsx";
import {
  groupByColumn,
  isSamePlace,
  type Placement,
  placementOf,
  provisionalRank,
} from "./board-order.ts";
import { TaskCard } from "./task-card.tsx";

// Cards under the pointer first; between columns, the nearest corner decides.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  const cards = hits.filter((h) => !String(h.id).startsWith("column:"));
  if (cards.length) return cards;
  return hits.length ? hits : closestCorners(args);
};

function matches(task: TaskRow, words: string): boolean {
  if (!words) return true;
  const text = `${task.key} ${task.title} ${task.labels.join(" ")}`.toLowerCase();
  return words.split(/\s+/).every((w) => text.includes(w));
}

/** The kanban board: drag across columns and within them; saved at once, undone on error. */
export function BoardPage() {
  const project = useProject();
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  const toast = useToast();
  const openTask = useOpenTask();
  const { byId: members } = useMembers();
  const input = useMemo(() => boardInput(project.id), [project.id]);
  const { query, setData, restore, cancel } = useTaskList(input);
  const move = useOperationMutation("tasks.move");
  const [search, setSearch] = useState("");
  const [activeId, setActiveId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [addingTo, setAddingTo] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const columnIds = useMemo(() => project.columns.map((c) => c.id), [project.columns]);
  const all = query.data?.tasks;
  const groups = useMemo(() => groupByColumn(all ?? [], columnIds), [all, columnIds]);
  const words = search.trim().toLowerCase();
  const shown = useMemo(() => {
    if (!words) return groups;
    return new Map([...groups].map(([id, list]) => [id, list.filter((t) => matches(t, words))]));
  }, [groups, words]);
  const order = useMemo(
    () => columnIds.flatMap((id) => (shown.get(id) ?? []).map((t) => t.id)),
    [columnIds, shown],
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
    const task = all?.find((t) => t.id === active.id);
    if (!over || !task || !all) return;
    const overId = String(over.id);
    const columnId = overId.startsWith("column:")
      ? overId.slice("column:".length)
      : all.find((t) => t.id === overId)?.columnId;
    if (!columnId) return;
    const column = groups.get(columnId) ?? [];
    const activeRect = active.rect.current.translated;
    const isBelow = activeRect
      ? activeRect.top + activeRect.height / 2 > over.rect.top + over.rect.height / 2
      : false;
    const placement: Placement = placementOf(
      column,
      columnId,
      task.id,
      overId.startsWith("column:") ? null : overId,
      isBelow,
    );
    if (isSamePlace(column, task, placement)) return;
    await cancel();
    const isDone = project.columns.find((c) => c.id === columnId)?.category === "done";
    const rank = provisionalRank(all, placement);
    const previous = setData((data) => ({
      ...data,
      tasks: data.tasks.map((t) =>
        t.id === task.id
          ? {
              ...t,
              columnId,
              rank,
              completedAt: isDone ? (t.completedAt ?? new Date().toISOString()) : null,
            }
          : t,
      ),
    }));
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
  const active = activeId ? all?.find((t) => t.id === activeId) : undefined;
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
            {query.data.total} tasks{query.data.nextCursor ? " (showing the first 5,000)" : ""}
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
                  tasks={shown.get(column.id) ?? []}
                  count={groups.get(column.id)?.length ?? 0}
                  members={members}
                  selectedId={selectedId}
                  onOpen={openTask}
                  canDrag={canWrite}
                  onAdd={canWrite ? () => setAddingTo(column.id) : undefined}
                  olderDone={
                    query.data?.olderDone?.[column.id]
                      ? {
                          count: query.data.olderDone[column.id] ?? 0,
                          href: `/projects/${project.key}/list`,
                        }
                      : undefined
                  }
                />
              ))}
            </div>
            <DragOverlay dropAnimation={null}>
              {active ? (
                <TaskCard
                  task={active}
                  assignee={active.assigneeId ? members.get(active.assigneeId) : undefined}
                  className="w-68 rotate-2 shadow-lg"
                />
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

import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ListOrdered } from "lucide-react";
import { useMemo, useRef, useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { provisionalRank } from "./board/board-order.ts";
import { useShortcuts } from "./shortcuts.tsx";
import { byRank, type Member, type TaskRow } from "./task-format.ts";
import { TaskLine } from "./task-row.tsx";
import { useOpenTask, useProject } from "./use-project.ts";
import { useMembers, useTaskList } from "./use-project-data.ts";

function SortableLine(props: {
  task: TaskRow;
  columnName: string | undefined;
  assignee: Member | undefined;
  isSelected: boolean;
  canDrag: boolean;
  onOpen: (id: string) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: props.task.id,
    disabled: !props.canDrag,
  });
  return (
    <TaskLine
      ref={setNodeRef}
      task={props.task}
      columnName={props.columnName}
      assignee={props.assignee}
      isSelected={props.isSelected}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={isDragging ? "relative z-10 bg-card shadow-md" : "bg-card"}
      {...attributes}
      {...listeners}
      onClick={() => props.onOpen(props.task.id)}
    />
  );
}

/** Open tasks in no sprint, in rank order: drag to rank them. */
export function BacklogPage() {
  const project = useProject();
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  const toast = useToast();
  const openTask = useOpenTask();
  const { byId: members } = useMembers();
  const input = useMemo(
    () => ({ projectId: project.id, backlog: true, limit: 5000 }),
    [project.id],
  );
  const { query, setData, restore, cancel } = useTaskList(input);
  const move = useOperationMutation("tasks.move");
  const tasks = useMemo(() => [...(query.data?.tasks ?? [])].sort(byRank), [query.data]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 44,
    overscan: 10,
    getItemKey: (i) => tasks[i]!.id,
  });
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const columnName = (id: string) => project.columns.find((c) => c.id === id)?.name;
  const step = (by: number) => {
    const at = selectedId ? tasks.findIndex((t) => t.id === selectedId) : -1;
    const next = Math.min(tasks.length - 1, Math.max(0, at + by));
    setSelectedId(tasks[next]?.id ?? null);
    virtualizer.scrollToIndex(next);
  };
  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    enter: () => selectedId && openTask(selectedId),
  });

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = tasks.findIndex((t) => t.id === active.id);
    const to = tasks.findIndex((t) => t.id === over.id);
    const task = tasks[from];
    if (!task || to < 0) return;
    const others = tasks.filter((t) => t.id !== task.id);
    const placement = {
      columnId: task.columnId,
      afterId: others[to - 1]?.id,
      beforeId: others[to]?.id,
    };
    await cancel();
    const rank = provisionalRank(tasks, placement);
    const previous = setData((data) => ({
      ...data,
      tasks: data.tasks.map((t) => (t.id === task.id ? { ...t, rank } : t)),
    }));
    move.mutate(
      { id: task.id, ...placement },
      {
        onError: (error) => {
          restore(previous);
          toast({
            title: `${task.key} was not ranked`,
            description: errorMessage(error),
            variant: "error",
          });
        },
      },
    );
  };
  return (
    <Card>
      <QueryState
        query={query}
        loading={<SkeletonRows rows={8} label="Loading the backlog" />}
        isEmpty={(d) => d.tasks.length === 0}
        empty={
          <EmptyState
            icon={ListOrdered}
            title="The backlog is empty"
            description="Open tasks that are in no sprint appear here, most important first."
          />
        }
      >
        {() => (
          <>
            <p className="border-b px-3 py-2 text-xs text-muted-foreground">
              {tasks.length} open tasks in no sprint, most important first. Drag to rank them.
            </p>
            <div
              ref={scroller}
              className="h-[calc(100vh-18rem)] min-h-80 overflow-y-auto"
              data-testid="backlog"
            >
              <DndContext
                sensors={sensors}
                collisionDetection={closestCenter}
                onDragEnd={onDragEnd}
              >
                <SortableContext
                  items={tasks.map((t) => t.id)}
                  strategy={verticalListSortingStrategy}
                >
                  <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
                    {virtualizer.getVirtualItems().map((item) => {
                      const task = tasks[item.index]!;
                      return (
                        <div
                          key={item.key}
                          className="absolute inset-x-0 top-0"
                          style={{ transform: `translateY(${item.start}px)` }}
                        >
                          <SortableLine
                            task={task}
                            columnName={columnName(task.columnId)}
                            assignee={task.assigneeId ? members.get(task.assigneeId) : undefined}
                            isSelected={task.id === selectedId}
                            canDrag={canWrite}
                            onOpen={openTask}
                          />
                        </div>
                      );
                    })}
                  </div>
                </SortableContext>
              </DndContext>
            </div>
          </>
        )}
      </QueryState>
    </Card>
  );
}

import { useDroppable } from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Plus } from "lucide-react";
import { memo, useEffect, useRef } from "react";
import { Button } from "../../../components/ui/button.tsx";
import { cn } from "../../../lib/utils.ts";
import type { ProjectColumn } from "../project-context.ts";
import type { Member, TaskRow } from "../task-format.ts";
import { TaskCard } from "./task-card.tsx";
import type { BoardColumnData, MoreState } from "./use-board.ts";

const CARD_ESTIMATE = 104;
const GAP = 8;
// Ask for the next page while this many loaded cards are still below the view.
const LOAD_AHEAD = 10;
const NO_TASKS: TaskRow[] = [];

/** The droppable id of a column (cards use their task ids). */
export const columnDropId = (columnId: string) => `column:${columnId}`;

const SortableCard = memo(function SortableCard({
  task,
  assignee,
  isSelected,
  canDrag,
  onOpen,
}: {
  task: TaskRow;
  assignee: Member | undefined;
  isSelected: boolean;
  canDrag: boolean;
  onOpen: (id: string) => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: task.id,
    data: { columnId: task.columnId },
    disabled: !canDrag,
  });
  return (
    <TaskCard
      ref={setNodeRef}
      task={task}
      assignee={assignee}
      isSelected={isSelected}
      isDragging={isDragging}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...attributes}
      {...listeners}
      aria-roledescription="Draggable task"
      aria-label={`${task.key} ${task.title}`}
      onClick={() => onOpen(task.id)}
      onKeyDown={(event) => {
        // Enter opens; space (dnd-kit's keyboard sensor) picks the card up.
        if (event.key === "Enter") onOpen(task.id);
        else listeners?.onKeyDown?.(event);
      }}
      className={canDrag ? "cursor-grab active:cursor-grabbing" : "cursor-pointer"}
    />
  );
});

interface BoardColumnProps {
  column: ProjectColumn;
  /** The column's loaded cards and counts; undefined until the board has loaded. */
  page: BoardColumnData | undefined;
  /** Its next page on its way, or failed. */
  more: MoreState | undefined;
  onLoadMore: (columnId: string) => void;
  members: Map<string, Member>;
  selectedId: string | null;
  canDrag: boolean;
  onOpen: (id: string) => void;
  onAdd?: () => void;
}

/**
 * One column: a header with its WIP count, and its cards virtualised, so a column of
 * thousands renders only the cards in view; scrolling near the last loaded card loads the next
 * page.
 */
export function BoardColumn(props: BoardColumnProps) {
  const { column, page, more, onLoadMore, members, selectedId, canDrag, onOpen, onAdd } = props;
  const tasks = page?.tasks ?? NO_TASKS;
  // Every task of the column, whatever is loaded or searched: what its WIP limit counts.
  const count = page?.count ?? 0;
  const hasMore = Boolean(page?.nextCursor);
  const { setNodeRef, isOver } = useDroppable({
    id: columnDropId(column.id),
    data: { columnId: column.id },
  });
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_ESTIMATE,
    gap: GAP,
    overscan: 6,
    getItemKey: (index) => tasks[index]!.id,
  });
  const selectedIndex = selectedId ? tasks.findIndex((t) => t.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);
  const lastShown = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && more !== "failed" && lastShown >= tasks.length - LOAD_AHEAD)
      onLoadMore(column.id);
  }, [hasMore, more, lastShown, tasks.length, onLoadMore, column.id]);
  const isOverWip = column.wipLimit !== null && count > column.wipLimit;
  return (
    <section
      className={cn(
        "flex h-full w-72 shrink-0 flex-col rounded-xl bg-muted/50",
        isOver && "ring-2 ring-primary/40",
      )}
      aria-label={column.name}
      data-testid="board-column"
      data-column-name={column.name}
    >
      <header className="flex items-center gap-2 px-3 pt-3 pb-2">
        <h2 className="truncate text-sm font-semibold">{column.name}</h2>
        <span
          className={cn(
            "rounded-full px-1.5 text-xs tabular-nums",
            isOverWip
              ? "bg-destructive/15 font-semibold text-destructive"
              : "text-muted-foreground",
          )}
          title={
            column.wipLimit !== null
              ? `WIP limit ${column.wipLimit}${isOverWip ? ": over" : ""}`
              : "Tasks"
          }
          data-testid="wip-count"
          data-over={isOverWip ? "true" : "false"}
        >
          {count}
          {column.wipLimit !== null ? ` / ${column.wipLimit}` : ""}
        </span>
        {onAdd && (
          <Button
            variant="ghost"
            size="icon-sm"
            className="ml-auto size-7"
            onClick={onAdd}
            aria-label={`New task in ${column.name}`}
          >
            <Plus aria-hidden />
          </Button>
        )}
      </header>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
        <SortableContext
          id={column.id}
          items={tasks.map((t) => t.id)}
          strategy={verticalListSortingStrategy}
        >
          <div
            ref={setNodeRef}
            className="relative min-h-24"
            style={{ height: virtualizer.getTotalSize() || undefined }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const task = tasks[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="absolute inset-x-0 top-0"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <SortableCard
                    task={task}
                    assignee={task.assigneeId ? members.get(task.assigneeId) : undefined}
                    isSelected={task.id === selectedId}
                    canDrag={canDrag}
                    onOpen={onOpen}
                  />
                </div>
              );
            })}
            {tasks.length === 0 && (
              <p className="px-2 pt-6 text-center text-xs text-muted-foreground">No tasks</p>
            )}
          </div>
        </SortableContext>
      </div>
      {hasMore && page && (
        <p
          className="px-3 pb-2 text-center text-xs text-muted-foreground"
          data-testid="column-more"
          aria-live="polite"
        >
          {more === "loading" && "Loading more…"}
          {more === "failed" && (
            <>
              More cards did not load.{" "}
              <button type="button" className="underline" onClick={() => onLoadMore(column.id)}>
                Try again
              </button>
            </>
          )}
          {more === undefined &&
            `${tasks.length.toLocaleString()} of ${page.total.toLocaleString()} shown; scroll for more`}
        </p>
      )}
    </section>
  );
}

import type { ComponentProps } from "react";
import { Badge } from "../../components/ui/badge.tsx";
import { useSession, useToday } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { Avatar, PriorityIcon } from "./board/task-card.tsx";
import { isOverdue, type Member, type TaskRow } from "./task-format.ts";

interface TaskLineProps extends ComponentProps<"div"> {
  task: TaskRow;
  columnName: string | undefined;
  assignee: Member | undefined;
  isSelected?: boolean;
}

/** A task on one line, for the backlog and the list view. */
export function TaskLine({
  task,
  columnName,
  assignee,
  isSelected,
  className,
  ...props
}: TaskLineProps) {
  const { format } = useSession();
  const today = useToday();
  return (
    <div
      className={cn(
        "flex h-11 items-center gap-3 border-b px-3 text-sm hover:bg-accent/60",
        isSelected && "bg-accent ring-2 ring-ring ring-inset",
        className,
      )}
      data-testid="task-line"
      {...props}
    >
      <PriorityIcon priority={task.priority} />
      <span className="w-16 shrink-0 font-mono text-xs text-muted-foreground">{task.key}</span>
      <span
        className={cn(
          "min-w-0 flex-1 truncate",
          task.completedAt && "text-muted-foreground line-through",
        )}
      >
        {task.title}
      </span>
      {task.blockedBy > 0 && <Badge variant="destructive">Blocked</Badge>}
      <span className="hidden gap-1 md:flex">
        {task.labels.slice(0, 2).map((l) => (
          <Badge key={l} variant="outline">
            {l}
          </Badge>
        ))}
      </span>
      {columnName && (
        <Badge variant="secondary" className="hidden sm:inline-flex">
          {columnName}
        </Badge>
      )}
      <span
        className={cn(
          "hidden w-24 text-right text-xs sm:block",
          isOverdue(task, today) ? "text-destructive" : "text-muted-foreground",
        )}
      >
        {task.dueDate ? format.day(task.dueDate) : ""}
      </span>
      <span className="w-8 text-right text-xs tabular-nums text-muted-foreground">
        {task.estimate ?? ""}
      </span>
      <span className="flex w-6 justify-end">
        <Avatar member={assignee} />
      </span>
    </div>
  );
}

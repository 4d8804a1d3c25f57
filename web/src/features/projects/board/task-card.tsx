import {
  Ban,
  CalendarClock,
  ChevronsUp,
  Equal,
  ListTree,
  Minus,
  SignalHigh,
  SignalLow,
} from "lucide-react";
import type { ComponentProps } from "react";
import { useSession, useToday } from "../../../lib/session.tsx";
import { cn } from "../../../lib/utils.ts";
import {
  initialsOf,
  isOverdue,
  type Member,
  PRIORITY_CLASSES,
  PRIORITY_LABELS,
  type Priority,
  type TaskRow,
} from "../task-format.ts";

const PRIORITY_ICONS: Record<Priority, typeof Minus> = {
  urgent: ChevronsUp,
  high: SignalHigh,
  medium: Equal,
  low: SignalLow,
  none: Minus,
};

export function PriorityIcon({ priority, className }: { priority: Priority; className?: string }) {
  const Icon = PRIORITY_ICONS[priority];
  return (
    <Icon
      className={cn("size-4 shrink-0", PRIORITY_CLASSES[priority], className)}
      aria-label={PRIORITY_LABELS[priority]}
    />
  );
}

export function Avatar({ member, className }: { member: Member | undefined; className?: string }) {
  if (!member) return null;
  return (
    <span
      className={cn(
        "inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-primary/15 text-[0.65rem] font-semibold text-primary",
        className,
      )}
      title={member.name}
      role="img"
      aria-label={`Assigned to ${member.name}`}
    >
      {initialsOf(member.name)}
    </span>
  );
}

interface TaskCardProps extends ComponentProps<"div"> {
  task: TaskRow;
  assignee: Member | undefined;
  isSelected?: boolean;
  isDragging?: boolean;
}

/** A card on the board: key, title, priority, assignee, estimate, due date, labels, blocked. */
export function TaskCard({
  task,
  assignee,
  isSelected,
  isDragging,
  className,
  ...props
}: TaskCardProps) {
  const { format } = useSession();
  const overdue = isOverdue(task, useToday());
  return (
    <div
      className={cn(
        "grid gap-2 rounded-lg border bg-card p-3 text-sm shadow-xs transition-shadow hover:border-foreground/25",
        isSelected && "ring-2 ring-ring",
        isDragging && "opacity-40",
        task.completedAt && "opacity-75",
        className,
      )}
      data-testid="task-card"
      data-task-key={task.key}
      {...props}
    >
      <div className="flex items-center gap-2">
        <PriorityIcon priority={task.priority} />
        <span className="font-mono text-xs text-muted-foreground">{task.key}</span>
        {task.blockedBy > 0 && (
          <span
            className="inline-flex items-center gap-0.5 rounded bg-destructive/10 px-1 text-[0.7rem] font-medium text-destructive"
            title={`Blocked by ${task.blockedBy} open task${task.blockedBy > 1 ? "s" : ""}`}
            data-testid="blocked-marker"
          >
            <Ban className="size-3" aria-hidden /> Blocked
          </span>
        )}
        <Avatar member={assignee} className="ml-auto" />
      </div>
      <p
        className={cn(
          "line-clamp-3 leading-snug",
          task.completedAt && "line-through decoration-muted-foreground/50",
        )}
      >
        {task.title}
      </p>
      {(task.labels.length > 0 || task.estimate || task.dueDate || task.subtasks.total > 0) && (
        <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
          {task.labels.slice(0, 3).map((l) => (
            <span key={l} className="rounded border px-1.5 py-px">
              {l}
            </span>
          ))}
          {task.subtasks.total > 0 && (
            <span className="inline-flex items-center gap-0.5" title="Subtasks done">
              <ListTree className="size-3" aria-hidden />
              {task.subtasks.done}/{task.subtasks.total}
            </span>
          )}
          {task.dueDate && (
            <span
              className={cn(
                "inline-flex items-center gap-0.5",
                overdue && "font-medium text-destructive",
              )}
              title={overdue ? "Overdue" : "Due"}
            >
              <CalendarClock className="size-3" aria-hidden />
              {format.day(task.dueDate)}
            </span>
          )}
          {task.estimate && (
            <span
              className="ml-auto rounded-full bg-muted px-1.5 font-medium tabular-nums"
              title="Estimate"
            >
              {task.estimate}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

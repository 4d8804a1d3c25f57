import type { OperationInput, OperationOutput } from "../../lib/api.ts";

export type TaskRow = OperationOutput<"tasks.list">["tasks"][number];
export type TaskListInput = OperationInput<"tasks.list">;
export type TaskDetail = OperationOutput<"tasks.get">;
export type Priority = TaskRow["priority"];
export type Member = OperationOutput<"members.list">[number];

export const PRIORITIES: Priority[] = ["urgent", "high", "medium", "low", "none"];

export const PRIORITY_LABELS: Record<Priority, string> = {
  urgent: "Urgent",
  high: "High",
  medium: "Medium",
  low: "Low",
  none: "No priority",
};

/** Text colour of a priority's marker; "none" stays quiet. */
export const PRIORITY_CLASSES: Record<Priority, string> = {
  urgent: "text-destructive",
  high: "text-warning",
  medium: "text-primary",
  low: "text-muted-foreground",
  none: "text-muted-foreground/60",
};

/** "Maya Okafor" → "MO"; an e-mail-like name falls back to its first two letters. */
export function initialsOf(name: string | null | undefined): string {
  if (!name) return "?";
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return `${words[0]![0]}${words.at(-1)![0]}`.toUpperCase();
  return name.slice(0, 2).toUpperCase();
}

/** Compares ranks as the server's ORDER BY rank COLLATE "C" does (byte order). */
export function byRank(a: TaskRow, b: TaskRow): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.number - b.number;
}

/** Open and due before `today` (the workspace's today, from useToday()). */
export function isOverdue(task: Pick<TaskRow, "dueDate" | "completedAt">, today: string): boolean {
  return !task.completedAt && task.dueDate !== null && task.dueDate < today;
}

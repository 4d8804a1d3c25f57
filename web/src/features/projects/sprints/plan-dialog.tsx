import { useState } from "react";
import { Alert } from "../../../components/ui/alert.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Checkbox } from "../../../components/ui/checkbox.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { SkeletonRows } from "../../../components/ui/skeleton.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import type { Sprint } from "./sprint-dialog.tsx";

type Task = OperationOutput<"tasks.list">["tasks"][number];

const sumOf = (tasks: Task[]) =>
  tasks.reduce((sum, t) => sum + (t.estimate === null ? 0 : Number(t.estimate)), 0);

function TaskChecklist({
  label,
  tasks,
  checked,
  onToggle,
  unit,
  testId,
}: {
  label: string;
  tasks: Task[] | undefined;
  checked: Set<string>;
  onToggle: (id: string) => void;
  unit: string;
  testId: string;
}) {
  return (
    <fieldset className="grid gap-1">
      <legend className="mb-1 text-sm font-medium">{label}</legend>
      {!tasks ? (
        <SkeletonRows rows={3} label={`Loading ${label.toLowerCase()}`} />
      ) : tasks.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing here.</p>
      ) : (
        <ul className="max-h-60 divide-y overflow-y-auto rounded-md border" data-testid={testId}>
          {tasks.map((t) => (
            <li key={t.id}>
              <label
                htmlFor={`${testId}-${t.id}`}
                className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-muted/50"
              >
                <Checkbox
                  id={`${testId}-${t.id}`}
                  checked={checked.has(t.id)}
                  onCheckedChange={() => onToggle(t.id)}
                />
                <span className="w-16 shrink-0 text-xs text-muted-foreground">{t.key}</span>
                <span className="min-w-0 flex-1 truncate">{t.title}</span>
                <Badge variant="outline">
                  {t.estimate === null ? "–" : `${t.estimate} ${unit}`}
                </Badge>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

interface PlanDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  projectId: string;
  sprint: Sprint;
  unit: "points" | "hours";
}

/** Picks backlog tasks for a sprint and takes tasks out of it (they go back to the backlog). */
export function PlanDialog({ open, onOpenChange, projectId, sprint, unit }: PlanDialogProps) {
  const backlog = useOperation(
    "tasks.list",
    { projectId, backlog: true, limit: 500 },
    { enabled: open },
  );
  const inSprint = useOperation(
    "tasks.list",
    { projectId, sprintId: sprint.id, includeDone: true, limit: 500 },
    { enabled: open },
  );
  const [add, setAdd] = useState(new Set<string>());
  const [remove, setRemove] = useState(new Set<string>());
  const plan = useOperationMutation("sprints.plan");
  const toggle = (set: Set<string>, update: (s: Set<string>) => void) => (id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    update(next);
  };
  const close = () => {
    setAdd(new Set());
    setRemove(new Set());
    plan.reset();
    onOpenChange(false);
  };
  const current = inSprint.data?.tasks ?? [];
  const adding = (backlog.data?.tasks ?? []).filter((t) => add.has(t.id));
  const kept = current.filter((t) => !remove.has(t.id));
  const after = sumOf(kept) + sumOf(adding);
  const unitLabel = unit === "points" ? "pt" : "h";
  return (
    <Dialog open={open} onOpenChange={(o) => (o ? onOpenChange(true) : close())}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Plan {sprint.name}</DialogTitle>
          <DialogDescription>
            Tick backlog tasks to add them, and tasks in the sprint to take them out.{" "}
            {sprint.state === "active" &&
              "The sprint is running: changes show in its burndown as scope."}
          </DialogDescription>
        </DialogHeader>
        {plan.error && <Alert variant="destructive">{errorMessage(plan.error)}</Alert>}
        <TaskChecklist
          label="Take out of the sprint"
          tasks={inSprint.data?.tasks}
          checked={remove}
          onToggle={toggle(remove, setRemove)}
          unit={unitLabel}
          testId="plan-in-sprint"
        />
        <TaskChecklist
          label="Add from the backlog"
          tasks={backlog.data?.tasks}
          checked={add}
          onToggle={toggle(add, setAdd)}
          unit={unitLabel}
          testId="plan-backlog"
        />
        <p className="text-sm text-muted-foreground" data-testid="plan-summary">
          After saving: {kept.length + adding.length} tasks, {after} {unit}.
        </p>
        <DialogFooter>
          <Button variant="outline" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={plan.isPending || (add.size === 0 && remove.size === 0)}
            onClick={() =>
              plan.mutate(
                { id: sprint.id, add: [...add], remove: [...remove] },
                { onSuccess: close },
              )
            }
            data-testid="plan-save"
          >
            Save plan
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

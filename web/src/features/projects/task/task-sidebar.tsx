import { Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { type call, errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import type { ProjectDetail } from "../project-layout.tsx";
import { PRIORITIES, PRIORITY_LABELS, type Priority, type TaskDetail } from "../task-format.ts";
import { useMembers } from "../use-project-data.ts";
import { FieldSelect } from "./field-select.tsx";
import { parseLabels } from "./new-task-dialog.tsx";

type Patch = Omit<Parameters<typeof call<"tasks.update">>[1] & object, "id">;

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      {children}
    </div>
  );
}

/** The task's properties: each change is saved at once; errors come back as a toast. */
export function TaskSidebar({
  project,
  task,
  canWrite,
  onDeleted,
}: {
  project: ProjectDetail;
  task: TaskDetail;
  canWrite: boolean;
  onDeleted: () => void;
}) {
  const toast = useToast();
  const { members } = useMembers();
  const update = useOperationMutation("tasks.update");
  const move = useOperationMutation("tasks.move");
  const remove = useOperationMutation("tasks.delete");
  const [estimate, setEstimate] = useState(task.estimate ?? "");
  const [labels, setLabels] = useState(task.labels.join(", "));
  const [isDeleting, setIsDeleting] = useState(false);
  const failed = (what: string) => (e: unknown) =>
    toast({ title: `${what} not saved`, description: errorMessage(e), variant: "error" });
  const save = (patch: Patch, what: string) =>
    update.mutate({ id: task.id, ...patch }, { onError: failed(what) });
  const unit = project.estimateUnit === "hours" ? "hours" : "points";
  const sprints = useOperation("sprints.list", { projectId: project.id });
  // Planned and active sprints take tasks; a completed one is listed only when it holds this task.
  const sprintChoices = (sprints.data ?? [])
    .filter((s) => s.state !== "completed" || s.id === task.sprintId)
    .map((s) => ({ value: s.id, label: s.state === "active" ? `${s.name} (active)` : s.name }));
  return (
    <aside
      className="grid content-start gap-4 border-t pt-4 md:border-t-0 md:border-l md:pt-0 md:pl-6"
      aria-label="Properties"
    >
      <Field id="task-status" label="Status">
        <FieldSelect
          id="task-status"
          label="Status"
          value={task.columnId}
          disabled={!canWrite}
          choices={project.columns.map((c) => ({ value: c.id, label: c.name }))}
          onChange={(columnId) =>
            columnId &&
            move.mutate(
              { id: task.id, columnId },
              {
                onSuccess: ({ wip }) => {
                  if (wip.isOver)
                    toast({
                      title: "Over the WIP limit",
                      description: `${wip.count} of ${wip.limit} in that column`,
                      variant: "info",
                    });
                },
                onError: failed("Status"),
              },
            )
          }
          testId="task-status"
        />
      </Field>
      <Field id="task-priority-edit" label="Priority">
        <FieldSelect
          id="task-priority-edit"
          label="Priority"
          value={task.priority}
          disabled={!canWrite}
          choices={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
          onChange={(p) => save({ priority: (p ?? "none") as Priority }, "Priority")}
        />
      </Field>
      <Field id="task-assignee-edit" label="Assignee">
        <FieldSelect
          id="task-assignee-edit"
          label="Assignee"
          value={task.assigneeId}
          disabled={!canWrite}
          choices={[
            { value: null, label: "Nobody" },
            ...members.map((m) => ({ value: m.userId, label: m.name })),
          ]}
          onChange={(assigneeId) => save({ assigneeId }, "Assignee")}
        />
      </Field>
      <Field id="task-sprint-edit" label="Sprint">
        <FieldSelect
          id="task-sprint-edit"
          label="Sprint"
          value={sprints.data ? task.sprintId : null}
          disabled={!canWrite || !sprints.data}
          choices={[{ value: null, label: "Backlog (no sprint)" }, ...sprintChoices]}
          onChange={(sprintId) => save({ sprintId }, "Sprint")}
          testId="task-sprint"
        />
      </Field>
      <Field id="task-estimate-edit" label={`Estimate (${unit})`}>
        <Input
          id="task-estimate-edit"
          inputMode="decimal"
          value={estimate}
          disabled={!canWrite}
          onChange={(e) => setEstimate(e.target.value)}
          onBlur={() => {
            const next = estimate.trim() || null;
            if (next !== task.estimate) save({ estimate: next }, "Estimate");
          }}
        />
      </Field>
      <Field id="task-due-edit" label="Due date">
        <Input
          id="task-due-edit"
          type="date"
          value={task.dueDate ?? ""}
          disabled={!canWrite}
          onChange={(e) => save({ dueDate: e.target.value || null }, "Due date")}
        />
      </Field>
      <Field id="task-labels-edit" label="Labels (comma-separated)">
        <Input
          id="task-labels-edit"
          value={labels}
          disabled={!canWrite}
          list="project-labels-edit"
          onChange={(e) => setLabels(e.target.value)}
          onBlur={() => {
            const next = parseLabels(labels);
            if (next.join(",") !== task.labels.join(",")) save({ labels: next }, "Labels");
          }}
        />
        <datalist id="project-labels-edit">
          {project.labels.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </Field>
      {task.completedAt && (
        <p className="text-xs text-muted-foreground">
          Completed {new Date(task.completedAt).toLocaleString()}
        </p>
      )}
      {canWrite && (
        <Button
          variant="danger"
          size="sm"
          className="justify-start"
          onClick={() => setIsDeleting(true)}
        >
          <Trash2 aria-hidden /> Delete task
        </Button>
      )}
      <ConfirmDialog
        open={isDeleting}
        onOpenChange={setIsDeleting}
        title={`Delete ${task.key}?`}
        description={
          task.subtasks.total > 0
            ? `Its ${task.subtasks.total} subtasks go with it. Burndowns keep the history.`
            : "Burndowns keep its history."
        }
        confirmLabel="Delete task"
        onConfirm={async () => {
          await remove.mutateAsync({ id: task.id });
          onDeleted();
        }}
      />
    </aside>
  );
}

import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Input, Textarea } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { useLatestSearchParams } from "../../../lib/use-latest-search-params.ts";
import type { ProjectDetail } from "../project-layout.tsx";
import { PRIORITIES, PRIORITY_LABELS, type Priority } from "../task-format.ts";
import { useMembers } from "../use-project-data.ts";
import { FieldSelect } from "./field-select.tsx";

const FIELDS = [
  "title",
  "description",
  "columnId",
  "priority",
  "assigneeId",
  "estimate",
  "dueDate",
  "labels",
];

/** Splits "bug, frontend" into labels. */
export const parseLabels = (text: string) =>
  text
    .split(",")
    .map((l) => l.trim())
    .filter(Boolean);

interface NewTaskProps {
  project: ProjectDetail;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  columnId?: string;
  parentId?: string;
}

/** Creates a task in the project (in a given column, or as a subtask). */
export function NewTaskDialog(props: NewTaskProps) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent className="max-w-xl">
        {props.open && <NewTaskForm {...props} onClose={() => props.onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function NewTaskForm({
  project,
  columnId,
  parentId,
  onClose,
}: NewTaskProps & { onClose: () => void }) {
  const toast = useToast();
  const [, setParams] = useLatestSearchParams();
  const { members } = useMembers();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [column, setColumn] = useState<string | null>(
    columnId ?? project.columns.find((c) => c.category !== "done")?.id ?? null,
  );
  const [priority, setPriority] = useState<Priority>("none");
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [estimate, setEstimate] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [labels, setLabels] = useState("");
  const create = useOperationMutation("tasks.create");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        projectId: project.id,
        title,
        description,
        ...(column ? { columnId: column } : {}),
        priority,
        assigneeId,
        labels: parseLabels(labels),
        estimate: estimate.trim() || null,
        dueDate: dueDate || null,
        ...(parentId ? { parentId } : {}),
      },
      {
        onSuccess: (task) => {
          onClose();
          toast({ title: `${task.key} created`, description: task.title });
          if (parentId) return;
          setParams((p) => {
            p.set("task", task.id);
            return p;
          });
        },
      },
    );
  };
  const error = (field: string) => fieldError(create.error, field);
  const top = formError(create.error, FIELDS);
  const unit = project.estimateUnit === "hours" ? "hours" : "points";
  return (
    <>
      <DialogHeader>
        <DialogTitle>{parentId ? "New subtask" : "New task"}</DialogTitle>
        <DialogDescription>
          In {project.name}; it takes the next number, {project.key}-…
        </DialogDescription>
      </DialogHeader>
      <form id="new-task-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
        {top && <Alert variant="destructive">{top}</Alert>}
        <FormField id="task-title" label="Title" error={error("title")}>
          <Input
            id="task-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            autoComplete="off"
            aria-invalid={!!error("title")}
            aria-describedby={describedBy("task-title", error("title"))}
            data-testid="task-title"
          />
        </FormField>
        <FormField
          id="task-description"
          label="Description (Markdown)"
          error={error("description")}
        >
          <Textarea
            id="task-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={4}
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField id="task-column" label="Status" error={error("columnId")}>
            <FieldSelect
              id="task-column"
              label="Status"
              value={column}
              onChange={setColumn}
              choices={project.columns.map((c) => ({ value: c.id, label: c.name }))}
              testId="task-column"
            />
          </FormField>
          <FormField id="task-priority" label="Priority" error={error("priority")}>
            <FieldSelect
              id="task-priority"
              label="Priority"
              value={priority}
              onChange={(v) => setPriority((v ?? "none") as Priority)}
              choices={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            />
          </FormField>
          <FormField id="task-assignee" label="Assignee" error={error("assigneeId")}>
            <FieldSelect
              id="task-assignee"
              label="Assignee"
              value={assigneeId}
              onChange={setAssigneeId}
              choices={[
                { value: null, label: "Nobody" },
                ...members.map((m) => ({ value: m.userId, label: m.name })),
              ]}
            />
          </FormField>
          <FormField id="task-estimate" label={`Estimate (${unit})`} error={error("estimate")}>
            <Input
              id="task-estimate"
              inputMode="decimal"
              value={estimate}
              onChange={(e) => setEstimate(e.target.value)}
              aria-invalid={!!error("estimate")}
              aria-describedby={describedBy("task-estimate", error("estimate"))}
            />
          </FormField>
          <FormField id="task-due" label="Due date" error={error("dueDate")}>
            <Input
              id="task-due"
              type="date"
              value={dueDate}
              onChange={(e) => setDueDate(e.target.value)}
            />
          </FormField>
          <FormField id="task-labels" label="Labels" error={error("labels")} hint="Comma-separated">
            <Input
              id="task-labels"
              value={labels}
              onChange={(e) => setLabels(e.target.value)}
              list="project-labels"
              aria-describedby={describedBy("task-labels", error("labels"), true)}
            />
          </FormField>
        </div>
        <datalist id="project-labels">
          {project.labels.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </form>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          form="new-task-form"
          loading={create.isPending}
          data-testid="task-submit"
        >
          Create task
        </Button>
      </DialogFooter>
    </>
  );
}

import { Pencil } from "lucide-react";
import { useState } from "react";
import { Markdown } from "../../../components/markdown.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Input, Textarea } from "../../../components/ui/input.tsx";
import { SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { LinkedPages } from "../../docs/linked-pages.tsx";
import type { ProjectDetail } from "../project-layout.tsx";
import type { TaskDetail } from "../task-format.ts";
import { TaskHistory } from "./task-history.tsx";
import { TaskLinks } from "./task-links.tsx";
import { Section, TaskBlockers, TaskSubtasks } from "./task-relations.tsx";
import { TaskSidebar } from "./task-sidebar.tsx";

/** A task opened over the board or list: every field editable, with its relations and history. */
export function TaskDialog({
  project,
  taskId,
  onClose,
}: {
  project: ProjectDetail;
  taskId: string;
  onClose: () => void;
}) {
  const task = useOperation("tasks.get", { id: taskId });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-5xl" data-testid="task-dialog" aria-describedby={undefined}>
        <QueryState
          query={task}
          loading={
            <>
              <DialogTitle className="sr-only">Loading the task</DialogTitle>
              <SkeletonRows rows={6} label="Loading the task" />
            </>
          }
        >
          {(detail) => <TaskBody project={project} task={detail} onDeleted={onClose} />}
        </QueryState>
      </DialogContent>
    </Dialog>
  );
}

function TaskBody({
  project,
  task,
  onDeleted,
}: {
  project: ProjectDetail;
  task: TaskDetail;
  onDeleted: () => void;
}) {
  const { role } = useSession();
  const canWrite = can(role, "projects:write");
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_16rem]">
      <div className="grid min-w-0 content-start gap-6">
        <div>
          <p className="font-mono text-xs text-muted-foreground">
            {task.parent ? `${task.parent.key} › ` : ""}
            {task.key}
          </p>
          <TitleEditor task={task} canWrite={canWrite} />
          <DialogDescription className="sr-only">
            Task {task.key} of {project.name}
          </DialogDescription>
        </div>
        <DescriptionEditor task={task} canWrite={canWrite} />
        <TaskSubtasks project={project} task={task} canWrite={canWrite} />
        <TaskBlockers task={task} canWrite={canWrite} />
        <TaskLinks task={task} canWrite={canWrite} />
        {can(role, "docs:read") && (
          <Section title="Wiki pages">
            <LinkedPages
              kind="task"
              target={task.id}
              title={`${task.key} ${task.title}`}
              noun="this task"
            />
          </Section>
        )}
        <TaskHistory task={task} project={project} />
      </div>
      <TaskSidebar project={project} task={task} canWrite={canWrite} onDeleted={onDeleted} />
    </div>
  );
}

function TitleEditor({ task, canWrite }: { task: TaskDetail; canWrite: boolean }) {
  const toast = useToast();
  const update = useOperationMutation("tasks.update");
  const [title, setTitle] = useState(task.title);
  const save = () => {
    const next = title.trim();
    if (!next || next === task.title) return setTitle(task.title);
    update.mutate(
      { id: task.id, title: next },
      {
        onError: (e) =>
          toast({ title: "Title not saved", description: errorMessage(e), variant: "error" }),
      },
    );
  };
  if (!canWrite) return <DialogTitle className="mt-1 text-xl">{task.title}</DialogTitle>;
  return (
    <>
      <DialogTitle className="sr-only">{task.title}</DialogTitle>
      <Input
        aria-label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
        className="mt-1 h-auto border-transparent px-1 text-xl font-semibold shadow-none hover:border-input"
        data-testid="task-dialog-title"
      />
    </>
  );
}

function DescriptionEditor({ task, canWrite }: { task: TaskDetail; canWrite: boolean }) {
  const toast = useToast();
  const update = useOperationMutation("tasks.update");
  const [isEditing, setIsEditing] = useState(false);
  const [text, setText] = useState(task.description);
  if (isEditing)
    return (
      <section className="grid gap-2" aria-label="Description">
        <Textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={10}
          autoFocus
          aria-label="Description (Markdown)"
        />
        <div className="flex justify-end gap-2">
          <Button
            variant="outline"
            size="sm"
            onClick={() => {
              setText(task.description);
              setIsEditing(false);
            }}
          >
            Cancel
          </Button>
          <Button
            size="sm"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { id: task.id, description: text },
                {
                  onSuccess: () => setIsEditing(false),
                  onError: (e) =>
                    toast({
                      title: "Description not saved",
                      description: errorMessage(e),
                      variant: "error",
                    }),
                },
              )
            }
          >
            Save
          </Button>
        </div>
      </section>
    );
  return (
    <section className="group relative" aria-label="Description">
      {task.description ? (
        <Markdown source={task.description} className="text-sm" />
      ) : (
        <p className="text-sm text-muted-foreground">No description.</p>
      )}
      {canWrite && (
        <Button variant="ghost" size="sm" className="mt-2" onClick={() => setIsEditing(true)}>
          <Pencil aria-hidden /> Edit description
        </Button>
      )}
    </section>
  );
}

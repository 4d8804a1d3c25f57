import { CheckCircle2, Circle, Plus, X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Alert } from "../../../components/ui/alert.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { call, errorMessage } from "../../../lib/api.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import type { ProjectDetail } from "../project-layout.tsx";
import type { TaskDetail } from "../task-format.ts";
import { useOpenTask } from "../use-project.ts";

type Ref = TaskDetail["blockers"][number];

export function Section({
  title,
  children,
  action,
}: {
  title: string;
  children: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <section className="grid gap-2" aria-label={title}>
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-medium">{title}</h3>
        {action}
      </div>
      {children}
    </section>
  );
}

function RefRow({
  item,
  onRemove,
  flagOpen,
}: {
  item: Ref;
  onRemove?: () => void;
  flagOpen?: boolean;
}) {
  const openTask = useOpenTask();
  return (
    <li className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent">
      {item.isDone ? (
        <CheckCircle2 className="size-4 shrink-0 text-success" aria-label="Done" />
      ) : (
        <Circle className="size-4 shrink-0 text-muted-foreground" aria-label="Open" />
      )}
      <button
        type="button"
        className="min-w-0 flex-1 truncate text-left"
        onClick={() => openTask(item.id)}
      >
        <span className="font-mono text-xs text-muted-foreground">{item.key}</span> {item.title}
      </button>
      {flagOpen && !item.isDone && <Badge variant="warning">Open</Badge>}
      {onRemove && (
        <Button variant="ghost" size="icon-sm" onClick={onRemove} aria-label={`Remove ${item.key}`}>
          <X aria-hidden />
        </Button>
      )}
    </li>
  );
}

/** Subtasks with a one-line form to add another. */
export function TaskSubtasks({
  project,
  task,
  canWrite,
}: {
  project: ProjectDetail;
  task: TaskDetail;
  canWrite: boolean;
}) {
  const toast = useToast();
  const create = useOperationMutation("tasks.create");
  const [title, setTitle] = useState("");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    create.mutate(
      { projectId: project.id, title, parentId: task.id },
      {
        onSuccess: () => setTitle(""),
        onError: (e) =>
          toast({ title: "Subtask not created", description: errorMessage(e), variant: "error" }),
      },
    );
  };
  return (
    <Section
      title={`Subtasks ${task.subtasks.total ? `(${task.subtasks.done}/${task.subtasks.total})` : ""}`}
    >
      {task.subtaskList.length > 0 && (
        <ul className="grid">
          {task.subtaskList.map((s) => (
            <RefRow key={s.id} item={s} />
          ))}
        </ul>
      )}
      {canWrite && (
        <form onSubmit={onSubmit} className="flex gap-2">
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Add a subtask"
            aria-label="New subtask title"
            className="h-8"
          />
          <Button type="submit" size="sm" variant="outline" loading={create.isPending}>
            <Plus aria-hidden /> Add
          </Button>
        </form>
      )}
    </Section>
  );
}

/** "Blocked by" and "blocking", with a key box to add a blocker; a cycle's message is shown. */
export function TaskBlockers({ task, canWrite }: { task: TaskDetail; canWrite: boolean }) {
  const add = useOperationMutation("tasks.dependencies.add");
  const remove = useOperationMutation("tasks.dependencies.remove");
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const wanted = key.trim().toUpperCase();
    if (!wanted) return;
    try {
      const found = await call("tasks.list", { q: wanted, includeDone: true, limit: 20 });
      const blocker = found.tasks.find((t) => t.key === wanted);
      if (!blocker) return setError(`No task ${wanted} in this workspace`);
      await add.mutateAsync({ taskId: task.id, blockerId: blocker.id });
      setKey("");
    } catch (e) {
      setError(errorMessage(e).replace(/^blockerId: /, ""));
    }
  };
  const openBlockers = task.blockers.filter((b) => !b.isDone).length;
  return (
    <Section title={openBlockers ? `Blocked by (${openBlockers} open)` : "Blocked by"}>
      {task.blockers.length > 0 ? (
        <ul className="grid" data-testid="task-blockers">
          {task.blockers.map((b) => (
            <RefRow
              key={b.id}
              item={b}
              flagOpen
              onRemove={
                canWrite ? () => remove.mutate({ taskId: task.id, blockerId: b.id }) : undefined
              }
            />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">Nothing blocks this task.</p>
      )}
      {canWrite && (
        <form onSubmit={onSubmit} className="flex gap-2">
          <Input
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="Blocked by… e.g. WEB-3"
            aria-label="Key of the blocking task"
            className="h-8 font-mono"
            data-testid="blocker-key"
          />
          <Button
            type="submit"
            size="sm"
            variant="outline"
            loading={add.isPending}
            data-testid="blocker-add"
          >
            <Plus aria-hidden /> Add
          </Button>
        </form>
      )}
      {error && (
        <Alert variant="destructive" data-testid="blocker-error">
          {error}
        </Alert>
      )}
      {task.blocking.length > 0 && (
        <>
          <h4 className="mt-2 text-xs font-medium text-muted-foreground">Blocking</h4>
          <ul className="grid">
            {task.blocking.map((b) => (
              <RefRow
                key={b.id}
                item={b}
                onRemove={
                  canWrite ? () => remove.mutate({ taskId: b.id, blockerId: task.id }) : undefined
                }
              />
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import type { ProjectColumn } from "../project-context.ts";
import type { ProjectDetail } from "../project-layout.tsx";
import { FieldSelect } from "../task/field-select.tsx";

type Column = ProjectDetail["columns"][number];
const CATEGORIES: { value: ProjectColumn["category"]; label: string }[] = [
  { value: "backlog", label: "Backlog" },
  { value: "todo", label: "To do" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
];

function ColumnRow({
  column,
  index,
  project,
  canWrite,
  onDelete,
}: {
  column: Column;
  index: number;
  project: ProjectDetail;
  canWrite: boolean;
  onDelete: () => void;
}) {
  const toast = useToast();
  const update = useOperationMutation("projects.columns.update");
  const reorder = useOperationMutation("projects.columns.reorder");
  const [name, setName] = useState(column.name);
  const [wip, setWip] = useState(column.wipLimit === null ? "" : String(column.wipLimit));
  const failed = (e: unknown) =>
    toast({ title: "Column not saved", description: errorMessage(e), variant: "error" });
  const save = (patch: {
    name?: string;
    category?: Column["category"];
    wipLimit?: number | null;
  }) => update.mutate({ id: column.id, ...patch }, { onError: failed });
  const moveBy = (by: number) => {
    const ids = project.columns.map((c) => c.id);
    ids.splice(index, 1);
    ids.splice(index + by, 0, column.id);
    reorder.mutate({ projectId: project.id, columnIds: ids }, { onError: failed });
  };
  return (
    <li
      className="grid grid-cols-2 items-center gap-2 px-6 py-2 sm:grid-cols-[1fr_9rem_6rem_auto]"
      data-testid="column-row"
    >
      <Input
        aria-label={`Name of column ${column.name}`}
        value={name}
        disabled={!canWrite}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => name.trim() && name !== column.name && save({ name: name.trim() })}
      />
      <FieldSelect
        id={`category-${column.id}`}
        label={`Category of ${column.name}`}
        value={column.category}
        disabled={!canWrite}
        onChange={(v) => v && save({ category: v as Column["category"] })}
        choices={CATEGORIES}
      />
      <Input
        aria-label={`WIP limit of ${column.name}`}
        placeholder="No limit"
        inputMode="numeric"
        value={wip}
        disabled={!canWrite}
        onChange={(e) => setWip(e.target.value)}
        onBlur={() => {
          const next = wip.trim() === "" ? null : Number(wip);
          if (next !== column.wipLimit) save({ wipLimit: next });
        }}
        data-testid="wip-limit"
      />
      <div className="flex items-center gap-1">
        <span className="w-12 text-right text-xs tabular-nums text-muted-foreground">
          {column.taskCount} tasks
        </span>
        {canWrite && (
          <>
            <Button
              variant="ghost"
              size="icon-sm"
              disabled={index === 0}
              onClick={() => moveBy(-1)}
              aria-label={`Move ${column.name} left`}
            >
              <ArrowUp aria-hidden />
            </Button>
            <Button
              variant="ghost"
              size="icon-sm"
              disabled={index === project.columns.length - 1}
              onClick={() => moveBy(1)}
              aria-label={`Move ${column.name} right`}
            >
              <ArrowDown aria-hidden />
            </Button>
            <Button
              variant="danger"
              size="icon-sm"
              onClick={onDelete}
              aria-label={`Delete column ${column.name}`}
            >
              <Trash2 aria-hidden />
            </Button>
          </>
        )}
      </div>
    </li>
  );
}

function DeleteColumnDialog({
  project,
  column,
  onClose,
}: {
  project: ProjectDetail;
  column: Column;
  onClose: () => void;
}) {
  const remove = useOperationMutation("projects.columns.delete");
  const others = project.columns.filter((c) => c.id !== column.id);
  const [target, setTarget] = useState<string | null>(others[0]?.id ?? null);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete the column {column.name}?</DialogTitle>
          <DialogDescription>
            Its {column.taskCount} tasks move to the column you pick, at its end.
          </DialogDescription>
        </DialogHeader>
        {remove.error && <Alert variant="destructive">{errorMessage(remove.error)}</Alert>}
        <FieldSelect
          id="delete-target"
          label="Move its tasks to"
          value={target}
          onChange={setTarget}
          choices={others.map((c) => ({ value: c.id, label: c.name }))}
        />
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            loading={remove.isPending}
            disabled={!target}
            onClick={() =>
              target &&
              remove.mutate({ id: column.id, targetColumnId: target }, { onSuccess: onClose })
            }
          >
            Delete column
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** The board's columns: names, categories, WIP limits and order. */
export function ColumnsEditor({
  project,
  canWrite,
}: {
  project: ProjectDetail;
  canWrite: boolean;
}) {
  const create = useOperationMutation("projects.columns.create");
  const [name, setName] = useState("");
  const [deleting, setDeleting] = useState<Column | null>(null);
  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { projectId: project.id, name: name.trim(), category: "in_progress" },
      { onSuccess: () => setName("") },
    );
  };
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Columns</CardTitle>
          <CardDescription>
            Each column is a status. Done columns complete their tasks; a WIP limit turns the count
            red when exceeded.
          </CardDescription>
        </div>
      </CardHeader>
      <ul className="divide-y border-t">
        {project.columns.map((c, i) => (
          <ColumnRow
            key={`${c.id}-${c.position}-${c.wipLimit}`}
            column={c}
            index={i}
            project={project}
            canWrite={canWrite}
            onDelete={() => setDeleting(c)}
          />
        ))}
      </ul>
      {canWrite && (
        <form onSubmit={onAdd} className="flex gap-2 border-t px-6 py-3">
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="New column name"
            aria-label="New column name"
            className="max-w-xs"
          />
          <Button type="submit" variant="outline" loading={create.isPending}>
            <Plus aria-hidden /> Add column
          </Button>
          {create.error && (
            <p className="self-center text-sm text-destructive">{errorMessage(create.error)}</p>
          )}
        </form>
      )}
      {deleting && (
        <DeleteColumnDialog project={project} column={deleting} onClose={() => setDeleting(null)} />
      )}
    </Card>
  );
}
